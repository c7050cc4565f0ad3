import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function listFilesRecursive(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFilesRecursive(path) : [path];
    });
}

/**
 * A hash of every file's relative path and content, so a model is retrained exactly when intents/ changes; files for
 * which `skip` says so (by relative path) are left out.
 */
export function hashDirectory(dir: string, salt = '', skip: (path: string) => boolean = () => false): string {
  const hash = createHash('sha256').update(salt);
  for (const path of listFilesRecursive(dir)) {
    const name = relative(dir, path).split('\\').join('/');
    if (skip(name)) continue;
    hash.update(name).update('\0').update(readFileSync(path)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

import { readFileSync } from 'node:fs';

/** The file named by the first CLI argument, or null after a usage / read error on stderr. */
export function readFileArgument(usage: string): { file: string; source: string } | null {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write(`usage: ${usage}\n`);
    return null;
  }
  try {
    return { file, source: readFileSync(file, 'utf8') };
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return null;
  }
}

/**
 * npm run import -- FILE.csv
 * Imports bills or residents exported from the billing system (the kind is read from the header;
 * see src/domain/fees/import.ts for the columns). Every bad row is listed with its line number
 * and a file with any bad row imports nothing. Progress goes to stderr; exit 0 on success,
 * 1 when the file was refused, 2 on usage errors.
 */
import { configOrExit, openDatabase } from '../boot.js';
import { systemClock } from '../clock.js';
import { ImportError, parseImport, writeImport } from '../domain/fees/import.js';
import { createLogger } from '../log.js';
import { readFileArgument } from './input.js';

const BAR_WIDTH = 30;

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % 50 !== 0) return;
  const filled = total ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
  process.stderr.write(process.stderr.isTTY ? `\r${bar}${done === total ? '\n' : ''}` : `${bar}\n`);
}

async function main(): Promise<number> {
  const input = readFileArgument('npm run import -- FILE.csv   (bills: 小区,楼栋,房号,面积,账期,金额,到期日; residents: 小区,楼栋,房号,姓名,微信号)');
  if (!input) return 2;
  const { file, source } = input;
  let parsed;
  try {
    parsed = parseImport(source);
  } catch (e) {
    if (e instanceof ImportError) {
      process.stderr.write(`${file}: ${e.message}\nnothing was imported\n`);
      return 1;
    }
    throw e;
  }
  if (parsed.problems.length) {
    for (const p of parsed.problems) process.stderr.write(`${file}:${p.line}: ${p.reason}\n`);
    process.stderr.write(`${parsed.problems.length} bad row(s) in ${file}; nothing was imported (fix them and run again)\n`);
    return 1;
  }
  const config = configOrExit();
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const database = await openDatabase(config, log);
  try {
    process.stderr.write(`importing ${parsed.records.length} ${parsed.kind} row(s) from ${file}\n`);
    const result = await writeImport(database.db, parsed, config.timezone, systemClock.now(), progress);
    process.stderr.write(`imported ${result.rows} ${result.kind} row(s) for ${result.units} unit(s)\n`);
    return 0;
  } finally {
    await database.shutdown();
  }
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`import failed (nothing was imported): ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

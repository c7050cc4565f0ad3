import { CsvError as ParseError, parse } from 'csv-parse/sync';

/** One CSV record with the physical line it starts on (1 = the header). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

/**
 * RFC 4180 through csv-parse, strictly: a stray quote inside a field (`"abc"def`) is an error on
 * its line, not silently merged; blank lines are skipped; a UTF-8 BOM is accepted.
 */
export function parseCsv(source: string): CsvRecord[] {
  try {
    const rows = parse(source, {
      bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    const out: CsvRecord[] = [];
    for (const { record, info } of rows) {
      if (record.length === 1 && record[0]!.trim() === '') continue;
      out.push({ line: info.lines - lineBreaksIn(record), fields: record });
    }
    return out;
  } catch (e) {
    if (e instanceof ParseError) {
      const line = (e as ParseError & { lines?: number }).lines ?? 0;
      throw new CsvError(line, reasonFor(e.code, e.message));
    }
    throw e;
  }
}

/** csv-parse reports the line a record ends on; a quoted field may span lines. */
function lineBreaksIn(record: string[]): number {
  return record.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
}

function reasonFor(code: string, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED': return 'a quoted field is never closed (missing ")';
    case 'CSV_INVALID_CLOSING_QUOTE': return 'a quote is followed by more text in the same field (write "" for a quote inside a quoted field)';
    case 'INVALID_OPENING_QUOTE': return 'a quote appears inside an unquoted field (quote the whole field and write "" for the quote)';
    default: return message.replace(/^Invalid Record Length: |^Invalid /, '');
  }
}

/** Personal data is never echoed into a group or written to a log in clear. */

// Digits as residents type them: ASCII, full-width, and Chinese numerals read out one by one
// ("一三八一二三四五六七八"; 幺 is how 1 is read in phone numbers).
const DIGIT = '0-9０-９〇零一二三四五六七八九幺';
// One separator between two digit groups: spaces, dashes, dots, and the invisible characters
// keyboards and WeChat put in ("138 1234 5678", "138-1234-5678", "110101 19900307 1234").
const SEP = '[\\s\\-.·\\u00a0\\u2005\\u200b-\\u200d\\u2060\\ufeff]';
/** Digit groups joined by single separators; an ID number may end in X. */
const RUN = new RegExp(`[${DIGIT}]+(?:${SEP}[${DIGIT}]+)*(?:${SEP}?[XxＸｘ](?![A-Za-z]))?`, 'g');
// "(0755)12345678": the area code in brackets, then the number.
const BRACKETED_LANDLINE = new RegExp(`[(（]([0０〇零][${DIGIT}]{2,3})[)）]${SEP}?([${DIGIT}]{7,8})(?![${DIGIT}])`, 'g');

const CHINESE_DIGITS: Record<string, string> = {
  〇: '0', 零: '0', 一: '1', 幺: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};

function digitOf(c: string): string | null {
  if (c >= '0' && c <= '9') return c;
  if (c >= '０' && c <= '９') return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  if (c === 'X' || c === 'x' || c === 'Ｘ' || c === 'ｘ') return 'X';
  return CHINESE_DIGITS[c] ?? null;
}

function digitsOf(text: string): string {
  let out = '';
  for (const c of text) out += digitOf(c) ?? '';
  return out;
}

// How people group each kind of number (lengths of the digit groups, prefix excluded). Within a
// longer run of digits only these are read as a number, so "3栋1502 138 1234 5678" is a door
// number and a phone, not "1502 138 1234" and a stray "5678"; a run that is one number alone
// may be grouped any way ("1 3 8 1 2 3 4 5 6 7 8").
const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const MOBILE_GROUPS = [[11], [3, 4, 4], [3, 8], [7, 4]];
const ID_GROUPS = [[18], [6, 8, 4], [6, 4, 4, 4], [6, 12], [4, 4, 4, 4, 2]];

/** `prefix`: digits of a country code kept as written; `area`: digits of a landline's area code. */
interface Found { kind: 'mobile' | 'id' | 'card' | 'landline'; prefix: number; area?: number }

/** Bank card numbers carry a Luhn check digit; door numbers listed in a row ("1502 1503 1504 1505") do not, mostly. */
function luhn(d: string): boolean {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 === 0;
}

/** What the digit groups `lengths` (with their digits `d`) are, if they are personal data. */
function classify(d: string, lengths: number[], wholeRun: boolean): Found | null {
  const grouped = (allowed: number[][], l: number[]) => wholeRun || allowed.some((g) => same(g, l));
  for (const prefix of ['0086', '86']) {
    if (!d.startsWith(prefix)) continue;
    const rest = [lengths[0]! - prefix.length, ...lengths.slice(1)].filter((n) => n > 0);
    if (/^1[3-9]\d{9}$/.test(d.slice(prefix.length)) && grouped(MOBILE_GROUPS, rest)) return { kind: 'mobile', prefix: prefix.length };
  }
  if (/^1[3-9]\d{9}$/.test(d) && grouped(MOBILE_GROUPS, lengths)) return { kind: 'mobile', prefix: 0 };
  if (/^\d{17}[\dX]$/.test(d) && grouped(ID_GROUPS, lengths)) return { kind: 'id', prefix: 0 };
  if (/^\d{16,19}$/.test(d) && luhn(d) && (wholeRun || lengths.length === 1 || lengths.slice(0, -1).every((n) => n === 4))) {
    return { kind: 'card', prefix: 0 };
  }
  if (/^0\d{9,11}$/.test(d) && lengths.length >= 2 && (lengths[0] === 3 || lengths[0] === 4)
    && (same(lengths.slice(1), [d.length - lengths[0]]) || (lengths.length === 3 && lengths[2] === 4))) {
    return { kind: 'landline', prefix: 0, area: lengths[0] };
  }
  return null;
}

function masked(found: Found, d: string): string {
  const n = d.slice(found.prefix);
  switch (found.kind) {
    case 'mobile': return `${n.slice(0, 3)}****${n.slice(-4)}`;
    case 'id': return `${n.slice(0, 6)}${'*'.repeat(11)}${n.slice(-1)}`;
    case 'card': return `${n.slice(0, 4)}****${n.slice(-4)}`;
    case 'landline': return `${n.slice(0, found.area)}-****${n.slice(-2)}`;
  }
}

/** Masks the numbers in one run of digit groups, trying each group as a start, longest reading first. */
function maskRun(run: string): string {
  const groups: { start: number; end: number }[] = [];
  for (const m of run.matchAll(new RegExp(`[${DIGIT}XxＸｘ]+`, 'g'))) groups.push({ start: m.index, end: m.index + m[0].length });
  let out = '';
  let copied = 0;
  for (let i = 0; i < groups.length; i++) {
    for (let j = i === 0 ? groups.length - 1 : Math.min(groups.length - 1, i + 4); j >= i; j--) {
      const span = run.slice(groups[i]!.start, groups[j]!.end);
      const d = digitsOf(span);
      const lengths = groups.slice(i, j + 1).map((g) => digitsOf(run.slice(g.start, g.end)).length);
      const found = classify(d, lengths, i === 0 && j === groups.length - 1);
      if (!found) continue;
      // keep a country prefix as written ("+86 "), mask the number itself
      let keep = 0;
      for (let seen = 0; seen < found.prefix; keep++) if (digitOf(span[keep]!)) seen++;
      while (keep < span.length && !digitOf(span[keep]!)) keep++;
      out += run.slice(copied, groups[i]!.start) + span.slice(0, keep) + masked(found, d);
      copied = groups[j]!.end;
      i = j;
      break;
    }
  }
  return out + run.slice(copied);
}

export function maskPersonalData(text: string): string {
  return text
    .replace(BRACKETED_LANDLINE, (_m, area: string, number: string) => `${digitsOf(area)}-****${digitsOf(number).slice(-2)}`)
    .replace(RUN, (run, offset: number, whole: string) => {
      // a run touching a masked number ("138****5678") is what is left of it
      if (whole[offset - 1] === '*' || whole[offset + run.length] === '*') return run;
      return maskRun(run);
    });
}

export function containsPersonalData(text: string): boolean {
  return maskPersonalData(text) !== text;
}

/** "张阿姨" → "张**": enough for staff to tell people apart, not enough to read a name out. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (!chars.length) return '';
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

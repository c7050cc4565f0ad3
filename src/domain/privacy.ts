/** Personal data is never echoed into a group or written to a log in clear. */

// Mainland mobile numbers (11 digits starting 1[3-9]), optionally split by spaces or dashes.
const MOBILE = /(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/g;
// Resident ID numbers: 17 digits + digit or X.
const ID_CARD = /(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])/g;
// Landlines such as 0755-12345678.
const LANDLINE = /(?<!\d)(0\d{2,3})-(\d{7,8})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(ID_CARD, (_m, a: string, _b: string, c: string) => `${a}${'*'.repeat(11)}${c.slice(-1).toUpperCase()}`)
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LANDLINE, (_m, a: string, b: string) => `${a}-****${b.slice(-2)}`);
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

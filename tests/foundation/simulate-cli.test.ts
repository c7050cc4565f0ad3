import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseScript, ScriptError } from '../../src/sim/script.js';
import { testClassifier } from '../helpers/simulate.js';

const GOOD = 'tests/fixtures/foundation-script.jsonl';
const BAD = 'tests/fixtures/foundation-bad-script.jsonl';
let dir: string;

interface Run { code: number | null; stdout: string; stderr: string }

/** The CLI as a user runs it; DATABASE_URL points it at the test server, where it makes (and drops) a scratch database. */
function simulate(file: string | null, how: 'npx' | 'npm' = 'npx'): Promise<Run> {
  const files = file === null ? [] : [file];
  const [cmd, args] = how === 'npx'
    ? ['npx', ['tsx', 'src/cli/simulate.ts', ...files]]
    : ['npm', ['run', '--silent', 'simulate', '--', ...files]];
  const child = spawn(cmd, args, {
    env: { ...process.env, DATABASE_URL: inject('pgServerUrl'), LOG_LEVEL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  await testClassifier(); // the CLI loads the cached model
  dir = mkdtempSync(path.join(tmpdir(), 'linli-foundation-sim-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run simulate -- FILE', () => {
  it('prints one JSON line per bot message, then the tickets line; the same script gives the same output', async () => {
    const [first, second] = await Promise.all([simulate(GOOD), simulate(GOOD, 'npm')]);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);

    const lines = first.stdout.trimEnd().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const said = parsed.slice(0, -1);
    const last = parsed.at(-1) as { tickets: { id: number; status: string; reporter: string; assignee: string | null }[] };
    expect(said.length).toBeGreaterThanOrEqual(3);
    for (const s of said) {
      expect(typeof s.at).toBe('string');
      expect(s.at as string).toMatch(/^2026-11-23T\d\d:\d\d:\d\d\+08:00$/);
      expect(typeof s.text).toBe('string');
      expect('room' in s !== 'to' in s).toBe(true);
      if ('room' in s) expect(Array.isArray(s.mentions)).toBe(true);
      expect(Object.keys(s).every((k) => ['at', 'room', 'to', 'text', 'mentions'].includes(k))).toBe(true);
    }
    // times never go backwards
    const times = said.map((s) => new Date(s.at as string).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(said.some((s) => s.room === '阳光花园3栋业主群' && (s.text as string).includes('#1') && (s.mentions as string[]).includes('张阿姨'))).toBe(true);
    expect(said.some((s) => s.room === '阳光花园物业工作群' && (s.text as string).includes('#1'))).toBe(true);
    expect(last.tickets).toHaveLength(1);
    expect(last.tickets[0]).toMatchObject({ id: 1, status: 'accepted', reporter: '张阿姨', assignee: '李师傅' });
    expect(Object.keys(last)).toEqual(['tickets']);
  });

  it('a malformed line exits 2 with its line number and the reason on stderr, and prints nothing', async () => {
    const backwards = path.join(dir, 'backwards.jsonl');
    writeFileSync(backwards, '{"at":"2026-11-23T09:00:00+08:00"}\n\n{"at":"2026-11-23T08:00:00+08:00"}\n');
    const [bad, back] = await Promise.all([simulate(BAD), simulate(backwards)]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain(`${BAD}: line 3: not valid JSON`);
    expect(back.code).toBe(2);
    expect(back.stdout).toBe('');
    expect(back.stderr).toContain(`${backwards}: line 3: "at" goes back in time`);

    // the same checks, without a process each: every reason names its line
    const cases: [string, number, RegExp][] = [
      ['{"setup":"room","room":"A群"}\n{"at":"2026-11-23T09:00:00+08:00","room":"B群","from":"张阿姨","text":"你好"}\n', 2, /room "B群" has not been set up/],
      ['\n\n{"at":"2026-11-23 09:00"}\n', 3, /"at" must be an ISO-8601 time with an offset/],
      ['{"setup":"staff","name":"李师傅","role":"boss"}\n', 1, /"role" must be one of manager, supervisor, agent, technician/],
      ['[1,2]\n', 1, /each line must be a JSON object/],
      ['{"setup":"room","room":"A群"}\n{"from":"张阿姨"}\n', 2, /"text" must be a string/],
      ['{"hello":"world"}\n', 1, /a line needs "setup", a message/],
      ['{"setup":"lift"}\n', 1, /unknown setup "lift"/],
      ['{"setup":"resident","name":""}\n', 1, /"name" must be a non-empty string/],
      // a misspelt key would silently turn a group message into a private one
      ['{"setup":"room","room":"A群"}\n{"at":"2026-11-23T09:00:00+08:00","rooom":"A群","from":"张阿姨","text":"你好"}\n', 2,
        /unknown key "rooom": a message takes at, room, from, text, mentions/],
      ['{"setup":"room","room":"A群","buiding":"3栋"}\n', 1, /unknown key "buiding": a "room" setup takes setup, room, community, building/],
      ['{"at":"2026-11-23T09:00:00+08:00","txt":"你好"}\n', 1, /unknown key "txt": a clock line takes at/],
      // Date() would run these as 2 March and 24 November
      ['{"at":"2026-02-30T09:00:00+08:00"}\n', 1, /"at" names a day that does not exist: 2026-02-30/],
      ['{"at":"2026-11-23T24:00:00+08:00"}\n', 1, /"at" names a time that does not exist/],
      ['{"at":"2026-11-23T09:60:00+08:00"}\n', 1, /"at" must be an ISO-8601 time/],
      ['{"setup":"room","room":"A群"}\n{"setup":"staff-room","room":"A群"}\n', 2,
        /room "A群" is already set up on line 1 as a building group: one group cannot be both a building group and the staff room/],
      ['{"setup":"staff-room","room":"A群"}\n{"setup":"room","room":"A群","community":"阳光花园"}\n', 2, /room "A群" is already set up on line 1 as the staff room: one group/],
    ];
    for (const [source, line, reason] of cases) {
      let error: unknown = null;
      try {
        parseScript(source);
      } catch (e) {
        error = e;
      }
      expect(error, source).toBeInstanceOf(ScriptError);
      expect((error as ScriptError).line).toBe(line);
      expect((error as ScriptError).message).toMatch(new RegExp(`^line ${line}: ${reason.source}`));
    }
  });

  it('a byte-order mark is accepted; an impossible date still stops the run with its line', async () => {
    const bom = path.join(dir, 'bom.jsonl');
    writeFileSync(bom, '\uFEFF{"setup":"room","room":"阳光花园3栋业主群","community":"阳光花园","building":"3栋"}\n'
      + '{"at":"2026-02-28T09:00:00+08:00"}\n{"at":"2026-02-30T09:00:00+08:00"}\n');
    const run = await simulate(bom);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bom}: line 3: "at" names a day that does not exist: 2026-02-30`);
    // the parser itself: the mark is not part of line 1
    expect(parseScript('\uFEFF{"setup":"staff","name":"李师傅","role":"technician"}\n')).toEqual([{ kind: 'staff', line: 1, name: '李师傅', role: 'technician' }]);
  });

  it('a missing file or no argument exits 2 with a clear message', async () => {
    const [missing, none] = await Promise.all([simulate(path.join(dir, 'nope.jsonl')), simulate(null)]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl/);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('usage: npm run --silent simulate -- SCRIPT.jsonl');
  });
});

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { parseScript, ScriptError } from '../../src/sim/script.js';
import { simulate, testClassifier } from '../helpers/simulate.js';

const SCRIPT = 'tests/scripts/media/photos-on-a-leak.jsonl';
const ROOM = '{"setup":"room","room":"A群"}\n';

function cli(file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npx', ['tsx', 'src/cli/simulate.ts', file], {
    env: { ...process.env, DATABASE_URL: inject('pgServerUrl'), LOG_LEVEL: '', RATING_IN_GROUP: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('simulate: media lines', () => {
  it('reads "kind" and "file" (next to the script); text is a voice note\'s transcript, and optional', () => {
    const lines = parseScript([
      ROOM,
      '{"at":"2026-11-23T09:00:00+08:00","room":"A群","from":"张阿姨","kind":"image","file":"water-stain.png"}',
      '{"from":"张阿姨","kind":"voice","text":"厨房漏水了"}',
      '{"from":"张阿姨","kind":"video"}',
    ].join('\n'), { baseDir: 'tests/scripts/media' });
    const [, image, voice, video] = lines;
    expect(image).toMatchObject({ kind: 'message', text: '', media: { kind: 'image', file: { name: 'water-stain.png' } } });
    expect((image as { media: { file: { bytes: Buffer } } }).media.file.bytes.equals(readFileSync('tests/scripts/media/water-stain.png'))).toBe(true);
    expect(voice).toMatchObject({ text: '厨房漏水了', room: null, media: { kind: 'voice', file: null } });
    expect(video).toMatchObject({ text: '', media: { kind: 'video', file: null } });
  });

  it('a bad media line stops the script with its line number and the reason', () => {
    const cases: [string, number, RegExp][] = [
      [`${ROOM}{"room":"A群","from":"张阿姨","kind":"photo"}`, 2, /"kind" must be one of image, voice, video, file \(got "photo"\)/],
      [`${ROOM}{"room":"A群","from":"张阿姨","kind":"image","text":"漏水"}`, 2, /a image message carries no text in WeChat/],
      [`${ROOM}{"room":"A群","from":"张阿姨","kind":"image","file":"nope.png"}`, 2, /"file" "nope.png" cannot be read/],
      [`${ROOM}{"room":"A群","from":"张阿姨","file":"water-stain.png"}`, 2, /"file" needs "kind"/],
      [`${ROOM}{"room":"A群","from":"张阿姨","kind":"image","mentions":["李师傅"]}`, 2, /a image message cannot @mention anyone/],
      [`${ROOM}{"room":"A群","kind":"image"}`, 2, /"from" is required/],
    ];
    for (const [source, line, reason] of cases) {
      let error: unknown = null;
      try {
        parseScript(source, { baseDir: 'tests/scripts/media' });
      } catch (e) {
        error = e;
      }
      expect(error, source).toBeInstanceOf(ScriptError);
      expect((error as ScriptError).line).toBe(line);
      expect((error as ScriptError).message).toMatch(new RegExp(`^line ${line}: ${reason.source}`));
    }
  });

  it('the CLI finds a script\'s files next to it and prints exactly what the same script gives in-process', async () => {
    await testClassifier();
    const [run, inProcess] = await Promise.all([
      cli(SCRIPT),
      simulate(readFileSync(SCRIPT, 'utf8'), { RATING_IN_GROUP: 'false' }, { baseDir: 'tests/scripts/media' }),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual(inProcess.raw);
    expect(inProcess.raw.some((l) => l.includes('"media":{"name":"repaired.png"'))).toBe(true);
    expect(JSON.parse(inProcess.raw.at(-1)!).tickets[0].media).toBe(5);
  });
});

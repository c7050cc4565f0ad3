import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// the model is trained (once per run) before the tests; the CLI loads it from the run's NLU_CACHE_DIR
import '../helpers/nlu.js';

describe('classify CLI', () => {
  it('answers one JSON line per input line, in order, with only contract output on stdout', () => {
    const input = [
      { id: 'a', text: '3栋2单元1502厨房水管漏水' },
      { id: 'b', text: '谢谢师傅' },
      { id: 'c', text: '請問物業費怎麼繳' },
      { id: 'd', text: '有人被困在电梯里了' },
    ];
    const result = spawnSync('npx', ['tsx', 'src/cli/classify.ts'], {
      input: input.map((r) => JSON.stringify(r)).join('\n') + '\n',
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'linli-cli-')) },
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 'c', 'd']);
    for (const l of lines) {
      expect(Object.keys(l).sort()).toEqual(['category', 'confidence', 'id', 'intent', 'location', 'topic', 'urgency', 'urgent']);
      expect(typeof l.confidence).toBe('number');
    }
    expect(lines[0]).toMatchObject({ intent: 'repair', category: 'water', location: '3栋2单元1502', urgent: false });
    expect(lines[1]).toMatchObject({ intent: 'none', category: null, topic: null, location: null });
    expect(lines[2]).toMatchObject({ intent: 'inquiry', topic: 'fees' });
    expect(lines[3]).toMatchObject({ intent: 'repair', urgent: true, category: 'lift' });
  }, 40_000);
});

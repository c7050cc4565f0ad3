import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus.js';
import { loadClassifier } from '../../src/nlu/index.js';
import { copyOfIntents } from './helpers.js';

describe('model cache', () => {
  it('trains once, reuses the cache while intents/ is unchanged, retrains when it changes', async () => {
    const intentsDir = copyOfIntents();
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'linli-cache-')), 'nlu');
    const first = await loadClassifier({ intentsDir, cacheDir });
    expect(first.trainedNow).toBe(true);
    expect(existsSync(join(cacheDir, 'model.json'))).toBe(true);

    const second = await loadClassifier({ intentsDir, cacheDir });
    expect(second.trainedNow).toBe(false);
    expect(second.modelHash).toBe(first.modelHash);
    expect(second.classify('电梯坏了').intent).toBe(first.classify('电梯坏了').intent);

    // intents/README.md documents the corpus; editing it retrains nothing
    appendFileSync(join(intentsDir, 'README.md'), '\n新加的一段说明\n');
    const documented = await loadClassifier({ intentsDir, cacheDir });
    expect(documented.trainedNow).toBe(false);
    expect(documented.modelHash).toBe(first.modelHash);

    appendFileSync(join(intentsDir, 'none.txt'), '\n今晚的月亮真圆啊\n');
    const third = await loadClassifier({ intentsDir, cacheDir });
    expect(third.trainedNow).toBe(true);
    expect(third.modelHash).not.toBe(first.modelHash);

    // the urgency examples are part of the model too
    appendFileSync(join(intentsDir, 'urgency', 'urgent.txt'), '\n地下室的门从外面锁上了 我们三个人在里面出不去\n');
    const fourth = await loadClassifier({ intentsDir, cacheDir });
    expect(fourth.trainedNow).toBe(true);
    expect(fourth.modelHash).not.toBe(third.modelHash);
    expect((await loadClassifier({ intentsDir, cacheDir })).trainedNow).toBe(false);
  }, 600_000); // trains three times: minutes on a busy machine

  it('reads the labelled messages only when training asks for them; a bad line then names its file and line', () => {
    const intentsDir = copyOfIntents();
    writeFileSync(join(intentsDir, 'labelled', 'zz-bad.jsonl'), '{"text":"电梯坏了","intent":"repair","urgent":false}\n{"text":"漏水","intent":"leak","urgent":false}\n');
    const corpus = loadCorpus(intentsDir); // a start with a cached model reads only the word lists
    expect(corpus.cueLexicons.size).toBeGreaterThan(0);
    expect(() => corpus.examples).toThrow('labelled/zz-bad.jsonl:2: "intent" must be one of');
    expect(() => corpus.urgency.urgent).toThrow('labelled/zz-bad.jsonl:2');
  });
});

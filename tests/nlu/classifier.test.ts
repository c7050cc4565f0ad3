import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { evaluate, type GoldRow } from '../../src/nlu/evaluate.js';
import { effectiveIntent, type LoadedClassifier } from '../../src/nlu/index.js';
import { loadTestClassifier } from './helpers.js';

let classifier: LoadedClassifier;
beforeAll(async () => {
  classifier = await loadTestClassifier();
}, 30_000);

function score(file: string) {
  const gold = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldRow);
  return evaluate(gold, gold.map((g) => {
    const u = classifier.classify(g.text);
    return { id: g.id, intent: effectiveIntent(u), urgent: u.urgent };
  }));
}

describe('classification', () => {
  it('classifies Traditional input like Simplified', () => {
    const t = classifier.classify('請問停車月卡怎麼申請');
    expect(t).toMatchObject({ intent: 'inquiry', topic: 'parking', script: 'traditional' });
    expect(classifier.classify('樓道燈壞了')).toMatchObject({ intent: 'repair', category: 'power', script: 'traditional' });
  });

  it('answers FAQ topics in the resident script', () => {
    const simplified = classifier.faqAnswer('fees', 'simplified');
    const traditional = classifier.faqAnswer('fees', 'traditional');
    expect(simplified).toContain('物业费');
    expect(traditional).toContain('物業費');
    expect(classifier.faqAnswer('no-such-topic', 'simplified')).toBeNull();
  });

  it('flags danger and not notices about it', () => {
    expect(classifier.classify('有人被困在电梯里了').urgent).toBe(true);
    expect(classifier.classify('厨房有很重的煤气味').urgent).toBe(true);
    expect(classifier.classify('明天上午消防演习，听到警报不要慌').urgent).toBe(false);
    expect(classifier.classify('明天停水大家记得储水').intent).toBe('none');
  });

  it('treats repair adverts with a phone number as none', () => {
    expect(classifier.classify('专业疏通马桶下水道，上门服务，电话13912340000').intent).toBe('none');
  });

  it('gives a category for requests and a topic for inquiries', () => {
    expect(classifier.classify('电梯门关不上')).toMatchObject({ intent: 'repair', category: 'lift', topic: null });
    expect(classifier.classify('物业费怎么交')).toMatchObject({ intent: 'inquiry', topic: 'fees', category: null });
  });

  it('meets the targets on the dev set (minus a small margin)', () => {
    const r = score('../shared/nlu/dev-messages.jsonl');
    expect(r.macroF1).toBeGreaterThanOrEqual(0.93);
    expect(r.falseTicketRate).toBeLessThanOrEqual(0.02);
    expect(r.missedRequestRate).toBeLessThanOrEqual(0.06);
    expect(r.urgentRecall).toBeGreaterThanOrEqual(0.95);
    expect(r.urgentPrecision).toBeGreaterThanOrEqual(0.8);
  });

  it('meets the targets on the project held-out check set', () => {
    const r = score('tests/nlu/fixtures/heldout.jsonl');
    expect(r.macroF1).toBeGreaterThanOrEqual(0.93);
    expect(r.falseTicketRate).toBeLessThanOrEqual(0.02);
    expect(r.urgentRecall).toBeGreaterThanOrEqual(0.95);
  });
});

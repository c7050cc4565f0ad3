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
    // numbers written in groups count as contact numbers too
    expect(classifier.classify('管道疏通 随叫随到 价格实惠 电话 139 1234 5678').intent).toBe('none');
  });

  it('does not let everyday words cancel or fake an emergency', () => {
    expect(classifier.classify('快来人 车棚那边着火了').urgent).toBe(true); // "火了" is not a calm context
    expect(classifier.classify('厨房的灶打不着火了').urgent).toBe(false);
    expect(classifier.classify('看新闻说有个小区电梯困人了，好吓人').urgent).toBe(false);
  });

  it('sends a danger report phrased as a question to a human', () => {
    expect(classifier.classify('水管爆了水一直喷 总阀在哪里关啊')).toMatchObject({ intent: 'repair', urgent: true });
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

  // heldout2: 380 harder messages (sarcasm, run-ons, typos, ~25% Traditional, quotes, adverts, danger words in
  // notices), written apart from the corpus and never trained on. Floors sit a little under the measured figures
  // (macro-F1 0.960, false tickets 2.4%, missed 2.7%, urgent 1.00 / 0.96) so a regression shows, not noise.
  it('stays above its floors on the second held-out check set', () => {
    const r = score('tests/nlu/fixtures/heldout2.jsonl');
    expect(r.n).toBeGreaterThanOrEqual(300);
    expect(r.macroF1).toBeGreaterThanOrEqual(0.93);
    expect(r.falseTicketRate).toBeLessThanOrEqual(0.04);
    expect(r.missedRequestRate).toBeLessThanOrEqual(0.05);
    expect(r.urgentRecall).toBeGreaterThanOrEqual(0.95);
    expect(r.urgentPrecision).toBeGreaterThanOrEqual(0.85);
  });
});

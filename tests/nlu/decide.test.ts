import { describe, expect, it } from 'vitest';
import { decide, effectiveIntent, DEFAULT_THRESHOLD } from '../../src/nlu/decide.js';
import type { Understanding } from '../../src/nlu/types.js';

const u = (over: Partial<Understanding>): Understanding => ({
  intent: 'repair', confidence: 0.9, urgent: false, urgency: 'none', urgencyScore: 0, request: false, category: 'water', topic: null, location: null,
  script: 'simplified', normalized: '', ...over,
});

describe('decide (confidence threshold)', () => {
  it('acts on a confident request', () => {
    expect(decide(u({}), { threshold: 0.5, mentionsBot: false })).toBe('act');
    expect(decide(u({ intent: 'inquiry' }), { threshold: 0.5, mentionsBot: true })).toBe('act');
  });

  it('stays silent below the threshold in the group, and asks when addressed', () => {
    expect(decide(u({ confidence: 0.3 }), { threshold: 0.5, mentionsBot: false })).toBe('silent');
    expect(decide(u({ confidence: 0.3 }), { threshold: 0.5, mentionsBot: true })).toBe('clarify');
  });

  it('is silent on confident small talk even when addressed', () => {
    expect(decide(u({ intent: 'none', confidence: 0.95 }), { threshold: 0.5, mentionsBot: true })).toBe('silent');
    expect(decide(u({ intent: 'none', confidence: 0.2 }), { threshold: 0.5, mentionsBot: true })).toBe('clarify');
  });

  it('always acts on an urgent request', () => {
    expect(decide(u({ confidence: 0.1, urgent: true }), { threshold: 0.5, mentionsBot: false })).toBe('act');
  });

  it('uses the default threshold when none is given', () => {
    expect(decide(u({ confidence: DEFAULT_THRESHOLD }), { mentionsBot: false })).toBe('act');
    expect(effectiveIntent(u({ confidence: DEFAULT_THRESHOLD - 0.01 }))).toBe('none');
  });
});

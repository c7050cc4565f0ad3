import { describe, expect, it } from 'vitest';
import { compileCues, featurize, hasContactNumber } from '../../src/nlu/features.js';
import { trainNetwork, type LabelledFeatures } from '../../src/nlu/network.js';

describe('features', () => {
  it('adds one #cue:<name> feature per cue list that matches, with * gaps', () => {
    const cues = compileCues(new Map([['complaint', ['踢皮球', '说了*次']], ['chat', ['谢谢']]]));
    expect(featurize('物业就会踢皮球', cues)['#cue:complaint']).toBe(1);
    expect(featurize('我都说了好几次了', cues)['#cue:complaint']).toBe(1);
    expect(featurize('物业就会踢皮球', cues)['#cue:chat']).toBeUndefined();
    expect(featurize('物业就会踢皮球')['#cue:complaint']).toBeUndefined();
  });

  it('recognises mobile numbers written in groups', () => {
    expect(hasContactNumber('电话 138 0013 8000')).toBe(true);
    expect(hasContactNumber('电话138-0013-8000')).toBe(true);
    expect(hasContactNumber('3栋2单元1502')).toBe(false);
  });
});

describe('network training', () => {
  it('is deterministic: the same samples give the same weights', () => {
    const samples: LabelledFeatures[] = [
      { features: { a: 1, b: 1 }, label: 'x' },
      { features: { c: 1 }, label: 'y' },
      { features: { a: 1, c: 1 }, label: 'x' },
    ];
    expect(trainNetwork(samples)).toEqual(trainNetwork(samples));
  });
});

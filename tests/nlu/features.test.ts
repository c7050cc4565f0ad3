import { describe, expect, it } from 'vitest';
import { compileCues, contextFeatures, featurize, hasContactNumber } from '../../src/nlu/features.js';
import { availableParallelism } from 'node:os';
import { NeuralNetwork } from '@nlpjs/neural';
import { trainNetwork, trainNetworks, type LabelledFeatures } from '../../src/nlu/network.js';
import { PackedNeuralNetwork } from '../../src/nlu/packed-network.mjs';
import { packSamples, trainingCorpus, unpackSamples } from '../../src/nlu/sampling.mjs';

describe('features', () => {
  it('adds one #cue:<name> feature per cue list that matches, with * gaps', () => {
    const cues = compileCues(new Map([['complaint', ['踢皮球', '说了*次']], ['chat', ['谢谢']]]));
    expect(featurize('物业就会踢皮球', cues)['#cue:complaint']).toBe(1);
    expect(featurize('我都说了好几次了', cues)['#cue:complaint']).toBe(1);
    expect(featurize('物业就会踢皮球', cues)['#cue:chat']).toBeUndefined();
    expect(featurize('物业就会踢皮球')['#cue:complaint']).toBeUndefined();
  });

  it('marks any form of question, not only a question mark', () => {
    for (const text of ['明年物业费涨不涨', '停水几点结束', '听说下周停燃气 真的假的吗', '车位可唔可以短租', '电梯年检做咗未']) {
      expect(featurize(text)['#asks']).toBe(1);
    }
    expect(featurize('明年物业费涨了')['#asks']).toBeUndefined();
    expect(featurize('驿站九点关门的')['#asks']).toBeUndefined();
  });

  it('adds a feature for each pair of matching cue lists', () => {
    const cues = compileCues(new Map([['personal', ['狗子']], ['repair', ['坏了']]]));
    expect(featurize('狗子把耳机咬坏了', cues)['#cue:personal&#cue:repair']).toBe(1);
    expect(featurize('耳机坏了', cues)['#cue:personal&#cue:repair']).toBeUndefined();
  });

  it('gives short quoted replies the cue lists of the quoted message as context', () => {
    const cues = compileCues(new Map([['promise', ['已记录']], ['chat', ['收到', '谢谢']]]));
    expect(contextFeatures('又是这句', '已记录，尽快处理', '物业客服', cues)).toEqual({
      '#quoted': 1,
      '#quoted:staff': 1,
      '#quoted:staff:unacked': 1,
      'q#cue:promise': 1,
    });
    // a reply that thanks or acknowledges staff is not marked
    expect(contextFeatures('收到 谢谢', '已记录，尽快处理', '物业客服', cues)).toEqual({ '#quoted': 1, '#quoted:staff': 1, 'q#cue:promise': 1 });
    // a neighbour's message quoted is no staff message, answered or not
    expect(contextFeatures('又是这句', '已记录', '王姐', cues)).toEqual({ '#quoted': 1, 'q#cue:promise': 1 });
    expect(contextFeatures('又是这句', null, null, cues)).toEqual({});
    expect(contextFeatures('三号楼二单元的电梯从早上开始一直停在九楼不动', '已记录', '物业', cues)).toEqual({});
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

  it('trains over packed inputs to the very weights nlp.js itself gives, numbered alike and scoring alike', () => {
    // features named like numbers too: an object lists those first, so a numbering that relied on it would differ
    const next = (() => { let state = 7; return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000; })();
    const names = [...'漏水冒烟电梯困人', '#asks', '12', '3', '#cue:repair'];
    const labels = ['repair', 'complaint', 'inquiry', 'none'];
    const corpus = Array.from({ length: 400 }, () => {
      const input: Record<string, number> = {};
      for (const name of names) if (next() < 0.3) input[name] = next() < 0.8 ? 1 : 0.5;
      return { input, output: { [labels[Math.floor(next() * labels.length)] as string]: 1 } };
    });
    const settings = { iterations: 30, errorThresh: 0.0005, deltaErrorThresh: 0.000005, learningRate: 0.1 };
    const theirs = new NeuralNetwork({ ...settings });
    const ours = new PackedNeuralNetwork({ ...settings });
    expect(ours.train(corpus)).toEqual(theirs.train(corpus));
    expect(ours.toJSON()).toEqual(theirs.toJSON());
    expect(ours.run({ 漏: 1, '12': 1 })).toEqual(theirs.run({ 漏: 1, '12': 1 }));
  });

  it('trains on packed dropout copies to the weights nlp.js gives on the same copies as objects', () => {
    const next = (() => { let state = 11; return () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000; })();
    const names = [...'着火漏电水淹', '#u:smoke', '7', '#cue:chat'];
    const samples: LabelledFeatures[] = Array.from({ length: 300 }, () => {
      const features: Record<string, number> = {};
      for (const name of names) if (next() < 0.4) features[name] = 1;
      return { features, label: next() < 0.3 ? 'urgent' : 'calm' };
    });
    const packed = trainingCorpus(samples, 12345, { copies: 2, drop: 0.4 });
    // more than the examples, fewer than three full copies: some features were dropped, and empty copies left out
    expect(packed.length).toBeGreaterThan(samples.length);
    expect(packed.length).toBeLessThanOrEqual(3 * samples.length);
    const asObjects = packed.map(({ input, output }) => ({
      input: Object.fromEntries(input.names.map((name, i) => [name, input.values[i] as number])),
      output,
    }));
    const settings = { iterations: 20, errorThresh: 0.0005, deltaErrorThresh: 0.000005, learningRate: 0.1 };
    const theirs = new NeuralNetwork({ ...settings });
    const ours = new PackedNeuralNetwork({ ...settings });
    expect(ours.train(packed)).toEqual(theirs.train(asObjects));
    expect(ours.toJSON()).toEqual(theirs.toJSON());
  });

  it('packs samples for a worker as flat arrays, a repeated sample once, features in their order', () => {
    const repeated: LabelledFeatures = { features: { 冒: 1, 冒烟: 1, '#cue:danger': 0.5 }, label: 'urgent' };
    const samples: LabelledFeatures[] = [repeated, { features: { 楼: 1, 冒: 1 }, label: 'calm' }, repeated];
    const packed = packSamples(samples);
    expect(packed.offsets).toEqual(Int32Array.from([0, 3, 5])); // two distinct samples
    expect(packed.names).toEqual(['冒', '冒烟', '#cue:danger', '楼']);
    const back = unpackSamples(structuredClone(packed));
    expect(back.map((s) => [s.features.names, s.features.values, s.label])).toEqual([
      [['冒', '冒烟', '#cue:danger'], [1, 1, 0.5], 'urgent'],
      [['楼', '冒'], [1, 1], 'calm'],
      [['冒', '冒烟', '#cue:danger'], [1, 1, 0.5], 'urgent'],
    ]);
    expect(back[0]?.features).toBe(back[2]?.features);
    const asTrained = (corpus: ReturnType<typeof trainingCorpus>) => corpus.map(({ input, output }) => [input.names, input.values, output]);
    expect(asTrained(trainingCorpus(back as never, 7, { copies: 2, drop: 0.4 }))).toEqual(asTrained(trainingCorpus(samples, 7, { copies: 2, drop: 0.4 })));
  });

  it('trains several networks on worker threads, with the same weights as one after another', async () => {
    const a: LabelledFeatures[] = [
      { features: { a: 1, b: 1 }, label: 'x' },
      { features: { c: 1 }, label: 'y' },
      { features: { a: 1, c: 1 }, label: 'x' },
    ];
    const b: LabelledFeatures[] = [
      { features: { p: 1 }, label: 'urgent' },
      { features: { q: 1, r: 1 }, label: 'calm' },
    ];
    const settings = { iterations: 40, errorThresh: 0.0005, deltaErrorThresh: 0.000005 };
    const { networks, threads } = await trainNetworks([{ samples: a }, { samples: b, settings }]);
    expect(threads).toBe(Math.min(6, availableParallelism()) > 1 ? Math.min(6, availableParallelism()) : 1);
    expect(networks).toEqual([trainNetwork(a), trainNetwork(b, settings)]);
  });

  it('builds the examples of a job given as a function while the others train, with the same weights', async () => {
    const a: LabelledFeatures[] = [
      { features: { a: 1, b: 1 }, label: 'x' },
      { features: { c: 1 }, label: 'y' },
    ];
    const b: LabelledFeatures[] = [
      { features: { p: 1 }, label: 'urgent' },
      { features: { q: 1, r: 1 }, label: 'calm' },
    ];
    const order: string[] = [];
    const { networks } = await trainNetworks([
      { samples: a },
      { samples: () => { order.push('built'); return b; } },
    ]);
    expect(order).toEqual(['built']);
    expect(networks).toEqual([trainNetwork(a), trainNetwork(b)]);
  });

  it('fails with the error of a job whose examples cannot be built, after the other jobs stop', async () => {
    const a: LabelledFeatures[] = [{ features: { a: 1 }, label: 'x' }, { features: { b: 1 }, label: 'y' }];
    await expect(trainNetworks([
      { samples: a },
      { samples: () => { throw new Error('intents/labelled/x.jsonl:3: not JSON'); } },
    ])).rejects.toThrow('x.jsonl:3');
  });

  it('leaves out the features too few distinct samples hold, counting a repeated sample once', () => {
    const common: LabelledFeatures = { features: { 冒烟: 1, 久检: 1 }, label: 'urgent' };
    const samples: LabelledFeatures[] = [
      common, common, common, // class balancing repeats a sample: still one sample holding 久检
      { features: { 冒烟: 1, 楼道: 1 }, label: 'urgent' },
      { features: { 冒烟: 1, 楼道: 1 }, label: 'calm' },
    ];
    const out = unpackSamples(packSamples(samples, 2));
    expect(out.map((s) => s.features.names)).toEqual([['冒烟'], ['冒烟'], ['冒烟'], ['冒烟', '楼道'], ['冒烟', '楼道']]);
    expect(out.map((s) => s.label)).toEqual(samples.map((s) => s.label));
    expect(out[0]?.features).toBe(out[1]?.features); // repeats stay one sample
  });
});

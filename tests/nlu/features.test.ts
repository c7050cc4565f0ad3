import { describe, expect, it } from 'vitest';
import { compileCues, contextFeatures, featurize, hasContactNumber, isTrigram, MIN_TRIGRAM_EXAMPLES } from '../../src/nlu/features.js';
import { availableParallelism } from 'node:os';
import { NeuralNetwork } from '@nlpjs/neural';
import { trainNetwork, trainNetworks, type LabelledFeatures } from '../../src/nlu/network.js';
import { PackedNeuralNetwork } from '../../src/nlu/packed-network.mjs';
import { packSamples, trainingOrder, type PackedSamples } from '../../src/nlu/sampling.mjs';

describe('features', () => {
  it('adds one #cue:<name> feature per cue list that matches, with * gaps', () => {
    const cues = compileCues(new Map([['complaint', ['踢皮球', '说了*次']], ['chat', ['谢谢']]]));
    expect(featurize('物业就会踢皮球', cues).has('#cue:complaint')).toBe(true);
    expect(featurize('我都说了好几次了', cues).has('#cue:complaint')).toBe(true);
    expect(featurize('物业就会踢皮球', cues).has('#cue:chat')).toBe(false);
    expect(featurize('物业就会踢皮球').has('#cue:complaint')).toBe(false);
  });

  it('marks any form of question, not only a question mark', () => {
    for (const text of ['明年物业费涨不涨', '停水几点结束', '听说下周停燃气 真的假的吗', '车位可唔可以短租', '电梯年检做咗未']) {
      expect(featurize(text).has('#asks')).toBe(true);
    }
    expect(featurize('明年物业费涨了').has('#asks')).toBe(false);
    expect(featurize('驿站九点关门的').has('#asks')).toBe(false);
  });

  it('marks questions in chat English and the southwest\'s 好多钱 without a question mark', () => {
    for (const text of ['how to book the party room', 'hi @front desk whats the office hours during new year', 'do we pay the water bill to you or to the water company', 'renting out my flat, does the tenant need to register', '门禁卡丢了 补一张好多钱', '物业前台电话是好多', '水管好久能修好']) {
      expect(featurize(text).has('#asks'), text).toBe(true);
    }
    for (const text of ['do not park in front of the gate', 'thanks, the lift works again', 'we had a lovely party', 'the tap does not stop', '好多人在楼下跳舞', '道闸每次都要等好久才抬杆']) {
      expect(featurize(text).has('#asks'), text).toBe(false);
    }
  });

  it('adds a feature for each pair of matching cue lists', () => {
    const cues = compileCues(new Map([['personal', ['狗子']], ['repair', ['坏了']]]));
    expect(featurize('狗子把耳机咬坏了', cues).has('#cue:personal&#cue:repair')).toBe(true);
    expect(featurize('耳机坏了', cues).has('#cue:personal&#cue:repair')).toBe(false);
  });

  it('gives short quoted replies the cue lists of the quoted message as context', () => {
    const cues = compileCues(new Map([['promise', ['已记录']], ['chat', ['收到', '谢谢']]]));
    expect(contextFeatures('又是这句', '已记录，尽快处理', '物业客服', cues)).toEqual(
      new Set(['#quoted', '#quoted:staff', '#quoted:staff:unacked', 'q#cue:promise']),
    );
    // a reply that thanks or acknowledges staff is not marked
    expect(contextFeatures('收到 谢谢', '已记录，尽快处理', '物业客服', cues)).toEqual(new Set(['#quoted', '#quoted:staff', 'q#cue:promise']));
    // a neighbour's message quoted is no staff message, answered or not
    expect(contextFeatures('又是这句', '已记录', '王姐', cues)).toEqual(new Set(['#quoted', 'q#cue:promise']));
    expect(contextFeatures('又是这句', null, null, cues)).toEqual(new Set());
    expect(contextFeatures('三号楼二单元的电梯从早上开始一直停在九楼不动', '已记录', '物业', cues)).toEqual(new Set());
  });

  it('marks a message that opens with a staff member as its speaker, not a resident addressing the company', () => {
    for (const text of ['物业小李:春节期间访客车辆可停地库', '物业工程部:请关闭进水阀', '保安队长: 东门已打开', '转发物业通知:明天停水']) {
      expect(featurize(text).has('#staff-speaker')).toBe(true);
    }
    // a bare title speaks as staff only in staff's words; Traditional titles are read after conversion to Simplified
    for (const text of ['物业:已通知电梯维保单位，值班人员已到', '保安: 请大家绕行东门', '总干事:明天下午两点停水', '管理员:目前暂未接到停电通知']) {
      expect(featurize(text).has('#staff-speaker')).toBe(true);
    }
    for (const text of ['物业:楼道灯坏了 麻烦修一下', '保安:门口有人打架', '物业:请派人来修一下', '物业:请问物业费怎么交', '物业说明天来修', '我问了物业小李:他说明天']) {
      expect(featurize(text).has('#staff-speaker')).toBe(false);
    }
  });

  it('gives the English words left after the phrase table their stems, alone and in pairs, without the commonest words', () => {
    const features = featurize('the intercom is beeping and leaking water');
    for (const f of ['w:intercom', 'w:beep', 'w:leak', 'w:water', 'w:beep_leak', 'w:leak_water']) expect(features.has(f)).toBe(true);
    for (const f of ['w:the', 'w:is', 'w:and', 'w:beeping']) expect(features.has(f)).toBe(false);
    expect([...featurize('楼道灯坏了')].some((f) => f.startsWith('w:'))).toBe(false);
  });

  it('recognises mobile numbers written in groups', () => {
    expect(hasContactNumber('电话 138 0013 8000')).toBe(true);
    expect(hasContactNumber('电话138-0013-8000')).toBe(true);
    expect(hasContactNumber('3栋2单元1502')).toBe(false);
  });
});

const bag = (...names: string[]): Set<string> => new Set(names);

/** Random examples over a few feature names, from a seed. */
function randomSamples(count: number, names: readonly string[], labels: readonly string[], seed: number): LabelledFeatures[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
  return Array.from({ length: count }, () => ({
    features: new Set(names.filter(() => next() < 0.35)),
    label: labels[Math.floor(next() * labels.length)] as string,
  }));
}

/** nlp.js's own corpus for the examples in the order trainingOrder gives: inputs as objects, every value 1. */
function asNlpjsCorpus(packed: PackedSamples, order: ReturnType<typeof trainingOrder>) {
  return order.map(({ keys, label }) => ({
    input: Object.fromEntries(Array.from(keys, (k) => [packed.names[k] as string, 1])),
    output: { [packed.labels[label] as string]: 1 },
  }));
}

describe('network training', () => {
  it('is deterministic: the same samples give the same weights', () => {
    const samples: LabelledFeatures[] = [
      { features: bag('a', 'b'), label: 'x' },
      { features: bag('c'), label: 'y' },
      { features: bag('a', 'c'), label: 'x' },
    ];
    expect(trainNetwork(samples)).toEqual(trainNetwork(samples));
  });

  it('trains over packed examples to the very weights nlp.js itself gives, numbered alike and scoring alike', () => {
    const samples = randomSamples(400, [...'漏水冒烟电梯困人', '#asks', '#cue:repair'], ['repair', 'complaint', 'inquiry', 'none'], 7);
    const packed = packSamples(samples);
    const settings = { iterations: 30, errorThresh: 0.0005, deltaErrorThresh: 0.000005, learningRate: 0.1 };
    const theirs = new NeuralNetwork({ ...settings });
    const ours = new PackedNeuralNetwork({ ...settings });
    expect(ours.trainPacked(packed, 12345)).toEqual(theirs.train(asNlpjsCorpus(packed, trainingOrder(packed, 12345))));
    expect(ours.toJSON()).toEqual(theirs.toJSON());
    expect(ours.run({ 漏: 1, 困: 1 })).toEqual(theirs.run({ 漏: 1, 困: 1 }));
  });

  it('trains on packed dropout copies to the weights nlp.js gives on the same copies as objects', () => {
    const samples = randomSamples(300, [...'着火漏电水淹', '#u:smoke', '#cue:chat'], ['urgent', 'calm'], 11);
    const packed = packSamples(samples);
    const order = trainingOrder(packed, 12345, { copies: 2, drop: 0.4 });
    // more than the examples, fewer than three full copies: some features were dropped, and empty copies left out
    expect(order.length).toBeGreaterThan(samples.length);
    expect(order.length).toBeLessThan(3 * samples.length);
    const settings = { iterations: 20, errorThresh: 0.0005, deltaErrorThresh: 0.000005, learningRate: 0.1 };
    const theirs = new NeuralNetwork({ ...settings });
    const ours = new PackedNeuralNetwork({ ...settings });
    expect(ours.trainPacked(packed, 12345, { copies: 2, drop: 0.4 })).toEqual(theirs.train(asNlpjsCorpus(packed, order)));
    expect(ours.toJSON()).toEqual(theirs.toJSON());
  });

  it('packs samples for a worker as flat arrays, a repeated sample once, features in their order', () => {
    const repeated: LabelledFeatures = { features: bag('冒', '冒烟', '#cue:danger'), label: 'urgent' };
    const samples: LabelledFeatures[] = [repeated, { features: bag('楼', '冒'), label: 'calm' }, repeated];
    const packed = packSamples(samples);
    expect(packed.offsets).toEqual(Int32Array.from([0, 3, 5])); // two distinct samples
    expect(packed.names).toEqual(['冒', '冒烟', '#cue:danger', '楼']);
    expect(Array.from(packed.sampleOf)).toEqual([0, 1, 0]);
    expect(packed.labels).toEqual(['urgent', 'calm']);
    // what a worker receives is a copy: it gives the same training order, dropout copies included
    const dropout = { copies: 2, drop: 0.4 };
    expect(trainingOrder(structuredClone(packed), 7, dropout)).toEqual(trainingOrder(packed, 7, dropout));
    const namesOf = (keys: Int32Array) => Array.from(keys, (k) => packed.names[k]);
    const order = trainingOrder(packed, 7);
    expect(order.map((s) => [namesOf(s.keys), packed.labels[s.label]]).sort()).toEqual(
      samples.map((s) => [[...s.features], s.label]).sort(),
    );
  });

  it('trains several networks on worker threads, with the same weights as one after another', async () => {
    const a: LabelledFeatures[] = [
      { features: bag('a', 'b'), label: 'x' },
      { features: bag('c'), label: 'y' },
      { features: bag('a', 'c'), label: 'x' },
    ];
    const b: LabelledFeatures[] = [
      { features: bag('p'), label: 'urgent' },
      { features: bag('q', 'r'), label: 'calm' },
    ];
    const settings = { iterations: 40, errorThresh: 0.0005, deltaErrorThresh: 0.000005 };
    const { networks, threads } = await trainNetworks([{ samples: a }, { samples: b, settings }]);
    expect(threads).toBe(Math.min(6, availableParallelism()) > 1 ? Math.min(6, availableParallelism()) : 1);
    expect(networks).toEqual([trainNetwork(a), trainNetwork(b, settings)]);
  });

  it('builds the examples of a job given as a function while the others train, with the same weights', async () => {
    const a: LabelledFeatures[] = [
      { features: bag('a', 'b'), label: 'x' },
      { features: bag('c'), label: 'y' },
    ];
    const b: LabelledFeatures[] = [
      { features: bag('p'), label: 'urgent' },
      { features: bag('q', 'r'), label: 'calm' },
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
    const a: LabelledFeatures[] = [{ features: bag('a'), label: 'x' }, { features: bag('b'), label: 'y' }];
    await expect(trainNetworks([
      { samples: a },
      { samples: () => { throw new Error('intents/labelled/x.jsonl:3: not JSON'); } },
    ])).rejects.toThrow('x.jsonl:3');
  });

  it('leaves out the features too few distinct samples hold, counting a repeated sample once', () => {
    const common: LabelledFeatures = { features: bag('冒烟', '久检'), label: 'urgent' };
    const samples: LabelledFeatures[] = [
      common, common, common, // class balancing repeats a sample: still one sample holding 久检
      { features: bag('冒烟', '楼道'), label: 'urgent' },
      { features: bag('冒烟', '楼道'), label: 'calm' },
    ];
    const packed = packSamples(samples, 2);
    const namesOf = (i: number) => {
      const d = packed.sampleOf[i] as number;
      return Array.from(packed.keys.subarray(packed.offsets[d], packed.offsets[d + 1]), (k) => packed.names[k]);
    };
    expect(samples.map((_, i) => namesOf(i))).toEqual([['冒烟'], ['冒烟'], ['冒烟'], ['冒烟', '楼道'], ['冒烟', '楼道']]);
    expect(packed.names).toEqual(['冒烟', '楼道']);
    expect(packed.sampleOf[0]).toBe(packed.sampleOf[1]); // repeats stay one sample
  });

  it('reads runs of three characters, and keeps a trigram only when enough examples hold it', () => {
    const features = featurize('缝里透风 吹歪了');
    for (const f of ['缝里透', '里透风', '吹歪了', '缝里', '风']) expect(features.has(f)).toBe(true);
    expect(features.has('透风吹')).toBe(false); // not across a break
    expect([isTrigram('缝里透'), isTrigram('缝里'), isTrigram('^缝'), isTrigram('w:leak')]).toEqual([true, false, false, false]);
    const samples: LabelledFeatures[] = [
      { features: bag('透风', '缝里透'), label: 'repair' },
      { features: bag('透风', '缝里透', '吹歪了'), label: 'repair' },
      { features: bag('吹歪了'), label: 'none' },
      { features: bag('透风', '缝里透'), label: 'none' },
    ];
    const packed = packSamples(samples, (f) => (isTrigram(f) ? 3 : 1));
    expect(packed.names).toEqual(['透风', '缝里透']); // 吹歪了: two examples, one short of three
    expect(packSamples(samples, (f) => (isTrigram(f) ? MIN_TRIGRAM_EXAMPLES : 1)).names).toEqual(['透风']);
  });
});

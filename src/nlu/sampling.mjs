// Seeded shuffles and feature dropout for network training. Plain JavaScript, like train-worker.mjs, so the training
// worker applies them to the examples it receives: posting the examples once and expanding them there is cheaper
// than cloning every dropout copy across threads.

/** Numbers in [0, 1) from a seed (an LCG): the same corpus always gives the same model. */
function seededRandom(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

/** A deterministic Fisher–Yates shuffle. */
function shuffled(items, seed) {
  const next = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A sample's features as two arrays, names in the order a for-in loop visits them (the order nlp.js numbers them in).
 * Dropout copies made of these are plain arrays: tens of thousands of copies as objects keyed by feature name were
 * slower to build and to read than training on them.
 */
export class PackedFeatures {
  constructor(names, values) {
    this.names = names;
    this.values = values;
  }
}

function packed(features) {
  if (features instanceof PackedFeatures) return features;
  const names = Object.keys(features);
  return new PackedFeatures(names, names.map((name) => features[name]));
}

/**
 * Samples as a few flat arrays, to post to a training worker. Cloned as objects keyed by feature name, 31,000
 * examples took a worker 1.4–2.7 s to receive — longer than to train on them. A sample repeated by class balancing is
 * stored once; its features keep their order (the order nlp.js numbers them in).
 *
 * Features fewer than `minHeld` distinct samples hold are left out (a repeated sample counted once). A bigram only
 * one example holds is all a network needs to remember it by: in the urgency network "久检" and "顶那" weighed more
 * than any danger cue, and made a worried question about old signboards ("…物业多久检查一次") an alert.
 */
export function packSamples(samples, minHeld = 1) {
  const held = new Map();
  if (minHeld > 1) {
    for (const features of new Set(samples.map((sample) => sample.features))) {
      for (const name of Object.keys(features)) held.set(name, (held.get(name) ?? 0) + 1);
    }
  }
  const nameIndex = new Map();
  const names = [];
  const labelIndex = new Map();
  const labels = [];
  const distinct = new Map();
  const offsets = [0];
  const keys = [];
  const values = [];
  const sampleOf = new Int32Array(samples.length);
  const labelOf = new Int32Array(samples.length);
  samples.forEach((sample, i) => {
    let d = distinct.get(sample.features);
    if (d === undefined) {
      d = distinct.size;
      distinct.set(sample.features, d);
      for (const name of Object.keys(sample.features)) {
        if (minHeld > 1 && held.get(name) < minHeld) continue;
        let k = nameIndex.get(name);
        if (k === undefined) {
          k = names.length;
          names.push(name);
          nameIndex.set(name, k);
        }
        keys.push(k);
        values.push(sample.features[name]);
      }
      offsets.push(keys.length);
    }
    sampleOf[i] = d;
    let l = labelIndex.get(sample.label);
    if (l === undefined) {
      l = labels.length;
      labels.push(sample.label);
      labelIndex.set(sample.label, l);
    }
    labelOf[i] = l;
  });
  return { names, labels, offsets: Int32Array.from(offsets), keys: Int32Array.from(keys), values: Float64Array.from(values), sampleOf, labelOf };
}

/** The samples packSamples packed, with PackedFeatures; a repeated sample shares one. */
export function unpackSamples({ names, labels, offsets, keys, values, sampleOf, labelOf }) {
  const distinct = [];
  for (let d = 0; d + 1 < offsets.length; d++) {
    const sampleNames = [];
    const sampleValues = [];
    for (let j = offsets[d]; j < offsets[d + 1]; j++) {
      sampleNames.push(names[keys[j]]);
      sampleValues.push(values[j]);
    }
    distinct.push(new PackedFeatures(sampleNames, sampleValues));
  }
  return Array.from(sampleOf, (d, i) => ({ features: distinct[d], label: labels[labelOf[i]] }));
}

/**
 * Feature dropout as extra training data: `copies` more of every sample, each keeping a feature with probability
 * 1 - `drop` (seeded, so the same corpus gives the same model). nlp.js has no regularisation: trained on whole
 * messages its networks let a few characters particular to the examples carry a sample (纸箱, 楼梯 weighing as much as
 * 燃起, 灭火), so a new wording of the same danger is missed. With parts of each message hidden, every cue in it has
 * to carry the label on its own now and then, and the weight spreads over all of them.
 */
function withDropout(samples, copies, drop, seed) {
  const next = seededRandom(seed);
  const out = [...samples];
  for (let c = 0; c < copies; c++) {
    for (const sample of samples) {
      const { names, values } = sample.features;
      const keptNames = [];
      const keptValues = [];
      for (let i = 0; i < names.length; i++) {
        if (next() >= drop) {
          keptNames.push(names[i]);
          keptValues.push(values[i]);
        }
      }
      if (keptNames.length > 0) out.push({ features: new PackedFeatures(keptNames, keptValues), label: sample.label });
    }
  }
  return out;
}

/**
 * What a training task trains on, as nlp.js's corpus ({ input, output }) with packed inputs: its examples, their
 * dropout copies if asked for, in the order of its seed. The seed also picks which features each copy hides, so
 * networks averaged over several seeds have seen different parts of every example. Examples repeated by class
 * balancing are packed once.
 */
export function trainingCorpus(samples, seed, dropout) {
  const once = new Map();
  const packedSamples = samples.map((sample) => {
    let features = once.get(sample.features);
    if (!features) {
      features = packed(sample.features);
      once.set(sample.features, features);
    }
    return { features, label: sample.label };
  });
  const order = shuffled(dropout ? withDropout(packedSamples, dropout.copies, dropout.drop, seed) : packedSamples, seed);
  return order.map((s) => ({ input: s.features, output: { [s.label]: 1 } }));
}

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
  const names = Object.keys(features);
  return new PackedFeatures(names, names.map((name) => features[name]));
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

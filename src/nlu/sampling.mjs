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
 * Samples as a few flat arrays, to post to a training worker. Cloned as objects keyed by feature name, 31,000
 * examples took a worker 1.4–2.7 s to receive — longer than to train on them. A sample repeated by class balancing is
 * stored once; its features keep their order (the order a network sums and numbers them in).
 *
 * Features fewer than `minHeld` distinct samples hold are left out (a repeated sample counted once; `minHeld` may
 * also be a function giving the number a feature needs). A bigram only
 * one example holds is all a network needs to remember it by: in the urgency network "久检" and "顶那" weighed more
 * than any danger cue, and made a worried question about old signboards ("…物业多久检查一次") an alert.
 */
export function packSamples(samples, minHeld = 1) {
  const distinct = new Map();
  const sampleOf = new Int32Array(samples.length);
  const labelIndex = new Map();
  const labels = [];
  const labelOf = new Int32Array(samples.length);
  samples.forEach((sample, i) => {
    let d = distinct.get(sample.features);
    if (d === undefined) {
      d = distinct.size;
      distinct.set(sample.features, d);
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
  // every name numbered and counted in one pass (one lookup a feature); those held too rarely are dropped after.
  // Typed arrays sized up front, not arrays grown a number at a time: packing took half as long (1.2 → 0.6 s).
  let total = 0;
  for (const features of distinct.keys()) total += features.size;
  const seenIndex = new Map();
  const seenNames = [];
  let held = new Int32Array(1024);
  const seenKeys = new Int32Array(total);
  const seenOffsets = new Int32Array(distinct.size + 1);
  let at = 0;
  let d = 0;
  for (const features of distinct.keys()) {
    for (const name of features) {
      let k = seenIndex.get(name);
      if (k === undefined) {
        k = seenNames.length;
        seenNames.push(name);
        seenIndex.set(name, k);
        if (k === held.length) {
          const grown = new Int32Array(held.length * 2);
          grown.set(held);
          held = grown;
        }
      }
      held[k]++;
      seenKeys[at++] = k;
    }
    seenOffsets[++d] = at;
  }
  const kept = new Int32Array(seenNames.length);
  const names = [];
  for (let k = 0; k < seenNames.length; k++) {
    const name = seenNames[k];
    const needed = typeof minHeld === 'function' ? minHeld(name) : minHeld;
    kept[k] = held[k] >= needed ? names.push(name) - 1 : -1;
  }
  const offsets = new Int32Array(seenOffsets.length);
  const keys = new Int32Array(at);
  let n = 0;
  for (let s = 0; s + 1 < seenOffsets.length; s++) {
    for (let j = seenOffsets[s]; j < seenOffsets[s + 1]; j++) {
      const k = kept[seenKeys[j]];
      if (k >= 0) keys[n++] = k;
    }
    offsets[s + 1] = n;
  }
  return { names, labels, offsets, keys: keys.slice(0, n), sampleOf, labelOf };
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
      const kept = [];
      for (let i = 0; i < sample.keys.length; i++) if (next() >= drop) kept.push(sample.keys[i]);
      if (kept.length > 0) out.push({ keys: Int32Array.from(kept), label: sample.label });
    }
  }
  return out;
}

/**
 * What a training task trains on, in the order it is trained: the packed examples (a repeated example shares one
 * view of the flat arrays), their dropout copies if asked for, shuffled by the seed. The seed also picks which
 * features each copy hides, so networks averaged over several seeds have seen different parts of every example.
 * Keys and labels stay numbers (indices into `names` and `labels`): no feature name is touched.
 */
export function trainingOrder({ offsets, keys, sampleOf, labelOf }, seed, dropout) {
  const distinct = [];
  for (let d = 0; d + 1 < offsets.length; d++) distinct.push(keys.subarray(offsets[d], offsets[d + 1]));
  const samples = Array.from(sampleOf, (d, i) => ({ keys: distinct[d], label: labelOf[i] }));
  return shuffled(dropout ? withDropout(samples, dropout.copies, dropout.drop, seed) : samples, seed);
}

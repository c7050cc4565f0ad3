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
 * A Map from feature name to number for names of up to three UTF-16 units (characters, bigrams, trigrams: nearly all
 * features), kept as their character codes in an open-addressing table; longer names go to a Map. In a Map of 300,000
 * names each lookup compared the name with its first copy, elsewhere in memory: most of what packing cost.
 */
class NameIndex {
  #slots = new Int32Array(3 << 16); // [units 0-1, unit 2 and length, number + 1] a slot; 0 in the last: empty
  #count = 0;
  #long = new Map();

  get(name) {
    if (name.length > 3) return this.#long.get(name);
    const low = NameIndex.#low(name);
    const high = NameIndex.#high(name);
    const slots = this.#slots;
    const mask = slots.length / 3 - 1;
    for (let i = NameIndex.#hash(low, high) & mask; ; i = (i + 1) & mask) {
      const number = slots[i * 3 + 2];
      if (number === 0) return undefined;
      if (slots[i * 3] === low && slots[i * 3 + 1] === high) return number - 1;
    }
  }

  /** `name` must not be in the index yet. */
  set(name, number) {
    if (name.length > 3) {
      this.#long.set(name, number);
      return;
    }
    if (2 * (this.#count + 1) > this.#slots.length / 3) this.#grow();
    this.#put(NameIndex.#low(name), NameIndex.#high(name), number + 1);
    this.#count++;
  }

  #put(low, high, stored) {
    const slots = this.#slots;
    const mask = slots.length / 3 - 1;
    let i = NameIndex.#hash(low, high) & mask;
    while (slots[i * 3 + 2] !== 0) i = (i + 1) & mask;
    slots[i * 3] = low;
    slots[i * 3 + 1] = high;
    slots[i * 3 + 2] = stored;
  }

  #grow() {
    const old = this.#slots;
    this.#slots = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 3) if (old[i + 2] !== 0) this.#put(old[i], old[i + 1], old[i + 2]);
  }

  static #low(name) {
    return name.charCodeAt(0) | ((name.length > 1 ? name.charCodeAt(1) : 0) << 16);
  }

  static #high(name) {
    return (name.length > 2 ? name.charCodeAt(2) : 0) | (name.length << 16);
  }

  static #hash(low, high) {
    const h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    return h ^ (h >>> 15);
  }
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
  const seenIndex = new NameIndex();
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
 *
 * The copies come back as flat arrays: copy c's keys from offsets[c] to offsets[c + 1], its sample sampleOf[c].
 */
function dropoutCopies({ offsets, keys, sampleOf }, copies, drop, seed) {
  const next = seededRandom(seed);
  let total = 0;
  for (const d of sampleOf) total += offsets[d + 1] - offsets[d];
  const kept = new Int32Array(total * copies);
  const copyOffsets = [0];
  const copyOf = [];
  let at = 0;
  for (let c = 0; c < copies; c++) {
    for (let i = 0; i < sampleOf.length; i++) {
      const d = sampleOf[i];
      const from = at;
      for (let j = offsets[d]; j < offsets[d + 1]; j++) if (next() >= drop) kept[at++] = keys[j];
      if (at > from) {
        copyOffsets.push(at);
        copyOf.push(i);
      }
    }
  }
  return { offsets: copyOffsets, keys: kept, sampleOf: copyOf };
}

/**
 * trainingOrder as flat arrays, the examples one after another in the order trained: example i's keys from offsets[i]
 * to offsets[i + 1], its label labelOf[i]. Read front to back on every pass, this trains faster than an object and an
 * array for each example, and making those cost a training worker as much as a pass.
 */
export function orderedExamples(packed, seed, dropout) {
  const { offsets, keys, sampleOf, labelOf } = packed;
  const copies = dropout ? dropoutCopies(packed, dropout.copies, dropout.drop, seed) : null;
  const count = sampleOf.length + (copies ? copies.sampleOf.length : 0);
  // the samples, then their copies, shuffled as one list
  const order = shuffled(Array.from({ length: count }, (_, e) => e), seed);
  const from = (e) => (e < sampleOf.length ? offsets[sampleOf[e]] : copies.offsets[e - sampleOf.length]);
  const to = (e) => (e < sampleOf.length ? offsets[sampleOf[e] + 1] : copies.offsets[e - sampleOf.length + 1]);
  let total = 0;
  for (const e of order) total += to(e) - from(e);
  const orderedOffsets = new Int32Array(count + 1);
  const orderedKeys = new Int32Array(total);
  const orderedLabels = new Int32Array(count);
  let at = 0;
  order.forEach((e, i) => {
    const source = e < sampleOf.length ? keys : copies.keys;
    for (let j = from(e); j < to(e); j++) orderedKeys[at++] = source[j];
    orderedOffsets[i + 1] = at;
    orderedLabels[i] = labelOf[e < sampleOf.length ? e : copies.sampleOf[e - sampleOf.length]];
  });
  return { offsets: orderedOffsets, keys: orderedKeys, labelOf: orderedLabels };
}

/**
 * What a training task trains on, in the order it is trained: the packed examples, their dropout copies if asked for,
 * shuffled by the seed. The seed also picks which features each copy hides, so networks averaged over several seeds
 * have seen different parts of every example. Keys and labels stay numbers (indices into `names` and `labels`): no
 * feature name is touched.
 */
export function trainingOrder(packed, seed, dropout) {
  const { offsets, keys, labelOf } = orderedExamples(packed, seed, dropout);
  return Array.from(labelOf, (label, i) => ({ keys: keys.subarray(offsets[i], offsets[i + 1]), label }));
}

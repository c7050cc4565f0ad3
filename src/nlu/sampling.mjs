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
 * Feature dropout as extra training data: `copies` more of every sample, each keeping a feature with probability
 * 1 - `drop` (seeded, so the same corpus gives the same model). nlp.js has no regularisation: trained on whole
 * messages its networks let a few characters particular to the examples carry a sample (纸箱, 楼梯 weighing as much as
 * 燃起, 灭火), so a new wording of the same danger is missed. With parts of each message hidden, every cue in it has
 * to carry the label on its own now and then, and the weight spreads over all of them.
 */
function withDropout(samples, copies, drop, seed = 4242) {
  const next = seededRandom(seed);
  const out = [...samples];
  for (let c = 0; c < copies; c++) {
    for (const sample of samples) {
      const features = {};
      for (const key in sample.features) if (next() >= drop) features[key] = sample.features[key];
      if (Object.keys(features).length > 0) out.push({ features, label: sample.label });
    }
  }
  return out;
}

/** What a training task trains on: its examples, their dropout copies if asked for, in the order of its seed. */
export function trainingOrder(samples, seed, dropout) {
  return shuffled(dropout ? withDropout(samples, dropout.copies, dropout.drop) : samples, seed);
}

import { loadClassifier } from '../nlu/index.js';

const started = Date.now();
const classifier = await loadClassifier({ forceTrain: true, log: (s) => process.stderr.write(`${s}\n`) });
process.stderr.write(`nlu: model ${classifier.modelHash} ready in ${Date.now() - started} ms\n`);

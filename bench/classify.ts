import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadClassifier } from '../src/nlu/index.js';

const TEMPLATES = [
  '{b}{u}{r}厨房水管漏水', '电梯停在{f}不动了', '请问物业费怎么交', '谢谢师傅，修好了', '楼上半夜还在跺脚，吵死了',
  '團購水果，要的接龍', '@物业\u2005{b}楼道灯坏了😂', '专业疏通下水道电话1381234{n}', '明天停水大家记得储水',
  '「张三：几点停水」\n- - - - - - - - - - - - - - -\n请问几点恢复', '收到', '[图片]', '報修三天了還沒人來處理',
  '有人被困在电梯里了', '地下车库B区的灯不亮', '我的车位又被占了，物业管不管', '装修要办什么手续',
];

function makeMessages(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    (TEMPLATES[i % TEMPLATES.length] ?? '')
      .replace('{b}', `${(i % 20) + 1}栋`)
      .replace('{u}', `${(i % 4) + 1}单元`)
      .replace('{r}', `${(i % 30) + 1}0${(i % 9) + 1}`)
      .replace('{f}', `${(i % 30) + 1}楼`)
      .replace('{n}', String(1000 + (i % 9000))),
  );
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Per-message latency of classify() on one thread, after a warm-up pass. */
export async function benchClassify(): Promise<{ p50_ms: number; p99_ms: number; msgs_per_s: number; n: number }> {
  const classifier = await loadClassifier({ cacheDir: mkdtempSync(join(tmpdir(), 'linli-bench-')) });
  const messages = makeMessages(5000);
  for (const m of messages.slice(0, 1000)) classifier.classify(m);
  const latencies: number[] = [];
  const started = performance.now();
  for (const m of messages) {
    const t0 = performance.now();
    classifier.classify(m);
    latencies.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    msgs_per_s: Math.round((messages.length / elapsed) * 1000),
    n: messages.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchClassify()));
}

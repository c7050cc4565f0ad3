import type { Understanding } from '../../nlu/index.js';
import { splitQuote } from '../../nlu/normalize.js';
import type { Ctx } from '../context.js';

const understood = new WeakMap<Ctx, Understanding>();

/** The classifier's reading of this message, computed once however many handlers ask. */
export function understand(ctx: Ctx): Understanding {
  let u = understood.get(ctx);
  if (!u) understood.set(ctx, (u = ctx.svc.classifier.classify(ctx.text)));
  return u;
}

/** The sender's own words: a quoted message (WeChat's "「…」\n- - - - -" block) is never theirs to restate. */
export function ownWords(ctx: Ctx): string {
  return splitQuote(ctx.text).own.trim();
}

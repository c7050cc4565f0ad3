/** The ticket states and which step may be taken from which. Pure: the commands and handlers enforce it. */
export type Status = 'open' | 'accepted' | 'paused' | 'resolved' | 'closed';
export type Action = 'accept' | 'assign' | 'progress' | 'resolve' | 'reopen' | 'hold' | 'resume' | 'merge' | 'rate' | 'expire';

export const STATUS_NAMES: Record<Status, string> = {
  open: '待接单', accepted: '处理中', paused: '挂起中', resolved: '已完成待评价', closed: '已关闭',
};

const ALLOWED: Record<Action, Status[]> = {
  accept: ['open', 'accepted'],
  assign: ['open', 'accepted', 'paused'],
  progress: ['open', 'accepted', 'paused'],
  resolve: ['open', 'accepted', 'paused'],
  reopen: ['resolved', 'closed'],
  hold: ['open', 'accepted'],
  resume: ['paused'],
  merge: ['open', 'accepted', 'paused'],
  rate: ['resolved'],
  expire: ['resolved'],
};

export function statusName(s: string): string {
  return STATUS_NAMES[s as Status] ?? s;
}

export function mayTake(action: Action, status: string): boolean {
  return ALLOWED[action].includes(status as Status);
}

/** Where a ticket goes back to when it is worked on again (恢复, 重开): accepted once someone has it. */
export function workingStatus(t: { acceptedAt: Date | null; assigneeId: string | null }): Status {
  return t.acceptedAt || t.assigneeId ? 'accepted' : 'open';
}

export function isActive(status: string): boolean {
  return status === 'open' || status === 'accepted' || status === 'paused';
}

export const CATEGORY_NAMES: Record<string, string> = {
  lift: '电梯', water: '水管/用水', power: '用电/照明', gas: '燃气', doors: '门禁/门窗', facilities: '公共设施',
  structure: '房屋结构', noise: '噪音', parking: '停车', hygiene: '环境卫生', pets: '宠物', security: '安保',
  fees: '收费', staff: '服务态度', service: '服务', other: '其他',
};

export function categoryName(c: string): string {
  return CATEGORY_NAMES[c] ?? c;
}

export const INTENT_NAMES: Record<string, string> = { repair: '报修', complaint: '投诉', inquiry: '咨询' };

export function intentName(i: string): string {
  return INTENT_NAMES[i] ?? i;
}

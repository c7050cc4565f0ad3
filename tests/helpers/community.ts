import type { SaidLine } from './simulate.js';

/** The small community most conversation tests are set in. */
export const GROUP = '阳光花园3栋业主群';
export const STAFF = '阳光花园物业工作群';
export const SETUP = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: STAFF },
  { setup: 'staff', name: '赵经理', role: 'manager' },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
];

/** "09:30" on 23 November 2026 (or another day), in the company's zone. */
export const at = (hhmm: string, day = 23) => `2026-11-${day}T${hhmm}:00+08:00`;
export const inGroup = (said: SaidLine[]) => said.filter((s) => s.room === GROUP);
export const inStaff = (said: SaidLine[]) => said.filter((s) => s.room === STAFF);

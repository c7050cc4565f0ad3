/** The demo community the local simulator starts with (the same shape as a `simulate` script's setup). */
export const DEMO_SETUP = [
  { setup: 'room', room: '阳光花园3栋业主群', community: '阳光花园', building: '3栋' },
  { setup: 'room', room: '阳光花园5栋业主群', community: '阳光花园', building: '5栋' },
  { setup: 'staff-room', room: '阳光花园物业工作群' },
  { setup: 'staff', name: '刘经理', role: 'manager' },
  { setup: 'staff', name: '陈主管', role: 'supervisor' },
  { setup: 'staff', name: '小周', role: 'agent' },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'resident', name: '张阿姨', room: '阳光花园3栋业主群', unit: '3栋2单元1502' },
  { setup: 'resident', name: '王先生', room: '阳光花园3栋业主群', unit: '3栋1单元301' },
  { setup: 'resident', name: '林小姐', room: '阳光花园5栋业主群', unit: '5栋1单元802' },
] as const;

import type { LocalText } from './messages.ts';

/*
 * Rescue duty's words for the audit trail, apart from its schemas: audit-labels.ts (in the console's first
 * download) needs these words, not the zod schemas of duty.ts (loaded with the duty pages).
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the duty module: route operation ids, the sweep job and its reconciler. */
export const DUTY_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'duty.teams.list': lr('查看值班队伍', 'List duty teams'),
  'duty.teams.create': la('新建值班队伍', 'Create duty team'),
  'duty.teams.get': lr('查看值班队伍', 'Read duty team'),
  'duty.teams.update': la('修改值班队伍', 'Edit duty team'),
  'duty.teams.putMember': la('设置队员', 'Set team member'),
  'duty.teams.removeMember': la('移出队员', 'Remove team member'),
  'duty.teams.qr': lr('查看值班室二维码', 'Read duty-room QR code'),
  'duty.teams.candidates': lr('查看可加入队伍的人员', 'List people who may join the team'),
  'duty.rotations.list': lr('查看轮班规则', 'List rotations'),
  'duty.rotations.create': la('新建轮班规则', 'Create rotation'),
  'duty.rotations.update': la('修改轮班规则', 'Edit rotation'),
  'duty.roster': lr('查看值班表', 'Read duty roster'),
  'duty.onDuty': lr('查看当前值班人员', 'Read who is on duty'),
  'duty.overrides.create': la('安排替班', 'Arrange cover'),
  'duty.overrides.delete': la('撤销替班', 'Undo cover'),
  'duty.swaps.list': lr('查看换班申请', 'List swap requests'),
  'duty.swaps.create': la('申请换班', 'Ask for a swap'),
  'duty.swaps.accept': la('同意换班', 'Accept swap'),
  'duty.swaps.decline': la('拒绝换班', 'Decline swap'),
  'duty.swaps.approve': la('批准换班', 'Approve swap'),
  'duty.swaps.reject': la('不批准换班', 'Reject swap'),
  'duty.swaps.cancel': la('撤回换班申请', 'Withdraw swap request'),
  'duty.leaves.list': lr('查看请假', 'List leave'),
  'duty.leaves.create': la('登记请假', 'Record leave'),
  'duty.leaves.approve': la('批准请假', 'Approve leave'),
  'duty.leaves.reject': la('不批准请假', 'Reject leave'),
  'duty.me.shifts': lr('查看我的班次', 'Read my shifts'),
  'duty.me.checkIn': lr('查看我的签到', 'Read my check-in'),
  'duty.checkIn': la('值班签到', 'Duty check-in'),
  'duty.checkOut': la('值班签退', 'Duty check-out'),
  'duty.fairness': lr('查看值班统计', 'Read duty hours report'),
  'duty.fairnessExport': lr('导出值班统计', 'Export duty hours report'),
  'duty.sweep': la('值班定时巡检', 'Duty sweep'),
  'reconcile:duty': la('值班定时核对', 'Duty reconciliation'),
};
/** Every entity of the duty module written to the audit trail. */
export const DUTY_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  DutyTeam: la('值班队伍', 'Duty team'),
  DutyTeamMember: la('队员', 'Team member'),
  DutyRotation: la('轮班规则', 'Rotation'),
  DutyOverride: la('替班', 'Cover'),
  DutySwap: la('换班申请', 'Swap request'),
  DutyLeave: la('请假', 'Leave'),
  DutyCheckIn: la('值班签到', 'Duty check-in'),
  DutyNotice: la('值班提醒台账', 'Duty reminder ledger'),
};

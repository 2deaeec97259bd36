import type { LocalText } from './messages.ts';

/*
 * The equipment room's words for the audit trail, apart from its schemas: audit-labels.ts (in the console's first
 * download) needs these words, not the zod schemas of equipment.ts (loaded with the equipment pages).
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the equipment module: route operation ids, the sweep job and its reconciler. */
export const EQUIPMENT_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'equipment.models.list': lr('查看器材目录', 'List equipment catalogue'),
  'equipment.models.get': lr('查看器材型号', 'Read equipment model'),
  'equipment.models.create': la('新增器材型号', 'Add equipment model'),
  'equipment.models.update': la('修改器材型号', 'Edit equipment model'),
  'equipment.units.list': lr('查看器材台账', 'List equipment units'),
  'equipment.units.get': lr('查看器材', 'Read equipment unit'),
  'equipment.units.byCode': lr('扫码查看器材', 'Scan equipment label'),
  'equipment.units.create': la('新增器材', 'Add equipment unit'),
  'equipment.units.update': la('修改器材台账', 'Edit equipment unit'),
  'equipment.units.qr': lr('查看器材二维码', 'Read equipment QR code'),
  'equipment.units.action': la('变更器材状态', 'Change equipment status'),
  'equipment.units.import': la('导入器材台账', 'Import equipment units'),
  'equipment.units.export': lr('导出器材台账', 'Export equipment ledger'),
  'equipment.labels': lr('打印器材标签', 'Print equipment labels'),
  'equipment.availability': lr('查看器材可借情况', 'Read equipment availability'),
  'equipment.reservations.list': lr('查看器材预约', 'List equipment reservations'),
  'equipment.reservations.create': la('预约器材', 'Reserve equipment'),
  'equipment.reservations.cancel': la('取消器材预约', 'Cancel equipment reservation'),
  'equipment.requests.list': lr('查看借用申请', 'List equipment requests'),
  'equipment.requests.get': lr('查看借用申请', 'Read equipment request'),
  'equipment.requests.create': la('提交借用申请', 'Request equipment'),
  'equipment.requests.approve': la('批准借用申请', 'Approve equipment request'),
  'equipment.requests.reject': la('驳回借用申请', 'Reject equipment request'),
  'equipment.requests.cancel': la('撤回借用申请', 'Withdraw equipment request'),
  'equipment.loans.list': lr('查看借出记录', 'List equipment loans'),
  'equipment.loans.get': lr('查看借出记录', 'Read equipment loan'),
  'equipment.loans.checkOut': la('出借器材', 'Check out equipment'),
  'equipment.loans.declareReturn': la('借用人申报归还', 'Borrower declares return'),
  'equipment.loans.return': la('器材归还入库', 'Receive equipment return'),
  'equipment.loans.recall': la('紧急召回器材', 'Recall equipment'),
  'equipment.loans.nudge': la('催还器材', 'Remind borrower'),
  'equipment.maintenance.list': lr('查看保养任务', 'List maintenance jobs'),
  'equipment.maintenance.pass': la('保养合格', 'Maintenance passed'),
  'equipment.maintenance.fail': la('保养不合格', 'Maintenance failed'),
  'equipment.sweep': la('器材室定时巡检', 'Equipment room sweep'),
  'reconcile:equipment': la('器材室定时核对', 'Equipment room reconciliation'),
};
/** Every entity of the equipment module written to the audit trail. */
export const EQUIPMENT_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  EquipmentModel: la('器材型号', 'Equipment model'),
  EquipmentUnit: la('器材', 'Equipment unit'),
  EquipmentReservation: la('器材预约', 'Equipment reservation'),
  EquipmentRequest: la('借用申请', 'Equipment request'),
  EquipmentLoan: la('器材借出', 'Equipment loan'),
  EquipmentMaintenance: la('器材保养', 'Equipment maintenance'),
  EquipmentNotice: la('器材提醒台账', 'Equipment reminder ledger'),
};

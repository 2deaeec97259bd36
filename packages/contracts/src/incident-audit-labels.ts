import type { LocalText } from './messages.ts';

/*
 * Incidents' words for the audit trail (应急联动), apart from the schemas of incidents.ts: audit-labels.ts (in the
 * console's first download) needs these words, not the zod schemas. Each part adds its lines in its section.
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the incidents module: route operation ids, jobs, event subscribers and reconcilers. */
export const INCIDENT_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  // ---- incident core (A)
  'incidents.sos': la('一键求救', 'SOS'),
  'incidents.create': la('值班台接报立案', 'Raise incident'),
  'incidents.list': lr('查看事件列表', 'List incidents'),
  'incidents.mine': lr('查看我上报的事件', 'List my incidents'),
  'incidents.stats': lr('查看事件统计', 'Read incident statistics'),
  'incidents.get': lr('查看事件详情', 'Read incident'),
  'incidents.update': la('修改事件信息', 'Edit incident'),
  'incidents.status': la('事件已控制', 'Incident controlled'),
  'incidents.close': la('事件结案', 'Close incident'),
  'incidents.cancel': la('事件取消/误报', 'Cancel incident'),
  'incidents.casualties': la('更新伤亡和损失', 'Update casualties'),
  'incidents.authorityReport': la('登记上报应急管理部门', 'Record authority report'),
  'incidents.initialReport': lr('下载事故快报', 'Download initial report'),
  'incidents.afterActionReport': lr('下载处置总结报告', 'Download after-action report'),
  'incidents.notes': la('事件备注', 'Incident note'),
  'incidents.planProposals': lr('查看匹配的应急预案', 'Read plan proposals'),
  'incidents.applyPlan': la('启动应急预案', 'Apply response plan'),
  'incidents.checklist': la('处置步骤打勾', 'Tick checklist step'),
  'responsePlans.list': lr('查看应急预案', 'List response plans'),
  'responsePlans.get': lr('查看应急预案详情', 'Read response plan'),
  'responsePlans.create': la('新增应急预案', 'Add response plan'),
  'responsePlans.update': la('修改应急预案', 'Edit response plan'),
  'responsePlans.archive': la('停用应急预案', 'Archive response plan'),
  'incident.clock': la('事故上报时限提醒', 'Authority report deadline reminder'),
  'reconcile:incident-clock': la('核对事故上报时限提醒', 'Authority report reminder reconciliation'),
  // ---- dispatch & warnings (B)
  'incidents.dispatchProposal': lr('查看调派建议', 'Read dispatch proposal'),
  'incidents.dispatch': la('调派救援力量', 'Dispatch'),
  'incidents.dispatches.ack': la('确认接警', 'Acknowledge dispatch'),
  'incidents.dispatches.status': la('报告出发/到场/完成', 'Dispatch status'),
  'incidents.dispatches.rollCall': la('报平安', 'Answer roll call'),
  'incidents.dispatches.standDown': la('撤回调派', 'Stand down'),
  'incidents.photos': la('上传现场照片', 'Scene photos'),
  'incidents.myDispatches': lr('查看我的出警任务', 'List my dispatches'),
  'incidents.downwind': lr('查看下风向影响范围', 'Read downwind sector'),
  'incidents.warnings.send': la('发布下风向预警', 'Send downwind warnings'),
  'incidents.warnings.mine': lr('查看本企业预警', 'List my warnings'),
  'incidents.warnings.ack': la('确认预警', 'Acknowledge warning'),
  'sensitiveTargets.list': lr('查看敏感目标', 'List sensitive targets'),
  'sensitiveTargets.create': la('新增敏感目标', 'Add sensitive target'),
  'sensitiveTargets.update': la('修改敏感目标', 'Edit sensitive target'),
  'sensitiveTargets.archive': la('停用敏感目标', 'Archive sensitive target'),
  'incident.dispatch.ack-timeout': la('调派超时升级', 'Dispatch ack timeout'),
  'incident.rollcall': la('现场人员清点', 'Roll call'),
  'reconcile:incident-dispatch': la('核对调派超时升级', 'Dispatch escalation reconciliation'),
  'reconcile:incident-rollcall': la('核对人员清点', 'Roll call reconciliation'),
  'incidents.equipment.release': la('事件器材归队', 'Stand a unit down from the incident'),
  'incident.warning.sms': la('向敏感目标发送预警短信', 'Warning SMS to a sensitive target'),
  // ---- command hall (E)
  'commandHall.get': lr('查看指挥大厅', 'Read command hall'),
};
/** Every entity of the incidents module written to the audit trail. */
export const INCIDENT_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  // ---- incident core (A)
  Incident: la('应急事件', 'Incident'),
  IncidentEvent: la('事件时间线', 'Incident timeline entry'),
  ResponsePlan: la('应急预案(结构化)', 'Response plan'),
  IncidentChecklistItem: la('预案处置步骤', 'Checklist step'),
  IncidentCounter: la('事件编号计数', 'Incident number counter'),
  // ---- dispatch & warnings (B)
  IncidentDispatch: la('救援调派', 'Dispatch'),
  IncidentEquipment: la('事件器材', 'Incident equipment'),
  SensitiveTarget: la('敏感目标', 'Sensitive target'),
  IncidentWarning: la('下风向预警', 'Downwind warning'),
};

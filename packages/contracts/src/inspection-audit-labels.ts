import type { LocalText } from './messages.ts';

/*
 * The inspections module's words for the audit trail, apart from its schemas: audit-labels.ts (in the console's
 * first download) needs these words, not the zod schemas of inspections.ts (loaded with the inspection pages).
 */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the inspections module: route operation ids, jobs, subscribers, reconcilers. */
export const INSPECTION_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'inspectionTemplates.list': lr('查看检查表模板', 'List checklist templates'),
  'inspectionTemplates.get': lr('查看检查表模板', 'Read checklist template'),
  'inspectionTemplates.create': la('新建检查表模板', 'Create checklist template'),
  'inspectionTemplates.update': la('修改检查表模板草稿', 'Edit checklist template draft'),
  'inspectionTemplates.publish': la('发布检查表模板', 'Publish checklist template'),
  'inspectionTemplates.revise': la('新建检查表修订版', 'Revise checklist template'),
  'inspectionTemplates.retire': la('停用检查表模板', 'Retire checklist template'),
  'inspectionAgencies.list': lr('查看第三方服务机构', 'List agencies'),
  'inspectionAgencies.create': la('登记第三方服务机构', 'Register agency'),
  'inspectionAgencies.update': la('修改第三方服务机构', 'Edit agency'),
  'inspectionContracts.list': lr('查看服务合同', 'List agency contracts'),
  'inspectionContracts.create': la('登记服务合同', 'Record agency contract'),
  'inspectionContracts.update': la('修改服务合同', 'Edit agency contract'),
  'inspectionPlans.list': lr('查看检查计划', 'List inspection plans'),
  'inspectionPlans.get': lr('查看检查计划', 'Read inspection plan'),
  'inspectionPlans.create': la('新建检查计划', 'Create inspection plan'),
  'inspectionPlans.update': la('修改检查计划', 'Edit inspection plan'),
  'inspectionPlans.preview': lr('预览检查计划覆盖企业', 'Preview inspection plan'),
  'inspectionPlans.generate': la('生成检查任务', 'Generate inspection tasks'),
  'inspectionTasks.list': lr('查看检查任务', 'List inspection tasks'),
  'inspectionTasks.get': lr('查看检查任务', 'Read inspection task'),
  'inspections.coverage': lr('查看检查覆盖率', 'Read inspection coverage'),
  'inspections.coverageExport': lr('导出检查覆盖率', 'Export inspection coverage'),
  'inspections.checkIns': lr('查看签到地图', 'Read check-in map'),
  'inspections.checkIn': la('检查签到', 'Inspection check-in'),
  'inspections.submit': la('提交检查记录', 'Submit inspection record'),
  'inspections.record': lr('下载检查记录', 'Download inspection record'),
  'inspections.gateQr': lr('查看企业签到二维码', 'Read enterprise gate QR code'),
  'inspection.generate': la('生成检查任务（定时）', 'Inspection task generation'),
  'inspection.sweep': la('检查任务状态巡检', 'Inspection status sweep'),
  'event:inspections.replan': la('企业风险颜色变化后重排检查', 'Inspection re-planning after a colour change'),
  'reconcile:inspections': la('检查任务定时核对', 'Inspection timer reconciliation'),
};
/** Every entity of the inspections module written to the audit trail. */
export const INSPECTION_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  InspectionTemplate: la('检查表模板', 'Checklist template'),
  InspectionPlan: la('检查计划', 'Inspection plan'),
  InspectionTask: la('检查任务', 'Inspection task'),
  InspectionAgency: la('第三方服务机构', 'Agency'),
  InspectionContract: la('服务合同', 'Agency contract'),
};

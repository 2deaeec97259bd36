import type { ExportProfile } from '../profile.ts';

/** 治理状态 words of a hazard ledger, from our statuses. */
export const HAZARD_GOVERNANCE_STATUS = {
  reported: '待确认',
  confirmed: '未整改',
  rectifying: '整改中',
  pending_review: '整改完成待验收',
  closed: '已整改',
  dismissed: '已撤销',
} as const;

/** The statuses of a hazard of record: confirmed by the zone (not merely reported, not dismissed). */
export const HAZARD_LEDGER_STATUSES: readonly string[] = ['confirmed', 'rectifying', 'pending_review', 'closed'];

/** 隐患来源 words (as the hazard ledger prints them). */
export const HAZARD_SOURCE_WORDS: Readonly<Record<string, string>> = {
  self_check: '企业自查',
  grid_patrol: '网格巡查',
  third_party: '第三方检查',
  safety_inspection: '安监检查',
  iot_alarm: '物联网报警',
  report: '举报',
  analogy: '事故类比',
  holiday: '节假日前检查',
  phone_complaint: '电话投诉',
  authority_assigned: '上级交办',
  other: '其他',
};

/**
 * 隐患排查治理台账 for a provincial platform: every confirmed hazard (general and major) with its rectification —
 * the columns of the 台账 that 《安全生产事故隐患排查治理暂行规定》 (安监总局令第16号) asks enterprises and
 * supervisors to keep (编号, 企业, 描述, 等级, 发现日期, 整改期限, 完成日期, 治理状态, 责任人, 资金). Hazards still
 * waiting for confirmation and dismissed reports are not part of the ledger. A generic layout, not an official
 * interface specification.
 */
export const provincialHazardLedger: ExportProfile = {
  id: 'provincial-hazard-ledger',
  version: 1,
  name: { zh: '隐患排查治理台账', en: 'Hazard investigation and rectification ledger' },
  target: { zh: '省级安全生产风险监测预警平台', en: 'Provincial safety risk monitoring platform' },
  description: {
    zh: '已确认的一般和重大隐患及其整改情况（待确认和已撤销的不报送）。',
    en: 'Confirmed general and major hazards with their rectification (unconfirmed and dismissed reports are left out).',
  },
  entity: 'hazard',
  filter: { status: HAZARD_LEDGER_STATUSES },
  format: { formats: ['json', 'xlsx'], sheetName: '隐患排查治理台账', fileStem: '隐患排查治理台账' },
  fields: [
    { key: 'YHBH', label: { zh: '隐患编号', en: 'Hazard number' }, source: 'code', required: true },
    { key: 'QYMC', label: { zh: '企业名称', en: 'Enterprise' }, source: 'enterprise.name', required: true, width: 30 },
    { key: 'TYSHXYDM', label: { zh: '统一社会信用代码', en: 'Credit code' }, source: 'enterprise.creditCode', required: true },
    { key: 'YHMS', label: { zh: '隐患描述', en: 'Description' }, source: 'description', required: true, width: 50 },
    { key: 'YHBW', label: { zh: '隐患部位', en: 'Place' }, source: 'place', width: 20 },
    {
      key: 'YHDJ',
      label: { zh: '隐患等级', en: 'Grade' },
      source: 'grade',
      transform: { map: { general: '一般', major: '重大' } },
      required: true,
    },
    { key: 'YHLB', label: { zh: '隐患类别', en: 'Category' }, source: 'categoryName' },
    { key: 'YHLY', label: { zh: '隐患来源', en: 'Source' }, source: 'source', transform: { map: HAZARD_SOURCE_WORDS } },
    { key: 'FXRQ', label: { zh: '发现日期', en: 'Found on' }, source: 'reportedAt', transform: 'date', required: true },
    { key: 'ZGQX', label: { zh: '整改期限', en: 'Deadline' }, source: 'deadline', transform: 'date' },
    { key: 'ZGWCRQ', label: { zh: '整改完成日期', en: 'Rectified on' }, source: 'closedAt', transform: 'date' },
    {
      key: 'ZLZT',
      label: { zh: '治理状态', en: 'Status' },
      source: 'status',
      transform: { map: HAZARD_GOVERNANCE_STATUS },
      required: true,
    },
    { key: 'ZGCS', label: { zh: '整改措施', en: 'Measures' }, source: 'measures', width: 40 },
    { key: 'ZRR', label: { zh: '整改责任人', en: 'Responsible' }, source: 'responsibleName' },
    { key: 'ZGZJ', label: { zh: '整改资金（元）', en: 'Funds (CNY)' }, source: 'cost', transform: 'number' },
    { key: 'GXSJ', label: { zh: '更新时间', en: 'Updated at' }, source: 'updatedAt', transform: 'datetime', required: true },
  ],
};

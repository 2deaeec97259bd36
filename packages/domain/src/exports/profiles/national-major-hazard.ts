import type { ExportProfile } from '../profile.ts';
import { HAZARD_GOVERNANCE_STATUS, HAZARD_LEDGER_STATUSES } from './provincial-hazard-ledger.ts';

/**
 * 重大事故隐患 for a national major-hazard list (全国重大事故隐患信息系统 kind): major hazards only, with what the
 * 重大事故隐患 rules ask to be reported — the statutory checklist items it was judged by (判定依据, 应急管理部令第10号
 * item codes), the legal basis, supervision listing (挂牌督办), the report to the authority, the governance and
 * the acceptance (销号). A generic layout, not an official interface specification.
 */
export const nationalMajorHazard: ExportProfile = {
  id: 'national-major-hazard',
  version: 1,
  name: { zh: '重大事故隐患', en: 'Major accident hazards' },
  target: { zh: '重大事故隐患信息报送系统', en: 'Major accident hazard reporting system' },
  description: {
    zh: '仅重大隐患：判定依据、挂牌督办、报告监管部门、治理与销号情况。',
    en: 'Major hazards only: checklist items judged by, supervision listing, report to the authority, governance and sign-off.',
  },
  entity: 'hazard',
  // A major hazard the zone has confirmed: reported-only and dismissed ones are not hazards of record (same statuses
  // as the provincial ledger).
  filter: { grade: ['major'], status: HAZARD_LEDGER_STATUSES },
  format: { formats: ['json', 'xlsx'], sheetName: '重大事故隐患', fileStem: '重大事故隐患' },
  fields: [
    { key: 'YHBH', label: { zh: '隐患编号', en: 'Hazard number' }, source: 'code', required: true },
    { key: 'QYMC', label: { zh: '企业名称', en: 'Enterprise' }, source: 'enterprise.name', required: true, width: 30 },
    { key: 'TYSHXYDM', label: { zh: '统一社会信用代码', en: 'Credit code' }, source: 'enterprise.creditCode', required: true },
    { key: 'YHMS', label: { zh: '隐患描述', en: 'Description' }, source: 'description', required: true, width: 50 },
    {
      key: 'PDYJ',
      label: { zh: '判定依据（清单条目）', en: 'Checklist items' },
      // The clause's article and words (第十二条第（八）项 …), not our internal code: the receiving side reads it.
      source: 'majorChecklistTexts',
      transform: 'join',
      separator: '；',
    },
    { key: 'FLYJ', label: { zh: '法律依据', en: 'Legal basis' }, source: 'legalBasis' },
    { key: 'FXRQ', label: { zh: '发现日期', en: 'Found on' }, source: 'reportedAt', transform: 'date', required: true },
    {
      key: 'BGRQ',
      label: { zh: '报告监管部门时间', en: 'Reported to authority' },
      source: 'reportedToAuthorityAt',
      transform: 'datetime',
    },
    {
      key: 'GPDBRQ',
      label: { zh: '挂牌督办日期', en: 'Listed for supervision' },
      source: 'supervisionListedAt',
      transform: 'date',
    },
    { key: 'DBWH', label: { zh: '督办文号', en: 'Supervision number' }, source: 'supervisionLedgerNo' },
    { key: 'ZGQX', label: { zh: '治理期限', en: 'Deadline' }, source: 'deadline', transform: 'date' },
    { key: 'ZRR', label: { zh: '治理责任人', en: 'Responsible' }, source: 'responsibleName', required: true },
    { key: 'ZLZJ', label: { zh: '治理资金（元）', en: 'Funds (CNY)' }, source: 'cost', transform: 'number' },
    {
      key: 'ZLZT',
      label: { zh: '治理状态', en: 'Status' },
      source: 'status',
      transform: { map: HAZARD_GOVERNANCE_STATUS },
      required: true,
    },
    { key: 'XHRQ', label: { zh: '销号日期', en: 'Signed off on' }, source: 'acceptedAt', transform: 'date' },
    { key: 'GXSJ', label: { zh: '更新时间', en: 'Updated at' }, source: 'updatedAt', transform: 'datetime', required: true },
  ],
};

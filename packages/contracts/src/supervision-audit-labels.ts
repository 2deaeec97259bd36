import type { LocalText } from './messages.ts';

/*
 * City supervision's words for the audit trail (城市监管, issue 14), apart from the schemas of supervision.ts:
 * audit-labels.ts (in the console's first download) needs these words, not the zod schemas. The city views (§2)
 * add their operations in their section.
 */
const sa = (zh: string, en: string) => ({ zh, en });
const sr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the supervision module: route operation ids. */
export const SUPERVISION_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  // ---- bureaus, grants, entering, read logs (§1)
  'supervision.bureaus.list': sr('查看监管机构', 'List supervising bureaus'),
  'supervision.bureaus.create': sa('新增监管机构', 'Create supervising bureau'),
  'supervision.bureaus.update': sa('修改或停用监管机构', 'Change or disable supervising bureau'),
  'supervision.bureaus.user': sa('新增监管机构账号或重置其密码', 'Add a bureau account or reset its password'),
  'supervision.grants.list': sr('查看监管授权', 'List supervision grants'),
  'supervision.grants.create': sa('授予监管查看权限', 'Grant supervision access'),
  'supervision.grants.update': sa('修改监管授权', 'Change supervision grant'),
  'supervision.grants.revoke': sa('撤销监管授权', 'Revoke supervision grant'),
  'supervision.zones': sr('查看已授权园区', 'List granted zones'),
  'supervision.myGrants': sr('查看本机构的授权', "List the bureau's grants"),
  'supervision.enter': sa('进入园区只读查看', 'Enter zone read-only'),
  'supervision.reads': sr('查看本机构查看记录', "List the bureau's reads"),
  'supervision.zoneReads': sr('查看上级查看记录', 'List supervision reads'),
  // ---- city views (§2)
  'supervision.overview': sr('查看城市总览', 'Read city overview'),
  'supervision.zoneSummary': sr('查看园区监管概况', 'Read zone supervision summary'),
  'supervision.map': sr('查看园区地图', 'Read zones map'),
  'supervision.hazardStats': sr('查看城市隐患统计', 'Read city hazard statistics'),
  'supervision.hazardStatsExport': sr('导出城市隐患统计', 'Export city hazard statistics'),
};
/** Every entity of the supervision module written to the audit trail. */
export const SUPERVISION_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  /** A bureau (a tenant of kind `bureau`) in its own trail: `Tenant` reads 园区 and is kept for zones. */
  Bureau: sa('监管机构', 'Bureau'),
  SupervisionGrant: sa('监管授权', 'Supervision grant'),
  SupervisionRead: sa('上级查看记录', 'Supervision read'),
};

import type { LocalText } from './messages.ts';

/*
 * The exports module's words for the audit trail (数据报送, issue 14 §5), apart from the schemas of exports.ts.
 */
const ea = (zh: string, en: string) => ({ zh, en });
const er = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the exports module: route operation ids, the scheduled run job, its reconciler. */
export const EXPORT_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'exports.profiles.list': er('查看报送口径', 'List export profiles'),
  'exports.profiles.get': er('查看报送口径字段', 'Read export profile'),
  'exports.targets.list': er('查看报送任务', 'List export targets'),
  'exports.targets.get': er('查看报送任务详情', 'Read export target'),
  'exports.targets.create': ea('新增报送任务', 'Add export target'),
  'exports.targets.update': ea('修改报送任务', 'Edit export target'),
  'exports.targets.delete': ea('删除报送任务', 'Delete export target'),
  'exports.targets.run': ea('立即报送', 'Run export'),
  'exports.runs.list': er('查看报送记录', 'List export runs'),
  'exports.runs.get': er('查看报送记录详情', 'Read export run'),
  'exports.runs.download': er('下载报送文件', 'Download export file'),
  'export.run': ea('定时报送', 'Scheduled export'),
  'reconcile:exports': ea('核对报送定时任务', 'Reconcile export schedules'),
};
/** Every entity of the exports module written to the audit trail. */
export const EXPORT_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  ExportTarget: ea('报送任务', 'Export target'),
  ExportRun: ea('报送记录', 'Export run'),
};

import { INSPECTION_AUDIT_ACTION_LABELS, INSPECTION_AUDIT_ENTITY_LABELS } from './inspection-audit-labels.ts';
import { DUTY_AUDIT_ACTION_LABELS, DUTY_AUDIT_ENTITY_LABELS } from './duty-audit-labels.ts';
import { EQUIPMENT_AUDIT_ACTION_LABELS, EQUIPMENT_AUDIT_ENTITY_LABELS } from './equipment-audit-labels.ts';
import { IOT_AUDIT_ACTION_LABELS, IOT_AUDIT_ENTITY_LABELS } from './iot-audit-labels.ts';
import { INCIDENT_AUDIT_ACTION_LABELS, INCIDENT_AUDIT_ENTITY_LABELS } from './incident-audit-labels.ts';
import { LAW_AUDIT_ACTION_LABELS, LAW_AUDIT_ENTITY_LABELS } from './law-audit-labels.ts';
import { SUPERVISION_AUDIT_ACTION_LABELS, SUPERVISION_AUDIT_ENTITY_LABELS } from './supervision-audit-labels.ts';
import { EXPORT_AUDIT_ACTION_LABELS, EXPORT_AUDIT_ENTITY_LABELS } from './export-audit-labels.ts';
import { API_KEY_AUDIT_ACTION_LABELS, API_KEY_AUDIT_ENTITY_LABELS } from './api-key-audit-labels.ts';
import { WEBHOOK_AUDIT_ACTION_LABELS, WEBHOOK_AUDIT_ENTITY_LABELS } from './webhook-audit-labels.ts';
import type { LocalText, MessageLang } from './messages.ts';

/**
 * The words for the audit trail (留痕): every action and entity type the api writes to it, in both languages.
 *
 * An audit row's `action` is the operation id of the request that wrote it (`hazards.transition`), the name of
 * the job (`hazard.escalate`), `event:<subscriber>` for a domain-event subscriber, `reconcile:<name>` for a
 * reconciler, or a name given at the write (`auth.login`, `platform.actAs`). Its `entityType` is the ORM entity
 * (`NotificationDelivery`) or the subject of an event row (`AuditChain`). The api answers the list with these
 * words in the caller's language (`actionLabel`, `entityTypeLabel`); the admin's filter reads the same table.
 *
 * `api/src/modules/audit/audit-labels.test.ts` enumerates every route, job, subscriber, reconciler and entity of
 * the api and scans the source for the other action names: adding one without a line here fails it.
 * `read: true` marks operations that only read (they leave a row only when reading has a side effect) — the
 * admin's action filter leaves them out.
 */
export interface AuditActionLabel extends LocalText {
  read?: true;
}

const a = (zh: string, en: string): AuditActionLabel => ({ zh, en });
const r = (zh: string, en: string): AuditActionLabel => ({ zh, en, read: true });

/** Record kinds of the enterprise file (一企一档), as `enterprises.<path>.<verb>` operation ids name them. */
const RECORDS: Record<string, LocalText> = {
  contacts: { zh: '企业联系人', en: 'contact' },
  certificates: { zh: '持证人员', en: 'certified worker' },
  chemicals: { zh: '危险化学品', en: 'hazardous chemical' },
  supplies: { zh: '应急物资', en: 'emergency supply' },
  team: { zh: '应急队伍成员', en: 'emergency team member' },
  plans: { zh: '应急预案', en: 'emergency plan' },
  drills: { zh: '演练记录', en: 'drill' },
  'risk-points': { zh: '风险点', en: 'risk point' },
};
const RECORD_VERBS = {
  list: { zh: '查看', en: 'List', read: true },
  create: { zh: '新增', en: 'Add' },
  replace: { zh: '修改', en: 'Edit' },
  delete: { zh: '删除', en: 'Delete' },
} as const;
const recordActions: Record<string, AuditActionLabel> = Object.fromEntries(
  Object.entries(RECORDS).flatMap(([path, noun]) =>
    Object.entries(RECORD_VERBS).map(([verb, v]) => [
      `enterprises.${path}.${verb}`,
      { zh: `${v.zh}${noun.zh}`, en: `${v.en} ${noun.en}${verb === 'list' ? 's' : ''}`, ...('read' in v ? { read: true } : {}) },
    ]),
  ),
);

/** Every action written to the audit trail, by its code. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, AuditActionLabel>> = {
  // sign-in and the signed-in user
  'auth.login': a('登录', 'Sign in'),
  'auth.loginMfa': a('登录（二次验证）', 'Sign in (second factor)'),
  'auth.refresh': a('续期登录', 'Session refresh'),
  'auth.logout': a('退出登录', 'Sign out'),
  'auth.wechatLogin': a('微信登录', 'WeChat sign-in'),
  'auth.wechat_login': a('微信登录', 'WeChat sign-in'),
  'auth.wechatBind': a('绑定微信', 'Bind WeChat'),
  'auth.refresh_reuse': a('登录凭证被重复使用（已拦截）', 'Token reuse (blocked)'),
  'auth.locked': a('账号锁定', 'Account locked'),
  auth: a('登录', 'Sign-in'),
  'me.get': r('查看本人信息', 'Read own profile'),
  'me.changePassword': a('修改密码', 'Change password'),
  'me.sessions': r('查看登录设备', 'List sessions'),
  'me.revokeSession': a('退出登录设备', 'Sign out a device'),
  'me.mfaEnrol': a('绑定二次验证', 'Enrol second factor'),
  'me.mfaActivate': a('开启二次验证', 'Turn on second factor'),
  'me.mfaDisable': a('关闭二次验证', 'Turn off second factor'),
  'me.notificationPreferences': r('查看通知设置', 'Read notification settings'),
  'me.updateNotificationPreferences': a('修改通知设置', 'Change notification settings'),
  // users, invitations
  'users.list': r('查看用户列表', 'List users'),
  'users.get': r('查看用户', 'Read user'),
  'users.create': a('新建用户', 'Create user'),
  'users.update': a('修改用户', 'Edit user'),
  'invitations.list': r('查看邀请码', 'List invitations'),
  'invitations.create': a('创建邀请码', 'Create invitation'),
  'invitations.revoke': a('撤销邀请码', 'Revoke invitation'),
  // zones and the platform
  'public.zones': r('查看园区列表', 'List zones (public)'),
  'public.config': r('查看公开配置', 'Read public configuration'),
  'platform.tenants.list': r('查看园区列表', 'List zones'),
  'platform.tenants.get': r('查看园区', 'Read zone'),
  'platform.tenants.create': a('开通园区', 'Create zone'),
  'platform.tenants.update': a('修改园区', 'Edit zone'),
  'platform.actAs': a('进入园区代管', 'Act in a zone'),
  'platform.queues': r('查看任务队列', 'List job queues'),
  'platform.queueJobs': r('查看队列任务', 'List queued jobs'),
  'platform.retryJob': a('重试队列任务', 'Retry job'),
  'tenant.get': r('查看园区设置', 'Read zone settings'),
  'tenant.updateSettings': a('修改园区设置', 'Change zone settings'),
  'tenant.update': a('修改园区设置', 'Change zone settings'),
  'workbench.get': r('查看工作台', 'Read workbench'),
  'tenants.provision': a('园区初始化', 'Zone provisioning'),
  'catalog.list': r('查看字典', 'List catalogue'),
  'catalog.create': a('新增字典项', 'Add catalogue item'),
  'catalog.update': a('修改字典项', 'Edit catalogue item'),
  // audit, files, notifications, saved views
  'audit.list': r('查看操作留痕', 'Read audit trail'),
  'audit.verify': a('校验留痕链', 'Verify audit chain'),
  'files.upload': a('上传文件', 'Upload file'),
  'files.get': r('查看文件信息', 'Read file'),
  'files.content': r('下载文件', 'Download file'),
  'notifications.list': r('查看通知', 'List notifications'),
  'notifications.read': a('阅读通知', 'Read notification'),
  'notifications.readAll': a('全部通知标为已读', 'Mark all notifications read'),
  'savedViews.list': r('查看保存的视图', 'List saved views'),
  'savedViews.create': a('保存视图', 'Save view'),
  'savedViews.delete': a('删除保存的视图', 'Delete saved view'),
  // enterprise file (一企一档)
  'enterprises.list': r('查看企业列表', 'List enterprises'),
  'enterprises.get': r('查看企业档案', 'Read enterprise file'),
  'enterprises.create': a('新建企业档案', 'Create enterprise file'),
  'enterprises.update': a('企业档案修改', 'Edit enterprise file'),
  'enterprises.history': r('查看企业档案历史', 'Read enterprise file history'),
  'enterprises.majorHazard': r('查看重大危险源辨识', 'Read major hazard source'),
  'enterprises.changes': r('查看企业变更申请', "List an enterprise's change requests"),
  'enterprises.export': r('导出企业档案', 'Export enterprises'),
  'enterprises.importTemplate': r('下载导入模板', 'Download import template'),
  'enterprises.import': a('批量导入企业档案', 'Import enterprises'),
  'imports.get': r('查看导入结果', 'Read import'),
  ...recordActions,
  'enterpriseChanges.list': r('查看变更申请', 'List change requests'),
  'enterpriseChanges.approve': a('批准企业变更申请', 'Approve change request'),
  'enterpriseChanges.reject': a('驳回企业变更申请', 'Reject change request'),
  'tasks.list': r('查看待办', 'List tasks'),
  'tasks.resolve': a('处理待办', 'Resolve task'),
  // risk
  'risk.colour': r('查看企业风险颜色', 'Read enterprise colour'),
  'risk.model': r('查看评分模型', 'Read scoring model'),
  'risk.updateModel': a('修改评分模型', 'Change scoring model'),
  'risk.map': r('查看风险地图', 'Read risk map'),
  'risk.sitePlan': a('更换园区平面图', 'Replace site plan'),
  'risk.dashboard': r('查看风险看板', 'Read risk dashboard'),
  // hazards (隐患闭环)
  'hazards.list': r('查看隐患台账', 'List hazards'),
  'hazards.report': a('隐患上报', 'Report hazard'),
  'hazards.checklist': r('查看重大隐患判定标准', 'Read major hazard checklist'),
  'hazards.stats': r('查看隐患统计', 'Read hazard statistics'),
  'hazards.export': r('导出隐患台账', 'Export hazards'),
  'hazards.bulk': a('隐患批量处理', 'Bulk hazard action'),
  'hazards.get': r('查看隐患', 'Read hazard'),
  'hazards.transition': a('隐患状态变更', 'Hazard status change'),
  'hazards.requestExtension': a('申请整改延期', 'Request extension'),
  'hazards.decideExtension': a('审批整改延期', 'Decide extension'),
  'hazards.governancePlan': a('提交重大隐患治理方案', 'Submit governance plan'),
  'hazards.citations': a('更新隐患依据条文', 'Update the articles a hazard cites'),
  'hazards.supervise': a('重大隐患挂牌督办', 'Place under supervision'),
  'hazards.reportedToAuthority': a('重大隐患报告主管部门', 'Report to the authority'),
  'hazards.requestAcceptance': a('申请重大隐患治理验收', 'Request acceptance'),
  'hazards.notice': r('下载整改通知书', 'Download rectification notice'),
  // health
  'system.health': r('健康检查', 'Health check'),
  'system.ready': r('就绪检查', 'Readiness check'),
  'system.live': r('存活检查', 'Liveness check'),
  // jobs of the worker
  'maintenance.chainAudit': a('留痕链计算', 'Audit chaining'),
  'maintenance.reconcile': a('定时任务核对', 'Timer reconciliation'),
  'maintenance.outboxCleanup': a('事件表清理', 'Outbox cleanup'),
  'maintenance.lawSearchLogRetention': a('法规检索记录清理', 'Law search log cleanup'),
  'certificate.timer': a('证书到期提醒', 'Certificate reminder'),
  'supply.expire': a('应急物资到期检查', 'Supply expiry check'),
  'risk.nightly': a('夜间风险颜色重算', 'Nightly colour recomputation'),
  'hazard.escalate': a('隐患逾期升级提醒', 'Hazard escalation'),
  'notify.deliver': a('通知投递', 'Notification delivery'),
  'event:risk.recolourEnterprise': a('重算企业风险颜色', 'Enterprise colour recomputation'),
  'event:risk.recolourZone': a('重算园区风险颜色', 'Zone colour recomputation'),
  'event:certificates.schedule': a('安排证书到期提醒', 'Certificate reminder scheduling'),
  'event:supplies.schedule': a('安排物资到期检查', 'Supply expiry scheduling'),
  'event:enterprises.afterImport': a('导入后处理', 'After-import processing'),
  'event:hazards.schedule': a('安排隐患升级提醒', 'Hazard escalation scheduling'),
  'event:hazards.notify': a('隐患通知', 'Hazard notification'),
  'event:enterprises.notifyChangeRequested': a('企业变更申请通知', 'Change request notification'),
  'event:enterprises.notifyChangeDecided': a('企业变更审批结果通知', 'Change decision notification'),
  'event:tenants.reschedule-escalations': a('按新策略重排隐患升级提醒', 'Escalation rescheduling'),
  'tenant.escalation_policy_changed': a('按新策略重排隐患升级提醒', 'Escalation rescheduling'),
  'event:tasks.notifyRaised': a('待办通知', 'Task notification'),
  'reconcile:certificates': a('核对证书提醒', 'Certificate reminder reconciliation'),
  'reconcile:supplies': a('核对物资到期检查', 'Supply expiry reconciliation'),
  'reconcile:hazards': a('核对隐患升级提醒', 'Hazard escalation reconciliation'),
  'reconcile:deliveries': a('核对通知投递', 'Delivery reconciliation'),
  // command line and defaults
  'demo.seed': a('写入演示数据', 'Demo data'),
  system: a('系统', 'System'),
  // inspections (日常留痕监管)
  ...INSPECTION_AUDIT_ACTION_LABELS,
  ...EQUIPMENT_AUDIT_ACTION_LABELS,
  ...DUTY_AUDIT_ACTION_LABELS,
  ...IOT_AUDIT_ACTION_LABELS,
  ...INCIDENT_AUDIT_ACTION_LABELS,
  ...LAW_AUDIT_ACTION_LABELS,
  ...WEBHOOK_AUDIT_ACTION_LABELS,
  ...SUPERVISION_AUDIT_ACTION_LABELS,
  ...EXPORT_AUDIT_ACTION_LABELS,
  ...API_KEY_AUDIT_ACTION_LABELS,
};

/** Every entity type written to the audit trail, by its code. */
export const AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  Tenant: { zh: '园区', en: 'Zone' },
  CatalogItem: { zh: '字典项', en: 'Catalogue item' },
  User: { zh: '用户', en: 'User' },
  Session: { zh: '登录会话', en: 'Session' },
  Invitation: { zh: '邀请码', en: 'Invitation' },
  WechatBinding: { zh: '微信绑定', en: 'WeChat binding' },
  StoredFile: { zh: '文件', en: 'File' },
  Notification: { zh: '通知', en: 'Notification' },
  NotificationDelivery: { zh: '通知投递', en: 'Notification delivery' },
  Enterprise: { zh: '企业档案', en: 'Enterprise file' },
  EnterpriseContact: { zh: '企业联系人', en: 'Contact' },
  CertifiedWorker: { zh: '持证人员', en: 'Certified worker' },
  HazardousChemical: { zh: '危险化学品', en: 'Hazardous chemical' },
  EmergencySupply: { zh: '应急物资', en: 'Emergency supply' },
  EmergencyTeamMember: { zh: '应急队伍成员', en: 'Emergency team member' },
  EmergencyPlan: { zh: '应急预案', en: 'Emergency plan' },
  Drill: { zh: '演练记录', en: 'Drill' },
  EnterpriseChangeRequest: { zh: '企业变更申请', en: 'Change request' },
  ImportJob: { zh: '导入任务', en: 'Import' },
  SavedView: { zh: '保存的视图', en: 'Saved view' },
  RiskPoint: { zh: '风险点', en: 'Risk point' },
  RiskModel: { zh: '评分模型', en: 'Scoring model' },
  EnterpriseColour: { zh: '企业风险颜色', en: 'Enterprise colour' },
  Task: { zh: '待办任务', en: 'Task' },
  Hazard: { zh: '隐患', en: 'Hazard' },
  HazardEvent: { zh: '隐患处理记录', en: 'Hazard timeline entry' },
  HazardExtension: { zh: '整改延期申请', en: 'Extension request' },
  AuditChain: { zh: '留痕链', en: 'Audit chain' },
  Job: { zh: '队列任务', en: 'Job' },
  ...INSPECTION_AUDIT_ENTITY_LABELS,
  ...EQUIPMENT_AUDIT_ENTITY_LABELS,
  ...DUTY_AUDIT_ENTITY_LABELS,
  ...IOT_AUDIT_ENTITY_LABELS,
  ...INCIDENT_AUDIT_ENTITY_LABELS,
  ...LAW_AUDIT_ENTITY_LABELS,
  ...WEBHOOK_AUDIT_ENTITY_LABELS,
  ...SUPERVISION_AUDIT_ENTITY_LABELS,
  ...EXPORT_AUDIT_ENTITY_LABELS,
  ...API_KEY_AUDIT_ENTITY_LABELS,
};

function pick(l: LocalText, lang: MessageLang): string {
  return lang === 'en' ? l.en : l.zh;
}

/**
 * The words for an audit action in `lang`. An action missing from the catalogue (only a row written by an older
 * version can have one: the test keeps the catalogue complete) is shown as its code.
 */
export function auditActionLabel(action: string, lang: MessageLang): string {
  const l = AUDIT_ACTION_LABELS[action];
  return l ? pick(l, lang) : action;
}

/** The words for an audit entity type in `lang` (unknown types are shown as they are). */
export function auditEntityLabel(entityType: string, lang: MessageLang): string {
  const l = AUDIT_ENTITY_LABELS[entityType];
  return l ? pick(l, lang) : entityType;
}

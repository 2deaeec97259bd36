import { ROLE_LABELS, type Role } from '@yuanan/contracts';
import type { Lang } from './i18n.tsx';

/** Role names from the contracts (zh/en); a zone may rename them in its catalogue (see useRoleLabel). */
export function roleLabel(role: string | null | undefined, lang: Lang): string {
  if (!role) return '—';
  const l = (ROLE_LABELS as Record<string, { zh: string; en: string } | undefined>)[role];
  if (!l) return role;
  return lang === 'en' ? l.en : l.zh;
}
export function isRole(v: string): v is Role {
  return v in ROLE_LABELS;
}

type Pair = { zh: string; en: string };

/** Audit actions are the api's operation ids; these are the ones people meet, in their words. */
const ACTIONS: Record<string, Pair> = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.loginMfa': { zh: '登录（二次验证）', en: 'Sign in (2FA)' },
  'auth.wechat_login': { zh: '微信登录', en: 'WeChat sign-in' },
  'auth.wechatLogin': { zh: '微信登录', en: 'WeChat sign-in' },
  'auth.wechatBind': { zh: '微信绑定', en: 'WeChat binding' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.refresh': { zh: '续期登录', en: 'Session refresh' },
  'auth.refresh_reuse': { zh: '凭证重复使用（已拦截）', en: 'Token reuse (blocked)' },
  'auth.locked': { zh: '账号锁定', en: 'Account locked' },
  'me.changePassword': { zh: '修改密码', en: 'Change password' },
  'me.revokeSession': { zh: '退出登录设备', en: 'Sign out a device' },
  'me.mfaEnrol': { zh: '绑定二次验证', en: 'Enrol 2FA' },
  'me.mfaActivate': { zh: '开启二次验证', en: 'Turn on 2FA' },
  'me.mfaDisable': { zh: '关闭二次验证', en: 'Turn off 2FA' },
  'me.updateNotificationPreferences': { zh: '修改通知设置', en: 'Notification settings' },
  'users.create': { zh: '新建用户', en: 'Create user' },
  'users.update': { zh: '修改用户', en: 'Update user' },
  'invitations.create': { zh: '创建邀请码', en: 'Create invitation' },
  'invitations.revoke': { zh: '撤销邀请码', en: 'Revoke invitation' },
  'platform.tenants.create': { zh: '开通园区', en: 'Create zone' },
  'platform.tenants.update': { zh: '修改园区', en: 'Update zone' },
  'platform.actAs': { zh: '进入园区代管', en: 'Act as in zone' },
  'platform.retryJob': { zh: '重试任务', en: 'Retry job' },
  'tenant.updateSettings': { zh: '修改园区设置', en: 'Zone settings' },
  'catalog.create': { zh: '新增字典项', en: 'Add list item' },
  'catalog.update': { zh: '修改字典项', en: 'Update list item' },
  'audit.verify': { zh: '校验留痕链', en: 'Verify chain' },
  'files.upload': { zh: '上传文件', en: 'Upload file' },
  'notifications.read': { zh: '阅读通知', en: 'Read notification' },
  'notifications.readAll': { zh: '全部已读', en: 'Read all notifications' },
  'tenants.provision': { zh: '园区初始化', en: 'Zone provisioning' },
  'demo.seed': { zh: '演示数据', en: 'Demo data' },
  system: { zh: '系统', en: 'System' },
};

const ENTITIES: Record<string, Pair> = {
  User: { zh: '用户', en: 'User' },
  Session: { zh: '登录会话', en: 'Session' },
  Invitation: { zh: '邀请码', en: 'Invitation' },
  Tenant: { zh: '园区', en: 'Zone' },
  CatalogItem: { zh: '字典项', en: 'List item' },
  AuditChain: { zh: '留痕链', en: 'Audit chain' },
  Notification: { zh: '通知', en: 'Notification' },
  StoredFile: { zh: '文件', en: 'File' },
  WechatBinding: { zh: '微信绑定', en: 'WeChat binding' },
  Enterprise: { zh: '企业', en: 'Enterprise' },
  Job: { zh: '后台任务', en: 'Job' },
};

export const AUDIT_ENTITY_TYPES = Object.keys(ENTITIES);
/** Actions offered in the audit filter (the api filters by prefix, so a module prefix works too). */
export const AUDIT_ACTIONS = Object.keys(ACTIONS).filter((a) => a !== 'system' && a !== 'demo.seed');

export function actionLabel(action: string, lang: Lang): string {
  const p = ACTIONS[action];
  return p ? (lang === 'en' ? p.en : p.zh) : action;
}
export function entityLabel(entity: string, lang: Lang): string {
  const p = ENTITIES[entity];
  return p ? (lang === 'en' ? p.en : p.zh) : entity;
}

/** Field names seen in audit diffs. Unknown fields show their code. */
const FIELDS: Record<string, Pair> = {
  id: { zh: '编号', en: 'Id' },
  tenantId: { zh: '园区', en: 'Zone' },
  name: { zh: '名称', en: 'Name' },
  username: { zh: '用户名', en: 'Username' },
  role: { zh: '角色', en: 'Role' },
  status: { zh: '状态', en: 'Status' },
  code: { zh: '代码', en: 'Code' },
  enabled: { zh: '启用', en: 'Enabled' },
  enterpriseId: { zh: '企业', en: 'Enterprise' },
  phoneMasked: { zh: '手机号', en: 'Mobile' },
  phoneSealed: { zh: '手机号（加密）', en: 'Mobile (sealed)' },
  passwordHash: { zh: '密码', en: 'Password' },
  mustChangePassword: { zh: '须修改密码', en: 'Must change password' },
  mfaEnabled: { zh: '二次验证', en: '2FA' },
  expiresAt: { zh: '有效期至', en: 'Expires' },
  createdAt: { zh: '创建时间', en: 'Created' },
  updatedAt: { zh: '更新时间', en: 'Updated' },
  at: { zh: '时间', en: 'Time' },
  timeZone: { zh: '时区', en: 'Time zone' },
  settings: { zh: '设置', en: 'Settings' },
  title: { zh: '标题', en: 'Title' },
  body: { zh: '内容', en: 'Body' },
  severity: { zh: '级别', en: 'Severity' },
  readAt: { zh: '阅读时间', en: 'Read at' },
  actingPlatformUserId: { zh: '代管人', en: 'Acting operator' },
  actingReason: { zh: '代管事由', en: 'Acting reason' },
  notificationPrefs: { zh: '通知设置', en: 'Notification settings' },
  mfaLastStep: { zh: '动态码步数', en: 'TOTP step' },
  mfaSecretSealed: { zh: '二次验证密钥', en: '2FA secret' },
  createdBy: { zh: '创建人', en: 'Created by' },
  usedAt: { zh: '使用时间', en: 'Used at' },
  usedBy: { zh: '使用人', en: 'Used by' },
  revokedAt: { zh: '撤销时间', en: 'Revoked at' },
  revokeReason: { zh: '撤销原因', en: 'Revoke reason' },
  lastLoginAt: { zh: '最近登录', en: 'Last sign-in' },
  lastUsedAt: { zh: '最近活动', en: 'Last used' },
  reason: { zh: '事由', en: 'Reason' },
  zone: { zh: '园区', en: 'Zone' },
  region: { zh: '地区', en: 'Region' },
  userId: { zh: '用户', en: 'User' },
  client: { zh: '终端', en: 'Client' },
  ok: { zh: '结果', en: 'Result' },
  checked: { zh: '校验条数', en: 'Checked' },
  firstBroken: { zh: '首个断点', en: 'First broken' },
  gridIds: { zh: '网格', en: 'Grids' },
  sort: { zh: '排序', en: 'Order' },
  kind: { zh: '类别', en: 'Kind' },
  group: { zh: '分组', en: 'Group' },
  ip: { zh: 'IP 地址', en: 'IP' },
  userAgent: { zh: '浏览器', en: 'User agent' },
  queue: { zh: '队列', en: 'Queue' },
};
export function fieldLabel(field: string, lang: Lang): string {
  const p = FIELDS[field];
  return p ? (lang === 'en' ? p.en : p.zh) : field;
}

import { z } from 'zod';

/** RFC 9457 problem details with a stable `code` and field errors. */
export const fieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(fieldError).optional(),
});
export type Problem = z.infer<typeof problem>;
export type FieldError = z.infer<typeof fieldError>;

/** Stable problem codes and what users read for them (zh-CN first). */
export const PROBLEM_MESSAGES = {
  validation_failed: { zh: '提交的内容有误，请检查标出的字段', en: 'Some fields are invalid' },
  malformed_json: { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  unsupported_media_type: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  invalid_encoding: { zh: '提交的文字不是 UTF-8 编码', en: 'The text is not UTF-8 encoded' },
  payload_too_large: { zh: '提交的内容太大', en: 'The request is too large' },
  // Answered by the HTTP server itself, before the app (api/src/core/http/client-error.ts).
  request_header_too_large: { zh: '网址或请求头太长', en: 'The URL or the request headers are too long' },
  malformed_request: { zh: '请求格式错误', en: 'The request could not be read' },
  unauthenticated: { zh: '请先登录', en: 'Please sign in' },
  token_expired: { zh: '登录已过期，请重新登录', en: 'Your session has expired' },
  token_invalid: { zh: '登录凭证无效，请重新登录', en: 'Invalid credentials token' },
  refresh_token_invalid: { zh: '登录已失效，请重新登录', en: 'Please sign in again' },
  refresh_token_reused: {
    zh: '检测到登录凭证被重复使用，已退出所有相关会话',
    en: 'Refresh token reuse detected; sessions revoked',
  },
  session_revoked: { zh: '该会话已退出，请重新登录', en: 'This session was signed out' },
  invalid_credentials: { zh: '园区或机构代码、用户名或密码错误', en: 'Wrong zone or bureau code, username or password' },
  // IoT devices posting readings (POST /iot/ingest, HTTP Basic zoneCode/deviceCode:secret) — not a person's sign-in.
  device_unauthorized: {
    zh: '设备认证失败（区域/设备编码或密钥不对）',
    en: 'Device authentication failed (wrong zone/device code or secret)',
  },
  device_disabled: { zh: '设备已停用', en: 'This device is disabled' },
  // API keys of other systems (issue 14 §3): `Authorization: Bearer yak_…` or `X-API-Key: yak_…`.
  api_key_invalid: { zh: 'API 密钥无效', en: 'Invalid API key' },
  api_key_expired: { zh: 'API 密钥已过期', en: 'The API key has expired' },
  api_key_revoked: { zh: 'API 密钥已被吊销', en: 'The API key has been revoked' },
  api_key_scope: {
    zh: '该 API 密钥无权调用此接口',
    en: 'The API key has no scope for this endpoint',
  },
  // A key replaced by rotation that still works through its grace: frozen as it was (no PATCH).
  api_key_superseded: {
    zh: '该 API 密钥已轮换（宽限期内），不能再修改，请修改新密钥',
    en: 'This API key was rotated (in its grace period) and cannot be changed; change its replacement',
  },
  // A request carrying two credentials (X-API-Key and Authorization) is refused, never resolved by a silent choice.
  ambiguous_credentials: {
    zh: '请求同时带了 X-API-Key 和 Authorization，请只发送其中一个',
    en: 'The request carries both X-API-Key and Authorization; send only one',
  },
  rate_limited: { zh: '请求过于频繁，已超出每分钟限额，请稍后再试', en: 'Rate limit exceeded; try again later' },
  // Webhooks (issue 14 §4): a target the outbound guard refuses (private/loopback range unless allowed, unresolvable,
  // credentials in the URL, port 0); the field error says which and what to do.
  webhook_url_refused: {
    zh: '不能向该 Webhook 地址发送',
    en: 'Deliveries cannot be sent to this webhook address',
  },
  webhook_disabled: { zh: 'Webhook 订阅已停用', en: 'The webhook subscription is disabled' },
  account_locked: {
    zh: '登录失败次数过多，账号已临时锁定，请稍后再试',
    en: 'Too many failed attempts; account locked for a while',
  },
  too_many_requests: { zh: '操作过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  mfa_invalid: { zh: '动态验证码错误', en: 'Wrong verification code' },
  mfa_required: { zh: '需要二次验证', en: 'A second factor is required' },
  password_policy: { zh: '密码不符合安全要求', en: 'The password does not meet the policy' },
  wrong_password: { zh: '当前密码错误', en: 'The current password is wrong' },
  // An initial or reset password: only the profile, the password change and signing out answer until it is changed.
  password_change_required: {
    zh: '请先修改密码再继续使用',
    en: 'Change your password before going on',
  },
  forbidden: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  // City supervision (issue 14 §1): a bureau's supervisor reading inside a zone.
  supervision_read_only: {
    zh: '上级监管为只读查看，不能修改园区数据',
    en: 'Supervision is read-only: zone data cannot be changed',
  },
  supervision_grant_ended: {
    zh: '对该园区的监管授权已结束（到期或被撤销），请返回城市总览',
    en: 'The supervision grant over this zone has ended (expired or revoked)',
  },
  supervision_log_unavailable: {
    zh: '查看记录暂时无法写入，为保证留痕本次查看已拒绝，请稍后再试',
    en: 'The read log could not be written, so the read was refused; try again later',
  },
  // A bureau account asked for with a username that is someone else's (issue 14: a reset must name no one new).
  bureau_user_exists: {
    zh: '该用户名已有账号',
    en: 'This username already has an account',
  },
  role_bureau_only: {
    zh: '市应急管理局（监管）账号只能在监管机构中开设，园区不能添加',
    en: 'City supervisor accounts belong to a supervising bureau, not to a zone',
  },
  not_found: { zh: '未找到该记录', en: 'Not found' },
  route_not_found: { zh: '接口不存在', en: 'No such endpoint' },
  method_not_allowed: { zh: '不支持该请求方法', en: 'Method not allowed' },
  tenant_unknown: { zh: '园区代码不存在', en: 'Unknown zone code' },
  tenant_disabled: { zh: '该园区或监管机构已停用', en: 'This zone or bureau is disabled' },
  user_disabled: { zh: '该账号已停用', en: 'This account is disabled' },
  // The detail says what conflicts (a stale version, an overlapping booking, a second check-in): a neutral title.
  conflict: { zh: '操作与当前数据冲突', en: 'This conflicts with the current state' },
  already_decided: {
    zh: '该事项已处理过，请刷新查看结果',
    en: 'This has already been decided; reload to see the outcome',
  },
  stale: {
    zh: '申请已过期：提交后相关信息已被修改，请驳回后让企业重新提交',
    en: 'The request is stale: the record changed after it was made; reject it and ask for a new one',
  },
  extension_pending: { zh: '已有待审批的延期申请', en: 'An extension request is already waiting for a decision' },
  duplicate: { zh: '记录已存在', en: 'Already exists' },
  idempotency_conflict: { zh: '同一幂等键的请求内容不一致', en: 'Idempotency key reused with a different request' },
  invitation_invalid: { zh: '邀请码无效或已过期', en: 'The invitation code is invalid or expired' },
  wechat_login_failed: { zh: '微信登录失败，请重试', en: 'WeChat login failed' },
  wechat_unbound: { zh: '该微信尚未绑定园区账号', en: 'This WeChat account is not bound' },
  dev_login_disabled: { zh: '开发登录未启用', en: 'Development login is disabled' },
  file_type_not_allowed: { zh: '不支持的文件类型', en: 'This file type is not allowed' },
  file_too_large: { zh: '文件太大', en: 'The file is too large' },
  invalid_transition: { zh: '当前状态下不能执行该操作', en: 'This action is not allowed in the current state' },
  service_unavailable: { zh: '服务暂时不可用，请稍后重试', en: 'Service temporarily unavailable' },
  internal_error: { zh: '服务器开小差了，请稍后重试', en: 'Something went wrong on our side' },
  network_error: { zh: '网络连接失败，请检查网络后重试', en: 'Network error; check your connection' },
  import_invalid: { zh: '导入文件有误，请查看报告', en: 'The import file has errors; see the report' },
  approval_required: { zh: '关键信息修改已提交园区审核', en: 'Key fields were sent for approval' },
  // law library (法律法规, issue 13)
  invalid_query: { zh: '搜索词无效（请输入 1–200 个字）', en: 'Invalid search query (1–200 characters)' },
  law_parse_failed: { zh: '法规文本解析失败，请按行号修改后重试', en: 'The law text could not be parsed; see the lines' },
  law_citation_not_found: { zh: '引用的法规条文不存在', en: 'The cited article does not exist' },
  law_version_cited: { zh: '该版本已被引用，不能删除', en: 'This version is cited and cannot be deleted' },
  platform_document_read_only: { zh: '平台法规库为只读，不能修改', en: 'Platform library documents are read-only' },
  law_duplicate_import: { zh: '该文本已导入过', en: 'This text has already been imported' },
  law_doc_type_not_allowed: { zh: '园区文件不能选择该类别', en: 'A zone document cannot have this type' },
  law_duplicate_title: { zh: '已有同名的法规文件', en: 'A document with this title already exists' },
  // exports for other systems (数据报送, issue 14 §5)
  export_profile_unknown: { zh: '没有这个报送口径', en: 'Unknown export profile' },
  export_format_unsupported: { zh: '该报送口径不支持此文件格式', en: 'This profile cannot be written in that format' },
  export_run_busy: { zh: '该报送任务正在导出，请稍后再试', en: 'This target is being exported; try again later' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type ProblemCode = keyof typeof PROBLEM_MESSAGES;

export function problemMessage(code: string, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const m = (PROBLEM_MESSAGES as Record<string, { zh: string; en: string }>)[code];
  if (!m) return lang === 'en' ? 'Request failed' : '请求失败';
  return lang === 'en' ? m.en : m.zh;
}

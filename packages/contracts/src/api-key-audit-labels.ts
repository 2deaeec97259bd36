import type { LocalText } from './messages.ts';

/* The API keys' words for the audit trail (issue 14 §3), spread into audit-labels.ts. */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the api-keys module (route operation ids). */
export const API_KEY_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'apiKeys.list': lr('查看 API 密钥', 'List API keys'),
  'apiKeys.create': la('创建 API 密钥', 'Create API key'),
  'apiKeys.update': la('修改 API 密钥', 'Edit API key'),
  'apiKeys.rotate': la('轮换 API 密钥', 'Rotate API key'),
  'apiKeys.revoke': la('吊销 API 密钥', 'Revoke API key'),
};
/** Every entity of the api-keys module written to the audit trail. */
export const API_KEY_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  ApiKey: la('API 密钥', 'API key'),
};

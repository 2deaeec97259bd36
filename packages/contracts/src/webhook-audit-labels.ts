import type { LocalText } from './messages.ts';

/* The webhooks' words for the audit trail (issue 14 §4), spread into audit-labels.ts. */
const la = (zh: string, en: string) => ({ zh, en });
const lr = (zh: string, en: string) => ({ zh, en, read: true as const });
/** Every audit action of the webhooks module (route operation ids, jobs, subscribers, the reconciler). */
export const WEBHOOK_AUDIT_ACTION_LABELS: Readonly<Record<string, LocalText & { read?: true }>> = {
  'webhooks.list': lr('查看 Webhook 订阅', 'List webhook subscriptions'),
  'webhooks.get': lr('查看 Webhook 订阅详情', 'View webhook subscription'),
  'webhooks.create': la('创建 Webhook 订阅', 'Create webhook subscription'),
  'webhooks.update': la('修改 Webhook 订阅', 'Edit webhook subscription'),
  'webhooks.delete': la('删除 Webhook 订阅', 'Delete webhook subscription'),
  'webhooks.rotateSecret': la('轮换 Webhook 密钥', 'Rotate webhook secret'),
  'webhooks.enable': la('重新启用 Webhook 订阅', 'Re-enable webhook subscription'),
  'webhooks.ping': la('发送 Webhook 测试消息', 'Send webhook test message'),
  'webhooks.deliveries': lr('查看 Webhook 投递记录', 'List webhook deliveries'),
  'webhooks.delivery': lr('查看 Webhook 投递详情', 'View webhook delivery'),
  'webhooks.replay': la('重新投递 Webhook', 'Replay webhook delivery'),
  'webhooks.autoDisable': la('Webhook 连续失败自动停用', 'Webhook disabled after failures'),
  'platform.zoneIntegration': la('设置园区集成选项', 'Set zone integration options'),
  'webhook.deliver': la('投递 Webhook', 'Deliver webhook'),
  'event:webhooks.fanout.hazard': la('生成隐患 Webhook 投递', 'Queue hazard webhooks'),
  'event:webhooks.fanout.hazardOverdue': la('生成隐患逾期 Webhook 投递', 'Queue hazard-overdue webhooks'),
  'event:webhooks.fanout.alarm': la('生成报警 Webhook 投递', 'Queue alarm webhooks'),
  'event:webhooks.fanout.alarmCleared': la('生成报警解除 Webhook 投递', 'Queue alarm-cleared webhooks'),
  'event:webhooks.fanout.incident': la('生成突发事件 Webhook 投递', 'Queue incident webhooks'),
  'event:webhooks.fanout.colour': la('生成风险颜色 Webhook 投递', 'Queue risk-colour webhooks'),
  'reconcile:webhooks': la('补发待投递的 Webhook', 'Re-queue pending webhooks'),
  'webhooks.demo': la('生成演示 Webhook 数据', 'Seed demo webhooks'),
};
/** Every entity of the webhooks module written to the audit trail. */
export const WEBHOOK_AUDIT_ENTITY_LABELS: Readonly<Record<string, LocalText>> = {
  WebhookSubscription: la('Webhook 订阅', 'Webhook subscription'),
  WebhookDelivery: la('Webhook 投递', 'Webhook delivery'),
};

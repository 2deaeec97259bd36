import { z } from 'zod';
import { isoDateTime, zId } from './common.ts';

export const NOTIFICATION_CHANNELS = ['in_app', 'wechat', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const notification = z.object({
  id: zId,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  severity: z.enum(['info', 'warning', 'critical']),
  readAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  /**
   * Live pushes only: the title and body in English too (a push goes to every open window of the user, whatever
   * language each shows; the list endpoints answer in the request's language instead).
   */
  en: z.object({ title: z.string(), body: z.string() }).optional(),
});
export type Notification = z.infer<typeof notification>;
export const notificationsQuery = z.strictObject({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false']).optional(),
});
export const notificationPreferences = z.strictObject({
  /** Per notification kind prefix, which channels are on. In-app is always on. */
  wechat: z.boolean().default(true),
  sms: z.boolean().default(false),
  quietHours: z
    .strictObject({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) })
    .nullable()
    .default(null),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;
/** Realtime event names pushed over socket.io. */
export const REALTIME_EVENTS = {
  notification: 'notification',
  hazardChanged: 'hazard.changed',
  importProgress: 'import.progress',
  enterpriseChanged: 'enterprise.changed',
  /** An IoT alarm raised or changed (payload IotAlarmPush of contracts/iot.ts). */
  iotAlarm: 'iot.alarm',
  /** Latest readings of a device, throttled (payload IotReadingPush of contracts/iot.ts). */
  iotReading: 'iot.reading',
} as const;

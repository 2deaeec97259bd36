import { z } from 'zod';
import { notification, notificationPreferences, notificationsQuery, page, ref } from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import { User } from '../identity/identity.entity.ts';
import { notificationDto, type NotificationService } from './notification.service.ts';

export function notificationRoutes(svc: NotificationService): AnyRoute[] {
  const tags = ['通知 Notifications'];
  return [
    defineRoute({
      method: 'get',
      path: '/notifications',
      operationId: 'notifications.list',
      summary: 'My notifications (newest first) and the unread count',
      tags,
      auth: 'self',
      tenant: 'any',
      query: notificationsQuery,
      response: page(notification).extend({ unread: z.number().int() }),
      handler: ({ ctx, query, lang }) => {
        const { em, actor } = callerOf(ctx);
        return svc.list(em, actor.userId, query, lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/:id/read',
      operationId: 'notifications.read',
      summary: 'Mark one as read',
      tags,
      auth: 'self',
      tenant: 'any',
      params: z.strictObject({ id: ref('notification') }),
      response: notification,
      status: 200,
      handler: async ({ ctx, params, lang }) => {
        const { em, actor } = callerOf(ctx);
        return notificationDto(await svc.markRead(em, actor.userId, params.id), lang);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/notifications/read-all',
      operationId: 'notifications.readAll',
      summary: 'Mark all as read',
      tags,
      auth: 'self',
      tenant: 'any',
      response: z.object({ updated: z.number().int() }),
      status: 200,
      handler: async ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        return { updated: await svc.markAllRead(em, actor.userId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/notification-preferences',
      operationId: 'me.notificationPreferences',
      summary: 'My channels for notifications',
      tags,
      auth: 'self',
      tenant: 'any',
      response: notificationPreferences,
      handler: async ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        const u = await em.findOneOrFail(User, { id: actor.userId });
        return notificationPreferences.parse(u.notificationPrefs ?? {});
      },
    }),
    defineRoute({
      method: 'put',
      path: '/me/notification-preferences',
      operationId: 'me.updateNotificationPreferences',
      summary: 'Change my channels',
      tags,
      auth: 'self',
      tenant: 'any',
      body: notificationPreferences.meta({ examples: [{ wechat: true, sms: false, quietHours: null }] }),
      response: notificationPreferences,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        const u = await em.findOneOrFail(User, { id: actor.userId });
        u.notificationPrefs = body;
        await em.flush();
        return body;
      },
    }),
  ];
}

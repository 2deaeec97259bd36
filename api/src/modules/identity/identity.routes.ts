import { z } from 'zod';
import {
  changePasswordRequest,
  createInvitationRequest,
  createUserRequest,
  invitation,
  invitationsQuery,
  loginRequest,
  loginResponse,
  logoutRequest,
  me,
  mfaLoginRequest,
  page,
  ref,
  refreshRequest,
  session,
  tokenPair,
  totpCodeRequest,
  totpEnrolResponse,
  updateUserRequest,
  user,
  usersQuery,
  wechatBindRequest,
  wechatLoginRequest,
  wechatLoginResponse,
} from '@yuanan/contracts';
import { callerOf, clientInfo } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { AuthService } from './auth.service.ts';
import type { InvitationService } from './invitation.service.ts';
import type { UserService } from './user.service.ts';

export function authRoutes(auth: AuthService): AnyRoute[] {
  const tags = ['认证 Auth'];
  return [
    defineRoute({
      method: 'post',
      path: '/auth/login',
      operationId: 'auth.login',
      summary: 'Console sign-in with zone code, username and password',
      tags,
      auth: 'public',
      body: loginRequest,
      response: loginResponse,
      status: 200,
      handler: ({ body, ctx }) => auth.login(body, clientInfo(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/login/mfa',
      operationId: 'auth.loginMfa',
      summary: 'Second step: TOTP code (also completes enrolment)',
      tags,
      auth: 'public',
      body: mfaLoginRequest,
      response: tokenPair,
      status: 200,
      handler: ({ body, ctx }) => auth.loginMfa(body, clientInfo(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      operationId: 'auth.refresh',
      summary: 'Rotate the refresh token (reuse revokes the family)',
      tags,
      auth: 'public',
      body: refreshRequest,
      response: tokenPair,
      status: 200,
      handler: ({ body }) => auth.refresh(body.refreshToken),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      operationId: 'auth.logout',
      summary: 'Sign out this session',
      tags,
      auth: 'self',
      tenant: 'any',
      body: logoutRequest,
      responseType: 'empty',
      handler: async ({ ctx }) => {
        const { em, claims } = callerOf(ctx);
        await auth.logout(em, claims.act ? null : claims.sid, claims.sup?.stid);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/auth/wechat/login',
      operationId: 'auth.wechatLogin',
      summary: 'Mini-program sign-in with a wx.login code',
      tags,
      auth: 'public',
      body: wechatLoginRequest,
      response: wechatLoginResponse,
      status: 200,
      handler: ({ body, ctx }) => auth.wechatLogin(body, clientInfo(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/wechat/bind',
      operationId: 'auth.wechatBind',
      summary: 'Bind WeChat to the zone with an invitation code',
      tags,
      auth: 'public',
      body: wechatBindRequest,
      response: tokenPair,
      status: 200,
      handler: ({ body, ctx }) => auth.wechatBind(body, clientInfo(ctx)),
    }),
  ];
}

export function meRoutes(auth: AuthService): AnyRoute[] {
  const tags = ['我的 Me'];
  return [
    defineRoute({
      method: 'get',
      path: '/me',
      operationId: 'me.get',
      summary: 'Who am I (role, permissions, zone, acting-as)',
      tags,
      auth: 'self',
      tenant: 'any',
      response: me,
      handler: ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return auth.me(em, actor, tenant);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/password',
      operationId: 'me.changePassword',
      summary: 'Change my password (signs out my other sessions)',
      tags,
      auth: 'self',
      tenant: 'any',
      body: changePasswordRequest,
      responseType: 'empty',
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        await auth.changePassword(em, actor.userId, actor.sessionId, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me/sessions',
      operationId: 'me.sessions',
      summary: 'My active sessions',
      tags,
      auth: 'self',
      tenant: 'any',
      response: z.array(session),
      handler: ({ ctx }) => {
        const { em, actor, claims } = callerOf(ctx);
        return auth.sessions(em, actor.userId, actor.sessionId, claims.sup?.stid ?? claims.act?.stid);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/me/sessions/:id',
      operationId: 'me.revokeSession',
      summary: 'Sign out one of my sessions',
      tags,
      auth: 'self',
      tenant: 'any',
      params: z.strictObject({ id: ref('session') }),
      responseType: 'empty',
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        await auth.revokeSession(em, actor.userId, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/enrol',
      operationId: 'me.mfaEnrol',
      summary: 'Start second-factor enrolment (TOTP secret)',
      tags,
      auth: 'self',
      tenant: 'any',
      response: totpEnrolResponse,
      status: 200,
      handler: ({ ctx }) => {
        const { em, actor, tenant } = callerOf(ctx);
        return auth.mfaEnrol(em, actor.userId, tenant);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/activate',
      operationId: 'me.mfaActivate',
      summary: 'Confirm enrolment with a code',
      tags,
      auth: 'self',
      tenant: 'any',
      body: totpCodeRequest,
      responseType: 'empty',
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        await auth.mfaActivate(em, actor.userId, body.code);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/me/mfa/disable',
      operationId: 'me.mfaDisable',
      summary: 'Turn the second factor off (when the zone allows)',
      tags,
      auth: 'self',
      tenant: 'any',
      body: totpCodeRequest,
      responseType: 'empty',
      handler: async ({ ctx, body }) => {
        const { em, actor, tenant } = callerOf(ctx);
        await auth.mfaDisable(em, actor.userId, body.code, tenant);
      },
    }),
  ];
}

export function userRoutes(users: UserService, invitations: InvitationService): AnyRoute[] {
  const tags = ['用户 Users'];
  const id = z.strictObject({ id: ref('user') });
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      operationId: 'users.list',
      summary: 'Users of the zone',
      tags,
      auth: 'users.read',
      query: usersQuery,
      response: page(user),
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return users.list(em, actor, query);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id',
      operationId: 'users.get',
      summary: 'One user',
      tags,
      auth: 'users.read',
      params: id,
      response: user,
      handler: ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return users.get(em, actor, params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      operationId: 'users.create',
      summary: 'Create a console user with a temporary password',
      tags,
      auth: 'users.manage',
      body: createUserRequest,
      response: user,
      handler: ({ ctx, body }) => users.create(callerOf(ctx).em, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:id',
      operationId: 'users.update',
      summary: 'Update, disable, change role or reset password',
      tags,
      auth: 'users.manage',
      params: id,
      body: updateUserRequest,
      response: user,
      handler: ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return users.update(em, actor, params.id, body);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/invitations',
      operationId: 'invitations.list',
      summary: 'Invitation codes',
      tags,
      auth: 'invitations.manage',
      query: invitationsQuery,
      response: page(invitation),
      handler: ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        return invitations.list(em, actor, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/invitations',
      operationId: 'invitations.create',
      summary: 'Invite staff (zone) or own staff (enterprise)',
      tags,
      auth: 'invitations.manage',
      body: createInvitationRequest,
      response: invitation,
      handler: async ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return invitations.dto(await invitations.create(em, actor, body));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/invitations/:id',
      operationId: 'invitations.revoke',
      summary: 'Revoke an unused invitation',
      tags,
      auth: 'invitations.manage',
      params: z.strictObject({ id: ref('invitation') }),
      response: invitation,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return invitations.dto(await invitations.revoke(em, actor, params.id));
      },
    }),
  ];
}

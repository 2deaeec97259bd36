import { z } from 'zod';
import {
  apiKey,
  apiKeyCreated,
  apiKeyPage,
  apiKeyRotated,
  apiKeysQuery,
  createApiKeyRequest,
  ref,
  rotateApiKeyRequest,
  updateApiKeyRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { ApiKeyService } from './api-key.service.ts';

/**
 * The zone office's API keys (集成 → API 密钥, issue 14 §3): list (integration.read); create, change, rotate with a
 * grace period, revoke (integration.manage). The key text is in the create and rotate answers only. These routes
 * declare no API-key scope: a key can never manage keys.
 */
export function apiKeyRoutes(svc: ApiKeyService): AnyRoute[] {
  const tags = ['API 密钥 API keys'];
  const id = z.strictObject({ id: ref('apiKey') });
  return [
    defineRoute({
      method: 'get',
      path: '/api-keys',
      operationId: 'apiKeys.list',
      summary: "The zone's API keys, newest first (never the key text)",
      tags,
      auth: 'integration.read',
      query: apiKeysQuery,
      response: apiKeyPage,
      handler: ({ ctx, query }) => svc.list(callerOf(ctx).em, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys',
      operationId: 'apiKeys.create',
      summary: 'Create a key: the answer shows the key text once (only its sha256 is stored)',
      tags,
      auth: 'integration.manage',
      body: createApiKeyRequest,
      response: apiKeyCreated,
      handler: ({ ctx, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.create(em, actor, body);
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api-keys/:id',
      operationId: 'apiKeys.update',
      summary: "Change a key's name, scopes or rate limit",
      tags,
      auth: 'integration.manage',
      params: id,
      body: updateApiKeyRequest,
      response: apiKey,
      handler: ({ ctx, params, body }) => svc.update(callerOf(ctx).em, params.id, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys/:id/rotate',
      operationId: 'apiKeys.rotate',
      summary: 'A new key (shown once); the old one keeps working for graceHours (0–168), then expires',
      tags,
      auth: 'integration.manage',
      params: id,
      body: rotateApiKeyRequest,
      response: apiKeyRotated,
      handler: ({ ctx, params, body }) => {
        const { em, actor } = callerOf(ctx);
        return svc.rotate(em, actor, params.id, body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api-keys/:id/revoke',
      operationId: 'apiKeys.revoke',
      summary: 'Revoke a key at once',
      tags,
      auth: 'integration.manage',
      params: id,
      response: apiKey,
      status: 200,
      handler: ({ ctx, params }) => svc.revoke(callerOf(ctx).em, params.id),
    }),
  ];
}

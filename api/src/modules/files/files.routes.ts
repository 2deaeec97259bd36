import { z } from 'zod';
import { FILE_PURPOSES, ref, storedFile } from '@yuanan/contracts';
import type { Container } from '../../core/container.ts';
import { callerOf } from '../../core/http/client-info.ts';
import { readUpload } from '../../core/files/upload.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { FileService } from './file.service.ts';

export function fileRoutes(c: Container, files: FileService): AnyRoute[] {
  const tags = ['文件 Files'];
  const id = z.strictObject({ id: ref('file') });
  return [
    defineRoute({
      method: 'post',
      path: '/files',
      operationId: 'files.upload',
      summary: 'Upload a photo or document (checked by content, re-encoded)',
      tags,
      auth: 'files.upload',
      bodyType: 'multipart',
      idempotent: true,
      body: z.object({
        file: z.string().meta({ format: 'binary' }),
        purpose: z.enum(FILE_PURPOSES).optional(),
        enterpriseId: ref('enterprise').optional(),
      }),
      response: storedFile,
      handler: async ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        const up = await readUpload(ctx, c.config.UPLOAD_MAX_BYTES);
        return files.dto(await files.upload(em, actor, up));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/files/:id',
      operationId: 'files.get',
      summary: 'File details and a signed download URL',
      tags,
      auth: 'files.read',
      params: id,
      response: storedFile,
      handler: async ({ ctx, params }) => {
        const { em, actor } = callerOf(ctx);
        return files.dto(await files.get(em, actor, params.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/files/:id/content',
      operationId: 'files.content',
      summary: 'File bytes, by signed URL',
      tags,
      auth: 'public',
      params: id,
      query: z.strictObject({
        t: ref('tenant'),
        exp: z.coerce
          .number()
          .int()
          .meta({ examples: [9999999999] }),
        sig: z
          .string()
          .max(100)
          .meta({ examples: ['probe'] }),
      }),
      responseType: 'raw',
      handler: async ({ ctx, params, query }) => {
        const f = await files.bySignature(params.id, query.t, query.exp, query.sig);
        ctx.set('Content-Type', f.mime);
        ctx.set('Content-Length', String(f.size));
        ctx.set('Cache-Control', 'private, max-age=3600');
        ctx.set('X-Content-Type-Options', 'nosniff');
        const name = encodeURIComponent(f.originalName ?? `${f.id}`);
        ctx.set(
          'Content-Disposition',
          `${f.mime.startsWith('image/') || f.mime === 'application/pdf' ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`,
        );
        ctx.body = await c.storage.get(f.storageKey);
      },
    }),
  ];
}

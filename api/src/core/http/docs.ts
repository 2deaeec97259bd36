import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize } from 'node:path';
import type { Context, Next } from 'koa';

const require = createRequire(import.meta.url);
const uiDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const TYPES: Record<string, string> = {
  '.js': 'application/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.map': 'application/json',
};

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>园安 Yuan'an API 文档</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<style>body{margin:0} .topbar{display:none}</style></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/docs-init.js"></script>
</body></html>`;
// Served as a file, not inline, so a strict Content-Security-Policy can forbid inline scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui', deepLinking: true, persistAuthorization: true });`;

/** A readable docs page for the OpenAPI document (Swagger UI served from the package, no CDN). */
export function docsMiddleware() {
  return async (ctx: Context, next: Next) => {
    if (ctx.path === '/api/docs' || ctx.path === '/api/docs/') {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
      return;
    }
    if (ctx.path === '/api/docs/assets/docs-init.js') {
      ctx.type = 'application/javascript';
      ctx.body = INIT;
      return;
    }
    if (ctx.path.startsWith('/api/docs/assets/')) {
      const name = normalize(ctx.path.slice('/api/docs/assets/'.length));
      if (name.includes('..') || name.includes('/')) return next();
      try {
        ctx.body = await readFile(join(uiDir, name));
        ctx.type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
        ctx.set('Cache-Control', 'public, max-age=86400');
      } catch {
        return next();
      }
      return;
    }
    return next();
  };
}

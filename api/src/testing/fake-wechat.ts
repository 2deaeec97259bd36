import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for api.weixin.qq.com's code2session: code `wx-<name>` → openid `openid-<name>`. */
export async function startFakeWechat(): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    calls.push(url.pathname + url.search);
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404;
      res.end('{}');
      return;
    }
    const code = url.searchParams.get('js_code') ?? '';
    if (!code.startsWith('wx-') || url.searchParams.get('grant_type') !== 'authorization_code') {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
      return;
    }
    res.end(JSON.stringify({ openid: `openid-${code.slice(3)}`, session_key: 'sk', unionid: `union-${code.slice(3)}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A test api whose WeChat login goes to a fake code2session (development login off), with one zone and its
 * signed-in admin. `close()` stops both.
 */
export async function wechatTestEnv(zoneCode: string) {
  const { createTestEnv, zoneWithAdmin } = await import('./test-env.ts');
  const wx = await startFakeWechat();
  const env = await createTestEnv({
    env: { WECHAT_API_BASE: wx.url, WECHAT_APP_ID: 'wxtest', WECHAT_APP_SECRET: 'secret', DEV_LOGIN: 'false' },
  });
  const zone = await zoneWithAdmin(env, zoneCode);
  return {
    env,
    wx,
    zone,
    close: async () => {
      await env.close();
      await wx.close();
    },
  };
}

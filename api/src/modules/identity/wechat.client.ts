import { createHash } from 'node:crypto';
import type { Config } from '../../core/config/config.ts';
import { AppError } from '../../core/http/problem.ts';

export interface WechatSession {
  openid: string;
  unionid: string | null;
}

/**
 * code2session through a configurable API base (tests point it at a local fake). In development, and only
 * when DEV_LOGIN is on (refused in production), a code `dev:<anything>` stands for a stable fake openid so the
 * H5 build works without WeChat.
 */
/** The openid a development code stands for (also used by the demo seed to pre-bind demo identities). */
export function devOpenid(code: string): string {
  return `dev_${createHash('sha256').update(code).digest('hex').slice(0, 28)}`;
}

export async function code2session(config: Config, code: string): Promise<WechatSession> {
  if (code.startsWith('dev:')) {
    if (!config.DEV_LOGIN || config.NODE_ENV === 'production') throw new AppError(403, 'dev_login_disabled');
    return { openid: devOpenid(code), unionid: null };
  }
  const url = new URL('/sns/jscode2session', config.WECHAT_API_BASE);
  url.searchParams.set('appid', config.WECHAT_APP_ID);
  url.searchParams.set('secret', config.WECHAT_APP_SECRET);
  url.searchParams.set('js_code', code);
  url.searchParams.set('grant_type', 'authorization_code');
  let body: { openid?: string; unionid?: string; errcode?: number; errmsg?: string };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    body = (await res.json()) as typeof body;
  } catch {
    throw new AppError(502, 'wechat_login_failed', 'WeChat did not answer');
  }
  if (body.errcode || !body.openid) {
    throw new AppError(401, 'wechat_login_failed', `WeChat: ${body.errcode ?? ''} ${body.errmsg ?? 'no openid'}`.trim());
  }
  return { openid: body.openid, unionid: body.unionid ?? null };
}

import type { Config } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';

export interface OutgoingMessage {
  /** Our delivery id: providers get it as their idempotency key, so a retried send is not sent twice. */
  deliveryId: string;
  title: string;
  body: string;
  link: string | null;
  at: Date;
  phone?: string | null;
  openid?: string | null;
}

export interface ChannelProvider {
  readonly channel: 'wechat' | 'sms';
  send(msg: OutgoingMessage): Promise<{ providerMessageId: string }>;
}

/** Default provider: writes the message to the log (development, demos, and zones without a contract). */
export class LogProvider implements ChannelProvider {
  readonly channel: 'wechat' | 'sms';
  readonly #log: Logger;
  constructor(channel: 'wechat' | 'sms', log: Logger) {
    this.channel = channel;
    this.#log = log;
  }
  async send(msg: OutgoingMessage) {
    this.#log.info(
      {
        channel: this.channel,
        deliveryId: msg.deliveryId,
        to: msg.phone ? `${msg.phone.slice(0, 3)}****` : msg.openid?.slice(0, 6),
        title: msg.title,
      },
      'notification (log provider)',
    );
    return { providerMessageId: `log-${msg.deliveryId}` };
  }
}

/** SMS through an HTTP gateway: POST {to, text, clientMessageId}; a 2xx answer means accepted. */
export class HttpSmsProvider implements ChannelProvider {
  readonly channel = 'sms' as const;
  readonly #url: string;
  constructor(url: string) {
    this.#url = url;
  }
  async send(msg: OutgoingMessage) {
    if (!msg.phone) throw new Error('no phone number');
    const res = await fetch(this.#url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': msg.deliveryId },
      body: JSON.stringify({
        to: msg.phone,
        text: `【园安】${msg.title}：${msg.body}`.slice(0, 300),
        clientMessageId: msg.deliveryId,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS gateway ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { id?: string };
    return { providerMessageId: body.id ?? msg.deliveryId };
  }
}

/** WeChat subscribe messages through the configurable API base (an access token is fetched and cached). */
export class WechatSubscribeProvider implements ChannelProvider {
  readonly channel = 'wechat' as const;
  readonly #c: Config;
  #token: { value: string; until: number } | null = null;
  constructor(config: Config) {
    this.#c = config;
  }
  async #accessToken(): Promise<string> {
    if (this.#token && this.#token.until > Date.now()) return this.#token.value;
    const url = new URL('/cgi-bin/token', this.#c.WECHAT_API_BASE);
    url.search = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.#c.WECHAT_APP_ID,
      secret: this.#c.WECHAT_APP_SECRET,
    }).toString();
    const r = (await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).json()) as {
      access_token?: string;
      expires_in?: number;
      errcode?: number;
    };
    if (!r.access_token) throw new Error(`WeChat token: ${r.errcode ?? 'no token'}`);
    this.#token = { value: r.access_token, until: Date.now() + ((r.expires_in ?? 7200) - 300) * 1000 };
    return r.access_token;
  }
  async send(msg: OutgoingMessage) {
    if (!msg.openid) throw new Error('no WeChat binding');
    const url = new URL('/cgi-bin/message/subscribe/send', this.#c.WECHAT_API_BASE);
    url.searchParams.set('access_token', await this.#accessToken());
    const stamp = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(
      msg.at,
    );
    const r = (await (
      await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: msg.openid,
          template_id: this.#c.WECHAT_TEMPLATE_ID,
          page: msg.link ? `pages/index/index?link=${encodeURIComponent(msg.link)}` : 'pages/index/index',
          miniprogram_state: this.#c.WECHAT_MINIPROGRAM_STATE,
          lang: 'zh_CN',
          data: { thing1: { value: msg.title.slice(0, 20) }, thing2: { value: msg.body.slice(0, 20) }, time3: { value: stamp } },
        }),
        signal: AbortSignal.timeout(10_000),
      })
    ).json()) as { errcode?: number; errmsg?: string; msgid?: number };
    // 43101: the user has not accepted this template (not retryable; recorded as skipped by the caller).
    if (r.errcode)
      throw Object.assign(new Error(`WeChat ${r.errcode} ${r.errmsg ?? ''}`), {
        permanent: r.errcode === 43101 || r.errcode === 40003,
      });
    return { providerMessageId: String(r.msgid ?? msg.deliveryId) };
  }
}

export function createProviders(config: Config, log: Logger): Record<'wechat' | 'sms', ChannelProvider> {
  return {
    wechat: config.WECHAT_MESSAGE_PROVIDER === 'wechat' ? new WechatSubscribeProvider(config) : new LogProvider('wechat', log),
    sms:
      config.SMS_PROVIDER === 'http' && config.SMS_HTTP_URL
        ? new HttpSmsProvider(config.SMS_HTTP_URL)
        : new LogProvider('sms', log),
  };
}

import type { Lang } from '../../i18n/i18n.tsx';

type Worder = (m: RegExpMatchArray) => { zh: string; en: string };

/** Known shapes of a stored delivery error (api `webhook-delivery.ts`), each worded for a reader. */
const SHAPES: [RegExp, Worder][] = [
  [
    /^timeout: no answer within (\d+) ms$/,
    (m) => ({ zh: `超时：${m[1]} 毫秒内无应答`, en: `Timeout: no answer within ${m[1]} ms` }),
  ],
  [/^refused: (.*)$/s, (m) => ({ zh: `地址被拒绝，未发送：${m[1]}`, en: `Address refused, not sent: ${m[1]}` })],
  [/^subscription disabled: not sent$/, () => ({ zh: '订阅已停用，未发送', en: 'Subscription disabled, not sent' })],
  [/^subscription deleted: not sent$/, () => ({ zh: '订阅已删除，未发送', en: 'Subscription deleted, not sent' })],
  [/^HTTP (\d{3})(?:: (.*))?$/s, (m) => ({ zh: `接收方返回 HTTP ${m[1]}${m[2] ? `：${m[2]}` : ''}`, en: m[0] })],
  [
    /^(?:ECONNREFUSED: )?connect ECONNREFUSED (\S+)$/,
    (m) => ({ zh: `连接被拒绝（接收方未在监听）：${m[1]}`, en: `Connection refused: ${m[1]}` }),
  ],
  [/^(?:ENOTFOUND: )?getaddrinfo ENOTFOUND (\S+)$/, (m) => ({ zh: `域名无法解析：${m[1]}`, en: `Host not found: ${m[1]}` })],
  [/^ECONNRESET: (.*)$/s, (m) => ({ zh: `连接被对方重置：${m[1]}`, en: `Connection reset: ${m[1]}` })],
];

/**
 * A webhook delivery's stored error in the reader's language. The api stores the network's own technical words
 * (`timeout: no answer within 1500 ms`, `HTTP 500: body`, …) so that each reader gets their own; a shape not known here
 * (or an older row) is shown as stored.
 */
export function deliveryErrorText(lang: Lang, raw: string): string {
  for (const [re, word] of SHAPES) {
    const m = raw.match(re);
    if (m) return word(m)[lang === 'en' ? 'en' : 'zh'];
  }
  return raw;
}

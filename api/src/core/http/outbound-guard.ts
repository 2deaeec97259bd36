import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Requests the api makes to addresses other people chose (webhook receivers): SSRF guard. The host is resolved
 * (every address), each address is classified with `ipaddr.js` (IPv4-mapped IPv6 is unwrapped first), and only
 * public unicast addresses pass (unless a wider {@link OutboundReach} is given) — loopback, RFC 1918 private, link-local, CGNAT (100.64/10), unique-local (fc00::/7),
 * multicast, unspecified, broadcast, reserved/documentation, 6to4/Teredo/NAT64 (they embed IPv4 we cannot judge)
 * are refused. The connection then goes to the CHECKED address (a custom `lookup` on the request), so a DNS answer
 * that changes between the check and the connect (rebinding) cannot redirect it. Redirects are never followed.
 */

/** Why an address was refused (the ipaddr.js range name, e.g. `loopback`, `private`) or why the URL was. */
export class OutboundRefused extends Error {
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A URL whose host resolved to addresses that passed the guard; `address` is the one the connection will use. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
  addresses: string[];
}

/**
 * How far an outbound request may reach:
 * - `public`: public unicast only (the default);
 * - `intranet`: also a zone's own network — RFC 1918 private (10/8, 172.16/12, 192.168/16) and unique-local
 *   (fc00::/7), the platform operator's per-zone switch. Loopback, link-local (169.254/16 with the cloud metadata
 *   service 169.254.169.254, fe80::/10), CGNAT, reserved and the rest stay refused: they are the api host's own
 *   services or the provider's, never a zone's receiver;
 * - `intranet+loopback`: also loopback (127/8, ::1) — development and tests only, where the receiver runs on the
 *   same host (WEBHOOK_ALLOW_LOOPBACK_TARGETS).
 */
export type OutboundReach = 'public' | 'intranet' | 'intranet+loopback';

const INTRANET = new Set(['private', 'uniqueLocal']);

/**
 * The ipaddr.js range of `ip` (IPv4-mapped IPv6 judged as its IPv4), `unicast` for a public address. The deprecated
 * IPv4-compatible form ::a.b.c.d (RFC 4291 §2.5.5.1, e.g. ::7f00:1 for 127.0.0.1), which ipaddr.js calls unicast, is
 * `ipv4Compatible`: refused, as some stacks still route it to the IPv4 address. Throws for text that is not an IP
 * address.
 */
export function addressRange(ip: string): string {
  let a = ipaddr.parse(ip);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  const range = a.range();
  if (range === 'unicast' && a.kind() === 'ipv6' && (a as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0))
    return 'ipv4Compatible';
  return range;
}

/** True when a connection to `ip` is allowed under `reach` (see {@link OutboundReach}). */
export function addressAllowed(ip: string, reach: OutboundReach): boolean {
  const range = addressRange(ip);
  if (range === 'unicast') return true;
  if (reach === 'public') return false;
  return INTRANET.has(range) || (reach === 'intranet+loopback' && range === 'loopback');
}

export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;
const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Checks `raw` for an outbound request: http(s) only, no credentials in the URL, the host resolved and EVERY address
 * allowed (one private address among public ones refuses it: a resolver may hand out any of them). Throws
 * {@link OutboundRefused} (reason `invalid_url`, `scheme`, `credentials`, `port`, `unresolvable`, or the refused
 * range name).
 */
export async function checkOutboundUrl(raw: string, opts: { reach: OutboundReach; resolve?: Resolver }): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefused('invalid_url', 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefused('scheme', 'only http and https');
  if (url.username || url.password) throw new OutboundRefused('credentials', 'credentials in the URL are not allowed');
  if (url.port === '0') throw new OutboundRefused('port', 'port 0');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let found: Array<{ address: string; family: number }>;
  if (ipaddr.isValid(host)) found = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  else {
    try {
      found = await (opts.resolve ?? systemResolver)(host);
    } catch {
      throw new OutboundRefused('unresolvable', `${host} does not resolve`);
    }
  }
  if (!found.length) throw new OutboundRefused('unresolvable', `${host} does not resolve`);
  for (const f of found) {
    if (!ipaddr.isValid(f.address)) throw new OutboundRefused('unresolvable', `${host} resolved to ${f.address}`);
    if (!addressAllowed(f.address, opts.reach))
      throw new OutboundRefused(addressRange(f.address), `${host} resolves to ${f.address} (${addressRange(f.address)})`);
  }
  const first = found[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4, addresses: found.map((f) => f.address) };
}

/** The answer of a guarded POST: status, time to the response headers (ms), and at most `maxBytes` of its body. */
export interface OutboundResponse {
  status: number;
  durationMs: number;
  body: string;
}

/** A failed guarded POST: `timeout`, or `network` (refused connection, TLS, reset). */
export class OutboundFailure extends Error {
  readonly kind: 'timeout' | 'network';
  readonly durationMs: number;
  constructor(kind: 'timeout' | 'network', message: string, durationMs: number) {
    super(message);
    this.kind = kind;
    this.durationMs = durationMs;
  }
}

type Pinned = { pinnedAddress?: string };
/**
 * Keep-alive agents whose socket pool key includes the pinned address: a kept-alive connection to an address
 * checked earlier is never reused for a host that now resolves elsewhere (or was refused in between).
 */
class PinnedHttpAgent extends http.Agent {
  override getName(o?: http.ClientRequestArgs): string {
    return `${super.getName(o)}|${(o as Pinned | undefined)?.pinnedAddress ?? ''}`;
  }
}
class PinnedHttpsAgent extends https.Agent {
  override getName(o?: https.RequestOptions): string {
    return `${super.getName(o)}|${(o as Pinned | undefined)?.pinnedAddress ?? ''}`;
  }
}
const agents = {
  http: new PinnedHttpAgent({ keepAlive: true, maxSockets: 64 }),
  https: new PinnedHttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * POSTs `body` to a checked target, connecting to `target.address` whatever DNS says now (TLS still verifies the
 * certificate against the URL's host name: SNI and the check use the name, not the address). No redirect is
 * followed (a 3xx is just a status). Gives up after `timeoutMs` in all (connect + answer + the first `maxBytes`).
 * Throws {@link OutboundFailure}.
 */
export function postPinned(
  target: CheckedTarget,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; maxBytes: number },
): Promise<OutboundResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_hostname, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else cb(null, target.address, target.family);
  };
  const isHttps = target.url.protocol === 'https:';
  const mod = isHttps ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = mod.request(
      target.url,
      {
        method: 'POST',
        agent: isHttps ? agents.https : agents.http,
        lookup: pinned,
        pinnedAddress: target.address,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      } as http.RequestOptions,
      (res) => {
        const status = res.statusCode ?? 0;
        const durationMs = elapsed();
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () =>
          done(() => resolve({ status, durationMs, body: Buffer.concat(chunks).toString('utf8').slice(0, opts.maxBytes) }));
        res.on('data', (c: Buffer) => {
          if (size < opts.maxBytes) chunks.push(c.subarray(0, opts.maxBytes - size));
          size += c.length;
          // Enough read: the rest is not wanted (and must not hold the delivery).
          if (size >= opts.maxBytes) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', finish);
        res.on('aborted', finish);
      },
    );
    const timer = setTimeout(() => {
      done(() => reject(new OutboundFailure('timeout', `no answer within ${opts.timeoutMs} ms`, elapsed())));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) =>
      done(() => reject(new OutboundFailure('network', (e.code ? `${e.code}: ` : '') + e.message, elapsed()))),
    );
    req.end(body);
  });
}

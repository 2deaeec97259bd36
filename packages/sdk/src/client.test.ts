import { ApiClient } from './client.ts';
import { ApiError } from './errors.ts';
import { OfflineQueue } from './offline-queue.ts';
import { memoryStore, TokenStore } from './storage.ts';
import { TransportFailure, type Transport, type TransportRequest, type TransportResponse } from './transport.ts';

/** A scripted server: each call answers from the handler; every request is recorded. */
function scripted(handler: (req: TransportRequest, n: number) => TransportResponse | 'offline') {
  const calls: TransportRequest[] = [];
  const transport: Transport = {
    async request(req) {
      calls.push(req);
      const r = handler(req, calls.length);
      if (r === 'offline') throw new TransportFailure();
      return r;
    },
  };
  return { transport, calls };
}
const json = (status: number, data: unknown): TransportResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  data,
});
const problem = (status: number, code: string, extra: object = {}) =>
  json(status, { type: 'x', title: 't', status, code, ...extra });

function client(t: Transport, onExpired?: (e: ApiError) => void) {
  const tokens = new TokenStore(memoryStore());
  tokens.set({ accessToken: 'a1', refreshToken: 'r1' });
  return { c: new ApiClient({ baseUrl: 'http://api/api/v1', transport: t, tokens, onSessionExpired: onExpired }), tokens };
}

test('an expired access token is refreshed once for many waiting calls, then the calls are retried', async () => {
  let refreshed = 0;
  const s = scripted((req) => {
    if (req.url.endsWith('/auth/refresh')) {
      refreshed++;
      return json(200, { status: 'ok', accessToken: 'a2', refreshToken: 'r2', expiresIn: 900, user: {} });
    }
    return req.headers.authorization === 'Bearer a2' ? json(200, { ok: true }) : problem(401, 'token_expired');
  });
  const { c, tokens } = client(s.transport);
  const results = await Promise.all([c.get('/me'), c.get('/users'), c.get('/audit')]);
  expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
  expect(refreshed).toBe(1);
  expect(tokens.get()).toEqual({ accessToken: 'a2', refreshToken: 'r2' });
});

test('a refresh that fails signs out and tells the app', async () => {
  const expired: string[] = [];
  const s = scripted((req) =>
    req.url.endsWith('/auth/refresh') ? problem(401, 'refresh_token_reused') : problem(401, 'token_expired'),
  );
  const { c, tokens } = client(s.transport, (e) => expired.push(e.code));
  await expect(c.get('/me')).rejects.toMatchObject({ code: 'token_expired', status: 401 });
  expect(tokens.get()).toBeNull();
  expect(expired).toEqual(['token_expired']);
});

test('problems become readable Chinese messages with field errors; network failures are retryable', async () => {
  const s = scripted((req) =>
    req.url.includes('/users')
      ? problem(400, 'validation_failed', {
          errors: [{ path: 'username', code: 'invalid_format', message: '用户名须为 3–32 位' }],
        })
      : 'offline',
  );
  const { c } = client(s.transport);
  const e = (await c.post('/users', {}).catch((x: unknown) => x)) as ApiError;
  expect(e).toBeInstanceOf(ApiError);
  expect(e.message).toBe('提交的内容有误，请检查标出的字段：用户名须为 3–32 位');
  expect(e.fieldErrors).toEqual({ username: '用户名须为 3–32 位' });
  expect(e.retryable).toBe(false);
  const n = (await c.get('/me').catch((x: unknown) => x)) as ApiError;
  expect(n.code).toBe('network_error');
  expect(n.message).toContain('网络');
  expect(n.retryable).toBe(true);
});

test('creates carry an idempotency key; a broken proxy page is still a clean error', async () => {
  const s = scripted(() => ({ status: 502, headers: { 'content-type': 'text/html' }, data: '<html>bad gateway</html>' }));
  const { c } = client(s.transport);
  await expect(c.users.create({ username: 'abc', name: 'n', role: 'grid_worker', password: 'x' })).rejects.toMatchObject({
    status: 502,
    retryable: true,
  });
  expect(s.calls[0]!.headers['idempotency-key']).toMatch(/^k-/);
});

test('the offline queue replays in order with the same keys, and keeps what the server refuses', async () => {
  let online = false;
  const received: Array<{ key: string; body: unknown }> = [];
  const s = scripted((req) => {
    if (!online) return 'offline';
    received.push({ key: req.headers['idempotency-key']!, body: JSON.parse(String(req.body)) });
    return (JSON.parse(String(req.body)) as { bad?: boolean }).bad ? problem(400, 'validation_failed') : json(201, { id: 'x' });
  });
  const { c } = client(s.transport);
  const store = memoryStore();
  const q = new OfflineQueue(store);
  const r1 = await q.sendOrQueue(c, { method: 'POST', path: '/hazards', body: { n: 1 }, idempotencyKey: 'key-1', label: '一' });
  const r2 = await q.sendOrQueue(c, {
    method: 'POST',
    path: '/hazards',
    body: { n: 2, bad: true },
    idempotencyKey: 'key-2',
    label: '二',
  });
  expect('queued' in r1 && 'queued' in r2).toBe(true);
  // Still offline: nothing lost, attempts counted.
  const offline = await q.flush(c);
  expect(offline).toMatchObject({ sent: [], remaining: 2 });
  // A new queue over the same storage (app restarted) sees the same items.
  const q2 = new OfflineQueue(store);
  online = true;
  const done = await q2.flush(c);
  expect(done.sent).toEqual(['key-1']);
  expect(done.failed).toEqual([{ id: 'key-2', error: expect.stringContaining('提交的内容有误') }]);
  expect(q2.items().map((i) => i.id)).toEqual(['key-2']);
  expect(received.map((r) => r.key)).toEqual(['key-1', 'key-2']);
});

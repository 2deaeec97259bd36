import Taro from '@tarojs/taro';
import { ApiError, newIdempotencyKey } from '@yuanan/sdk';
import { client, onServerAnswered, online } from './api';
import { observable } from './observable';
import { Outbox, type FlushResult, type NewOutboxItem, type OutboxItem } from './outbox-core';
import { dropPhoto, photoSrc } from './photos';
import { meState, zoneState } from './session';
import { readJson, store } from './storage';

/**
 * What waits for the network: the outbox (services/outbox-core.ts) on Taro storage, one per zone and user, so a
 * waiting call is never sent with someone else's session. Plain calls (marking messages read) and calls with
 * photos (hazard reports, rectifications) go through it; it is flushed when the network returns, when the app
 * comes back to the foreground and after any successful call.
 */
let outbox: Outbox | null = null;
let outboxKey = '';
/** The last error of each item that failed (the page that made it shows field messages from it). */
const lastErrors = new Map<string, unknown>();
const sentListeners = new Set<(item: OutboxItem, result: unknown) => void>();

/** How many items wait to be sent (the "待同步 N 条" indicator). */
export const pendingCount = observable<number>(0);
/** How many items the server refused (kept aside: "N 条未能提交"). */
export const failedCount = observable<number>(0);
/** Every item in the outbox (pages show their own kind: a report waiting to be sent…). */
export const outboxItems = observable<OutboxItem[]>([]);

class PhotoMissing extends Error {}

function classify(e: unknown, item: OutboxItem): { kind: 'retry' | 'conflict' | 'fatal'; message: string } {
  lastErrors.set(item.id, e);
  if (e instanceof ApiError) {
    // offline, busy, or signed out (kept for after signing in again)
    if (e.retryable || e.status === 401) return { kind: 'retry', message: e.message };
    if (e.status === 409) {
      // an idempotent create whose first attempt is still running on the server: wait
      if (e.code === 'conflict' && !item.doneIf) return { kind: 'retry', message: e.message };
      return { kind: 'conflict', message: e.message };
    }
    return { kind: 'fatal', message: e.message };
  }
  if (e instanceof PhotoMissing) return { kind: 'fatal', message: '照片已不在本机（可能被清理），请重新拍照后提交' };
  return { kind: 'fatal', message: e instanceof Error ? e.message : '提交失败' };
}

function legacyImport(q: Outbox, zone: string, userId: string): void {
  // the first release kept plain calls in the sdk's OfflineQueue: carry them over once
  const key = `offline-queue:${zone}:${userId}`;
  const old = readJson<Array<{ method: 'POST'; path: string; body: unknown; idempotencyKey: string; label: string }>>(key);
  if (!old) return;
  for (const c of old) {
    q.add({
      kind: 'call',
      label: c.label,
      method: c.method,
      path: c.path,
      body: c.body,
      idempotencyKey: c.idempotencyKey,
      files: [],
    });
  }
  store.remove(key);
}

function refresh(): void {
  const items = outbox?.items() ?? [];
  outboxItems.set(items);
  pendingCount.set(items.filter((i) => !i.failed).length);
  failedCount.set(items.filter((i) => i.failed).length);
}

/** The signed-in user's outbox (null before sign-in). */
export function currentOutbox(): Outbox | null {
  const zone = zoneState.get();
  const me = meState.get();
  if (!zone || !me) {
    if (outbox) {
      outbox = null;
      outboxKey = '';
    }
    return null;
  }
  const key = `outbox:${zone.code}:${me.id}`;
  if (key !== outboxKey) {
    outbox = new Outbox(store, key, {
      upload: async (f) => {
        const src = await photoSrc(f.path);
        if (!src) throw new PhotoMissing();
        return (await client.files.uploadPath(src, { purpose: f.purpose }, f.uploadKey)).id;
      },
      send: (item, body) =>
        client.request(item.method, item.path, {
          body: item.method === 'DELETE' ? undefined : body,
          idempotencyKey: item.idempotencyKey,
        }),
      read: (path) => client.get(path),
      classify,
      done: (item, result) => {
        lastErrors.delete(item.id);
        for (const f of item.files) dropPhoto(f.path);
        for (const l of [...sentListeners]) l(item, result);
      },
    });
    outboxKey = key;
    outbox.onChange(refresh);
    legacyImport(outbox, zone.code, me.id);
  }
  return outbox;
}

function recount(): void {
  currentOutbox();
  refresh();
}

/** Called with every item the outbox delivered (pages refresh their lists). */
export function onOutboxSent(listener: (item: OutboxItem, result: unknown) => void): () => void {
  sentListeners.add(listener);
  return () => void sentListeners.delete(listener);
}

export type SendOutcome<T> =
  | { status: 'sent'; result: T }
  | { status: 'queued'; item: OutboxItem; message: string }
  | { status: 'refused'; error: unknown; item: OutboxItem };

/**
 * Puts an item in the outbox and sends what waits (this item after the older ones). `sent`: the server's answer;
 * `queued`: it waits for the network (待同步); `refused`: the server said no for good — the item is taken out again
 * (`keepRefused` leaves it aside in the outbox instead) and the caller shows `error` on its form.
 */
export async function submitToOutbox<T>(item: NewOutboxItem, opts: { keepRefused?: boolean } = {}): Promise<SendOutcome<T>> {
  const q = currentOutbox();
  if (!q) throw new ApiError({ status: 401, code: 'unauthenticated', message: '请先登录' });
  const added = q.add(item);
  const r = await q.flush();
  const sent = r.sent.find((s) => s.id === added.id);
  if (sent) return { status: 'sent', result: sent.result as T };
  const now = q.get(added.id) ?? added;
  if (now.failed) {
    const error = lastErrors.get(added.id) ?? new Error(now.lastError ?? '提交失败');
    if (!opts.keepRefused) q.remove(added.id);
    return { status: 'refused', error, item: now };
  }
  return { status: 'queued', item: now, message: now.lastError ?? '网络不可用' };
}

/** Sends a plain call now, or queues it when the network is down (marking messages read). */
export async function sendOrQueue<T>(call: {
  method: OutboxItem['method'];
  path: string;
  body?: unknown;
  label: string;
}): Promise<{ result: T } | { queued: OutboxItem }> {
  const key = newIdempotencyKey();
  if (!currentOutbox())
    return { result: await client.request<T>(call.method, call.path, { body: call.body ?? {}, idempotencyKey: key }) };
  const r = await submitToOutbox<T>({ kind: 'call', files: [], ...call, body: call.body ?? {}, idempotencyKey: key });
  if (r.status === 'sent') return { result: r.result };
  if (r.status === 'queued') return { queued: r.item };
  throw r.error;
}

/** Replays what waits (in order). Safe to call often. */
export async function flush(): Promise<FlushResult | null> {
  const q = currentOutbox();
  if (!q || q.pending().length === 0) {
    recount();
    return null;
  }
  const r = await q.flush();
  if (r.sent.length > 0 && r.remaining === 0) void Taro.showToast({ title: `已同步 ${r.sent.length} 条`, icon: 'none' });
  return r;
}

/** Sends an item set aside again. */
export async function retryItem(id: string): Promise<FlushResult | null> {
  currentOutbox()?.retry(id);
  return flush();
}

/** Takes an item out of the outbox; `keepPhotos` when its form is reopened for editing. */
export function discard(id: string, opts: { keepPhotos?: boolean } = {}): OutboxItem | null {
  const item = currentOutbox()?.remove(id) ?? null;
  if (item && !opts.keepPhotos) for (const f of item.files) dropPhoto(f.path);
  lastErrors.delete(id);
  return item;
}

export function pendingItems(): OutboxItem[] {
  return currentOutbox()?.items() ?? [];
}

let started = false;
/** Listens to the network (WeChat's events; the browser's online/offline in H5) and flushes when it returns. */
export function startOfflineSync(): void {
  if (started) return;
  started = true;
  recount();
  zoneState.subscribe(recount);
  meState.subscribe(recount);
  if (process.env.TARO_ENV === 'h5') {
    // Taro's H5 onNetworkStatusChange reads navigator.connection, whose effectiveType is never 'none' (it would
    // report "connected" right after going offline): the browser's own online/offline events are the truth.
    online.set(window.navigator.onLine);
    window.addEventListener('online', () => {
      online.set(true);
      void flush();
    });
    window.addEventListener('offline', () => online.set(false));
  } else {
    Taro.getNetworkType()
      .then((r) => online.set(r.networkType !== 'none'))
      .catch(() => undefined);
    Taro.onNetworkStatusChange((r) => {
      online.set(r.isConnected);
      if (r.isConnected) void flush();
    });
  }
  // Any answer from the server means the network works: send what waits.
  onServerAnswered(() => {
    if (pendingCount.get() > 0 && !currentOutbox()?.flushing) setTimeout(() => void flush(), 0);
  });
}

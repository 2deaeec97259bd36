import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notification } from '@yuanan/contracts';
import { client } from './api';
import { errorKind, errorMessage, reportError } from './feedback';
import { sendOrQueue } from './offline';
import { meState, zoneState } from './session';
import { readJson, writeJson } from './storage';

interface Cached {
  items: Notification[];
  unread: number;
  total: number;
  at: string;
}

function cacheKey(): string | null {
  const zone = zoneState.get();
  const me = meState.get();
  return zone && me ? `cache:notifications:${zone.code}:${me.id}` : null;
}

export interface NotificationsState {
  items: Notification[];
  unread: number;
  total: number;
  loading: boolean;
  /** The message when loading failed and nothing is shown. */
  error: string | null;
  /** Shown from the local copy because the network is down. */
  offlineSince: string | null;
  hasMore: boolean;
  reload: () => Promise<void>;
  loadMore: () => Promise<void>;
  markRead: (n: Notification) => Promise<void>;
  markAllRead: () => Promise<void>;
}

/** The user's notifications, page by page; the first page is kept on the device for offline reading. */
export function useNotifications(pageSize = 20): NotificationsState {
  const key = cacheKey();
  const cached = key ? readJson<Cached>(key) : null;
  const [items, setItems] = useState<Notification[]>(cached?.items ?? []);
  const [unread, setUnread] = useState(cached?.unread ?? 0);
  const [total, setTotal] = useState(cached?.total ?? 0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const busy = useRef(false);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const r = await client.notifications.list({ page: 1, pageSize });
      setItems(r.items);
      setUnread(r.unread);
      setTotal(r.total);
      setPage(1);
      setError(null);
      setOfflineSince(null);
      const k = cacheKey();
      if (k) writeJson(k, { items: r.items, unread: r.unread, total: r.total, at: new Date().toISOString() } satisfies Cached);
    } catch (e) {
      const k = cacheKey();
      const c = k ? readJson<Cached>(k) : null;
      if (errorKind(e) === 'network' && c) setOfflineSince(c.at);
      else if (errorKind(e) !== 'session') setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }, [pageSize]);

  const loadMore = useCallback(async () => {
    if (busy.current || items.length >= total) return;
    busy.current = true;
    try {
      const r = await client.notifications.list({ page: page + 1, pageSize });
      setItems((prev) => [...prev, ...r.items.filter((n) => !prev.some((p) => p.id === n.id))]);
      setPage(page + 1);
      setTotal(r.total);
      setUnread(r.unread);
    } catch (e) {
      void reportError(e, { what: '加载更多消息' });
    } finally {
      busy.current = false;
    }
  }, [items.length, page, pageSize, total]);

  const markRead = useCallback(async (n: Notification) => {
    if (n.readAt) return;
    const now = new Date().toISOString();
    setItems((prev) => prev.map((i) => (i.id === n.id ? { ...i, readAt: now } : i)));
    setUnread((u) => Math.max(0, u - 1));
    try {
      await sendOrQueue({ method: 'POST', path: `/notifications/${n.id}/read`, label: `标记已读：${n.title}` });
    } catch (e) {
      void reportError(e, { what: '标记已读' });
    }
  }, []);

  const markAllRead = useCallback(async () => {
    const now = new Date().toISOString();
    setItems((prev) => prev.map((i) => (i.readAt ? i : { ...i, readAt: now })));
    setUnread(0);
    try {
      await sendOrQueue({ method: 'POST', path: '/notifications/read-all', label: '全部标记已读' });
    } catch (e) {
      void reportError(e, { what: '全部标记已读' });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return {
    items,
    unread,
    total,
    loading,
    error,
    offlineSince,
    hasMore: items.length < total,
    reload,
    loadMore,
    markRead,
    markAllRead,
  };
}

export const SEVERITY_LABELS: Record<Notification['severity'], string> = {
  info: '通知',
  warning: '提醒',
  critical: '紧急',
};

import { useEffect, useRef, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { Notification, REALTIME_EVENTS } from '@yuanan/contracts';
import { mainClient, onMainTokens } from './client.ts';
import { getLang } from '../i18n/i18n.tsx';

/**
 * The event name, checked against the contracts at compile time (a type-only import keeps the contracts' zod
 * schemas out of the console's first download).
 */
const NOTIFICATION_EVENT: (typeof REALTIME_EVENTS)['notification'] = 'notification';

export type RealtimeState = 'connecting' | 'online' | 'offline';

type Listener = (data: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

/** Subscribes to a realtime event of the one socket (hazard.changed, import.progress, …). */
export function onRealtime(event: string, fn: Listener): () => void {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(fn);
  return () => void set.delete(fn);
}

/** A page's handler for a realtime event while it is mounted. */
export function useRealtimeEvent<T>(event: string, handler: (data: T) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => onRealtime(event, (d) => ref.current(d as T)), [event]);
}

/**
 * One socket.io connection for the signed-in person, authenticated at the handshake with the current access
 * token (read at every (re)connect, so refreshed tokens are used). An expired token is refreshed once and the
 * connection retried; a dead session is left to the api client's session-expiry handling. The socket.io client
 * is loaded after the first paint.
 */
export function useRealtime(enabled: boolean, onNotification: (n: Notification) => void): RealtimeState {
  const [state, setState] = useState<RealtimeState>('connecting');
  const handler = useRef(onNotification);
  handler.current = onNotification;
  useEffect(() => {
    if (!enabled) return;
    let socket: Socket | null = null;
    let off: (() => void) | null = null;
    let cancelled = false;
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      const s = io({
        path: '/socket.io',
        auth: (cb) => cb({ token: mainClient.tokens?.accessToken ?? '' }),
        reconnectionDelayMax: 10_000,
      });
      socket = s;
      let refreshing = false;
      s.on('connect', () => setState('online'));
      s.on('disconnect', () => setState('offline'));
      s.on('connect_error', (err: Error) => {
        setState('offline');
        if (refreshing) return;
        if (err.message === 'token_expired' || err.message === 'token_invalid') {
          refreshing = true;
          void mainClient.refresh().then((ok) => {
            refreshing = false;
            // Not ok: the next api call ends the session and the layout unmounts this hook.
            if (ok) s.connect();
          });
        }
      });
      // A push carries English alongside the Chinese: show the one this window speaks.
      s.on(NOTIFICATION_EVENT, ({ en, ...n }: Notification) => handler.current(getLang() === 'en' && en ? { ...n, ...en } : n));
      // Every other event goes to the pages that listen for it.
      s.onAny((event: string, data: unknown) => {
        for (const fn of listeners.get(event) ?? []) fn(data);
      });
      // A refreshed token: reconnect only if the socket was refused for it.
      off = onMainTokens(() => {
        if (!s.connected && mainClient.tokens) s.connect();
      });
    });
    return () => {
      cancelled = true;
      off?.();
      socket?.removeAllListeners();
      socket?.disconnect();
    };
  }, [enabled]);
  return state;
}

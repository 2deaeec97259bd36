import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useNavigate } from 'react-router';
import type { Me, TokenPair } from '@yuanan/contracts';
import { ApiError, type ApiClient } from '@yuanan/sdk';
import {
  createActingClient,
  loadActingGrant,
  mainClient,
  mainTokens,
  onSessionExpired,
  saveActingGrant,
  type ActingGrant,
} from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import { useT } from '../i18n/i18n.tsx';
import { setDisplayTimeZone } from '../components/time.ts';

export type SessionStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

export interface Session {
  status: SessionStatus;
  /** The signed-in person (a zone user, or the platform operator). */
  me: Me | null;
  /** The platform operator's act-as grant, or a city supervisor's read-only zone token, while inside a zone. */
  acting: ActingGrant | null;
  /** Who the zone pages act as: the acting grant's user, else `me`. */
  effective: Me | null;
  /** The client for zone pages: the acting client while acting, else the main one. */
  client: ApiClient;
  loadError: string | null;
  /** Why the person is no longer signed in (the session died, or they signed out), for the sign-in page. */
  ended: { reason: 'expired' | 'signed_out'; username: string | null } | null;
  completeLogin: (pair: TokenPair) => void;
  reloadMe: () => Promise<void>;
  logout: () => Promise<void>;
  startActing: (tenantId: string, reason: string) => Promise<ActingGrant>;
  /** A bureau user enters a granted zone read-only (POST /supervision/zones/:zoneId/enter). */
  startSupervising: (zoneId: string) => Promise<ActingGrant>;
  /** `silent`: leaves the zone without a message or a navigation (a bureau page opened while inside). */
  stopActing: (why?: 'user' | 'expired' | 'silent') => void;
}

const Ctx = createContext<Session | null>(null);

/** Where to come back to after signing in again. */
export function loginPath(location: { pathname: string; search: string }, reason?: 'expired' | 'signed_out'): string {
  // Signing out on purpose starts afresh; otherwise come back to this page.
  const next = location.pathname.startsWith('/login') || reason === 'signed_out' ? '' : location.pathname + location.search;
  const q = new URLSearchParams();
  if (next && next !== '/') q.set('next', next);
  if (reason) q.set('reason', reason);
  const s = q.toString();
  return s ? `/login?${s}` : '/login';
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<SessionStatus>(() => (mainTokens.get() ? 'loading' : 'anonymous'));
  const [me, setMe] = useState<Me | null>(null);
  const [acting, setActing] = useState<ActingGrant | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [ended, setEnded] = useState<Session['ended']>(null);
  const meRef = useRef<Me | null>(null);
  meRef.current = me;
  // Several calls may fail at once when a session dies: send the person to sign in once.
  const expiring = useRef(false);

  const reloadMe = useCallback(async () => {
    if (!mainTokens.get()) {
      setStatus('anonymous');
      return;
    }
    try {
      const m = await mainClient.me.get();
      setMe(m);
      setLoadError(null);
      const saved = loadActingGrant();
      // The operator's act-as grant on the platform; a bureau's read-only zone token for a bureau user.
      const grant =
        (m.tenant.kind === 'platform' && saved && !saved.supervising) || (m.tenant.kind === 'bureau' && saved?.supervising)
          ? saved
          : null;
      setActing(grant);
      if (!grant) saveActingGrant(null);
      setStatus('authenticated');
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        mainClient.setTokens(null);
        setMe(null);
        setStatus('anonymous');
      } else {
        // The network or the server failed: keep the tokens and offer to retry, never sign out for it.
        setLoadError(errorText(e));
        setStatus('error');
      }
    }
  }, []);

  useEffect(() => {
    void reloadMe();
  }, [reloadMe]);

  const stopActing = useCallback(
    (why: 'user' | 'expired' | 'silent' = 'user') => {
      const supervising = !!loadActingGrant()?.supervising || meRef.current?.tenant.kind === 'bureau';
      saveActingGrant(null);
      setActing(null);
      queryClient.removeQueries();
      if (why === 'silent') return;
      if (why === 'expired') message.warning(t(supervising ? 'supervising.expired' : 'acting.expired'));
      else message.success(t(supervising ? 'supervising.left' : 'acting.stopped'));
      navigate(supervising ? '/city/overview' : '/');
    },
    [navigate, queryClient, message, t],
  );

  // A session that cannot be renewed sends the person to sign in again, then back to this page.
  useEffect(
    () =>
      onSessionExpired((scope) => {
        if (scope === 'acting') {
          if (loadActingGrant() || acting) stopActing('expired');
          return;
        }
        if (expiring.current) return;
        expiring.current = true;
        // RequireAuth sends the person to sign in, with this reason, and back here afterwards.
        setEnded({ reason: 'expired', username: meRef.current?.username ?? null });
        saveActingGrant(null);
        setActing(null);
        setMe(null);
        setStatus('anonymous');
        queryClient.removeQueries();
      }),
    [queryClient, stopActing, acting],
  );

  // The act-as grant ends on its own after 15 minutes.
  useEffect(() => {
    if (!acting) return;
    const ms = acting.expiresAt - Date.now();
    const timer = setTimeout(() => stopActing('expired'), Math.max(0, ms));
    return () => clearTimeout(timer);
  }, [acting, stopActing]);

  const completeLogin = useCallback(
    (pair: TokenPair) => {
      expiring.current = false;
      setEnded(null);
      queryClient.removeQueries();
      saveActingGrant(null);
      mainClient.setTokens({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      setActing(null);
      setMe(pair.user);
      setLoadError(null);
      setStatus('authenticated');
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      if (mainTokens.get()) await mainClient.auth.logout();
    } catch {
      // Signing out locally is what matters; the server session expires on its own.
    }
    saveActingGrant(null);
    mainClient.setTokens(null);
    setEnded({ reason: 'signed_out', username: null });
    setActing(null);
    setMe(null);
    setStatus('anonymous');
    queryClient.removeQueries();
  }, [queryClient]);

  const startActing = useCallback(
    async (tenantId: string, reason: string) => {
      const r = await mainClient.platform.actAs({ tenantId, reason });
      const grant: ActingGrant = { accessToken: r.accessToken, expiresAt: Date.now() + r.expiresIn * 1000, reason, me: r.user };
      saveActingGrant(grant);
      queryClient.removeQueries();
      setActing(grant);
      return grant;
    },
    [queryClient],
  );

  const startSupervising = useCallback(
    async (zoneId: string) => {
      const r = await mainClient.supervision.enter(zoneId);
      const grant: ActingGrant = {
        accessToken: r.accessToken,
        expiresAt: Date.now() + r.expiresIn * 1000,
        reason: '',
        me: r.user,
        supervising: { bureauName: r.user.supervising?.bureauName ?? meRef.current?.tenant.name ?? '', zoneId },
      };
      saveActingGrant(grant);
      queryClient.removeQueries();
      setActing(grant);
      return grant;
    },
    [queryClient],
  );

  const actingClient = useMemo(() => (acting ? createActingClient(acting) : null), [acting]);

  const effectiveMe = acting?.me ?? me;
  // Every time the console shows is on the zone's clock (components/time.ts); set before the pages render.
  setDisplayTimeZone(effectiveMe?.tenant.timeZone);
  const value = useMemo<Session>(
    () => ({
      status,
      me,
      acting,
      effective: effectiveMe,
      client: actingClient ?? mainClient,
      loadError,
      ended,
      completeLogin,
      reloadMe,
      logout,
      startActing,
      startSupervising,
      stopActing,
    }),
    [
      status,
      me,
      acting,
      effectiveMe,
      actingClient,
      loadError,
      ended,
      completeLogin,
      reloadMe,
      logout,
      startActing,
      startSupervising,
      stopActing,
    ],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The client for the current scope (the zone while acting). */
export function useApi(): ApiClient {
  return useSession().client;
}

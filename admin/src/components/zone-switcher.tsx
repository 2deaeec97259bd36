import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../auth/session.tsx';

interface ZoneSwitcher {
  open: (tenantId?: string) => void;
}
const Ctx = createContext<ZoneSwitcher>({ open: () => undefined });

export function useZoneSwitcher(): ZoneSwitcher {
  return useContext(Ctx);
}

// The dialog (a form with a searchable select) loads when an operator first opens it.
const ZoneSwitcherModal = lazy(() => import('./zone-switcher-modal.tsx').then((m) => ({ default: m.ZoneSwitcherModal })));

/** The platform operator's "enter a zone": pick it, give a reason, get a 15-minute audited act-as grant. */
export function ZoneSwitcherProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [state, setState] = useState<{ open: boolean; tenantId?: string; nonce: number }>({ open: false, nonce: 0 });
  const open = useCallback((tenantId?: string) => setState((s) => ({ open: true, tenantId, nonce: s.nonce + 1 })), []);
  const value = useMemo(() => ({ open }), [open]);
  const isOperator = me?.tenant.kind === 'platform';
  return (
    <Ctx.Provider value={value}>
      {children}
      {isOperator && state.nonce > 0 && (
        <Suspense fallback={null}>
          <ZoneSwitcherModal
            key={state.nonce}
            open={state.open}
            tenantId={state.tenantId}
            onClose={() => setState((s) => ({ ...s, open: false }))}
          />
        </Suspense>
      )}
    </Ctx.Provider>
  );
}

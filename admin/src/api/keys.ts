import { useSession } from '../auth/session.tsx';

/** Query keys start with the scope (the person's own, or the zone acted in), so caches never mix. */
export function useScope(): string {
  const { acting } = useSession();
  return acting ? `acting:${acting.me.tenant.id}` : 'main';
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Workbench } from '@yuanan/contracts';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** GET /workbench: the caller's cards in the console's language (refreshed every minute and on live events). */
export function useWorkbench(enabled: boolean, limit = 5) {
  const api = useApi();
  const scope = useScope();
  const { lang } = useI18n();
  return useQuery({
    queryKey: [scope, 'workbench', lang, limit],
    queryFn: () => api.get<Workbench>('/workbench', { limit }),
    enabled,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '@yuanan/sdk';
import { useApi } from '../../auth/session.tsx';
import { useScope } from '../../api/keys.ts';

type Body<F extends (...a: never[]) => unknown, I extends number = 0> = Parameters<F>[I];

/** Saves some zone settings (PATCH /tenant/settings); the zone, the map and the palette users read again. */
export function useUpdateSettings() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Body<ApiClient['tenant']['updateSettings']>) => api.tenant.updateSettings(b),
    onSuccess: (t) => {
      qc.setQueryData([scope, 'tenant'], t);
      void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
    },
  });
}

/** Renames the zone or changes its time zone (PATCH /tenant). */
export function useUpdateZone() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Body<ApiClient['tenant']['update']>) => api.tenant.update(b),
    onSuccess: (t) => {
      qc.setQueryData([scope, 'tenant'], t);
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

/** Adds an item to a zone list (hazard categories, key-place tags). */
export function useAddCatalogItem() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: Body<ApiClient['tenant']['addCatalogItem']>) => api.tenant.addCatalogItem(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: [scope, 'catalog'] }),
  });
}

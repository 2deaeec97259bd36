import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasPermission } from '../auth/access.ts';
import { useApi, useSession } from '../auth/session.tsx';
import { useScope } from './keys.ts';
import type { Dashboard, MapData, Palette, RiskModel, RiskModelParams } from './types.ts';

/** The default palette (DOMAIN.md); a zone may change it in its settings. */
export const DEFAULT_PALETTE: Palette = {
  red: { color: '#d9363e', label: '重大风险' },
  orange: { color: '#fa8c16', label: '较大风险' },
  yellow: { color: '#fadb14', label: '一般风险' },
  blue: { color: '#1677ff', label: '低风险' },
};

/** What the map page asks for: the view, and once a large zone is clustered, the visible area and zoom. */
export interface RiskMapArea {
  view?: 'plan' | 'geo';
  bbox?: readonly [number, number, number, number];
  zoom?: number;
}

/** The risk map for a view (the previous answer stays on screen while the next area loads). */
export function useRiskMap(area: RiskMapArea = {}, enabled = true) {
  const api = useApi();
  const scope = useScope();
  return useQuery<MapData>({
    queryKey: [scope, 'risk', 'map', area],
    queryFn: () => api.risk.map(area),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useDashboard() {
  const api = useApi();
  const scope = useScope();
  return useQuery<Dashboard>({ queryKey: [scope, 'risk', 'dashboard'], queryFn: () => api.risk.dashboard() });
}

export function useRiskModels() {
  const api = useApi();
  const scope = useScope();
  return useQuery<RiskModel[]>({ queryKey: [scope, 'risk', 'models'], queryFn: () => api.risk.models() });
}

export function usePublishModel() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { params: RiskModelParams; note?: string }) => api.risk.publishModel(b),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
      // The worker recolours the zone: lists and details catch up a little later.
      setTimeout(() => void qc.invalidateQueries({ queryKey: [scope] }), 4000);
    },
  });
}

export function useSetSitePlan() {
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('purpose', 'site_plan');
      form.append('file', file, file.name);
      const stored = await api.files.upload(form);
      await api.risk.setSitePlan(stored.id);
      return stored;
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: [scope, 'risk', 'map'] });
      void qc.invalidateQueries({ queryKey: [scope, 'tenant'] });
    },
  });
}

/** The zone's settings (palette, deadlines), for those who may read them. */
export function useTenant() {
  const api = useApi();
  const scope = useScope();
  const { effective } = useSession();
  return useQuery({
    queryKey: [scope, 'tenant'],
    queryFn: () => api.tenant.get(),
    enabled: hasPermission(effective, 'tenant.settings.read'),
    staleTime: 5 * 60_000,
  });
}

/** The zone's four colours and their names (the default palette when the settings are not readable). */
export function usePalette(): Palette {
  const tenant = useTenant();
  return (tenant.data?.settings.palette as Palette | undefined) ?? DEFAULT_PALETTE;
}

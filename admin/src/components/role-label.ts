import { useCallback } from 'react';
import { useCatalog } from '../api/zone-queries.ts';
import { hasPermission } from '../auth/access.ts';
import { useSession } from '../auth/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { roleLabel } from '../i18n/labels.ts';

/** Role names as this zone calls them (its role catalogue may rename them), in Chinese; standard names in English. */
export function useRoleLabel(): (role: string | null | undefined) => string {
  const { lang } = useI18n();
  const { effective } = useSession();
  const inZone = effective?.tenant.kind === 'zone' && hasPermission(effective, 'catalog.read');
  const catalog = useCatalog('role', inZone && lang === 'zh-CN');
  return useCallback(
    (role) => {
      if (!role) return '—';
      if (lang === 'zh-CN') {
        const item = catalog.data?.find((c) => c.code === role);
        if (item) return item.name;
      }
      return roleLabel(role, lang);
    },
    [catalog.data, lang],
  );
}

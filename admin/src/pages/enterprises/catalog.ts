import { useMemo } from 'react';
import { useCatalog } from '../../api/zone-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';

/** The zone's grids (by id) and key-place tags (by code), for selects and for names in tables. */
export function useZoneLists() {
  const { effective } = useSession();
  const ok = hasPermission(effective, 'catalog.read');
  const grids = useCatalog('grid', ok);
  const tags = useCatalog('key_place_tag', ok);
  return useMemo(() => {
    const gridItems = (grids.data ?? []).filter((g) => g.enabled);
    const tagItems = (tags.data ?? []).filter((g) => g.enabled);
    return {
      gridOptions: gridItems.map((g) => ({ value: g.id, label: g.name })),
      tagOptions: tagItems.map((g) => ({ value: g.code, label: g.name })),
      gridName: new Map((grids.data ?? []).map((g) => [g.id, g.name])),
      tagName: new Map((tags.data ?? []).map((g) => [g.code, g.name])),
    };
  }, [grids.data, tags.data]);
}

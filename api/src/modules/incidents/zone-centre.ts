/**
 * Where the zone is, for sanity checks of positions typed or sent in (a sensitive target at 0/0, an SOS from another
 * city): the zone's map centre (tenant settings `mapCenter`), else the centroid of its active enterprises that have a
 * position, else unknown (null: nothing to check against).
 */
import { distanceMetres, type LatLng } from '@yuanan/domain';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';

/** The zone's centre: `mapCenter`, else the active enterprises' centroid, else null. */
export async function zoneCentre(em: Em, tenant: TenantInfo): Promise<LatLng | null> {
  const c = tenant.settings.mapCenter;
  if (c && Number.isFinite(c.lat) && Number.isFinite(c.lng)) return { lat: c.lat, lng: c.lng };
  const ents = await em.find(
    Enterprise,
    { status: 'active', lat: { $ne: null }, lng: { $ne: null } },
    { fields: ['id', 'lat', 'lng'] },
  );
  if (!ents.length) return null;
  return {
    lat: ents.reduce((s, e) => s + e.lat!, 0) / ents.length,
    lng: ents.reduce((s, e) => s + e.lng!, 0) / ents.length,
  };
}

/** Metres from the zone's centre to a point, or null when the zone has no centre. */
export async function fromZoneCentre(em: Em, tenant: TenantInfo, p: LatLng): Promise<number | null> {
  const c = await zoneCentre(em, tenant);
  return c ? distanceMetres(c, p) : null;
}

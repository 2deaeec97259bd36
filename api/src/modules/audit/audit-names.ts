import type { AuditLog } from '../../core/audit/audit.entity.ts';
import type { Em } from '../../core/db/orm.ts';
import { supervisionGrantNames } from '../supervision/supervision-scope.ts';

/**
 * What an audit row's entity is called, for the audit list's 对象 column: a hazard's code, an enterprise's or a
 * person's name, a plan's title… Rows that hang off another (a hazard's timeline entry, a session, an enterprise's
 * colour) are named after their owner. One query per entity type on the page (two for the owned ones), through
 * the caller's EntityManager, so the tenant filter applies: another zone's rows are never named. What is gone
 * (deleted) or out of reach is named from the row's own snapshot (a create's or delete's diff) when it has one,
 * else not at all (the console then shows the type in words and a short id). Notifications and tasks are not
 * named: their stored titles are composed sentences in Chinese, rendered per reader elsewhere, not names.
 */
const OWN: Record<string, string> = {
  Hazard: 'code',
  Enterprise: 'name',
  User: 'name',
  Tenant: 'name',
  CatalogItem: 'name',
  Invitation: 'name',
  StoredFile: 'originalName',
  EnterpriseContact: 'name',
  CertifiedWorker: 'personName',
  HazardousChemical: 'name',
  EmergencySupply: 'name',
  EmergencyTeamMember: 'name',
  EmergencyPlan: 'title',
  RiskPoint: 'name',
  SavedView: 'name',
  // integration (issue 14): a key, a subscription and an export task by the name the zone gave them
  ApiKey: 'name',
  WebhookSubscription: 'name',
  ExportTarget: 'name',
};

/** Types that are another type's rows under a more exact name: a bureau is a tenant (kind `bureau`). */
const SAME_AS: Record<string, string> = { Bureau: 'Tenant' };

/** Rows named after the row they belong to: the link field and the owner's type. */
const VIA: Record<string, { link: string; owner: string }> = {
  HazardEvent: { link: 'hazardId', owner: 'Hazard' },
  HazardExtension: { link: 'hazardId', owner: 'Hazard' },
  Session: { link: 'userId', owner: 'User' },
  WechatBinding: { link: 'userId', owner: 'User' },
  EnterpriseColour: { link: 'enterpriseId', owner: 'Enterprise' },
  EnterpriseChangeRequest: { link: 'enterpriseId', owner: 'Enterprise' },
  Drill: { link: 'enterpriseId', owner: 'Enterprise' },
};

const key = (type: string, id: string) => `${type}:${id}`;
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 120) : null);

type Row = Record<string, unknown>;

async function rows(em: Em, type: string, ids: string[], fields: string[]): Promise<Row[]> {
  if (!ids.length) return [];
  try {
    return (await em.find(type as never, { id: { $in: ids } } as never, {
      fields: ['id', ...fields] as never,
      disableIdentityMap: true,
    })) as unknown as Row[];
  } catch {
    // An entity the caller's scope cannot read (e.g. a zone's rows from the platform): named from the diff.
    return [];
  }
}

/** `Type:id` → the entity's name, for the rows given. */
export async function auditEntityNames(em: Em, logs: AuditLog[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = new Map<string, Set<string>>();
  for (const a of logs) {
    const type = SAME_AS[a.entityType] ?? a.entityType;
    if (!a.entityId || !(type in OWN || type in VIA)) continue;
    let ids = wanted.get(type);
    if (!ids) wanted.set(type, (ids = new Set()));
    ids.add(a.entityId);
  }

  // Rows that belong to another: their owner's id first.
  const ownerOf = new Map<string, { type: string; id: string }>();
  for (const [type, via] of Object.entries(VIA)) {
    const ids = [...(wanted.get(type) ?? [])];
    for (const r of await rows(em, type, ids, [via.link])) {
      const owner = text(r[via.link]);
      if (!owner) continue;
      ownerOf.set(key(type, String(r.id)), { type: via.owner, id: owner });
      let set = wanted.get(via.owner);
      if (!set) wanted.set(via.owner, (set = new Set()));
      set.add(owner);
    }
  }

  for (const [type, field] of Object.entries(OWN)) {
    for (const r of await rows(em, type, [...(wanted.get(type) ?? [])], [field])) {
      const name = text(r[field]);
      if (name) names.set(key(type, String(r.id)), name);
    }
  }
  for (const [child, owner] of ownerOf) {
    const name = names.get(key(owner.type, owner.id));
    if (name) names.set(child, name);
  }
  for (const a of logs) {
    const same = SAME_AS[a.entityType];
    const name = same && a.entityId ? names.get(key(same, a.entityId)) : undefined;
    if (name) names.set(key(a.entityType, a.entityId!), name);
  }

  // A supervision grant (platform-owned, joining two tenants): `bureau → zone`.
  const grants = [...new Set(logs.filter((a) => a.entityType === 'SupervisionGrant' && a.entityId).map((a) => a.entityId!))];
  for (const [id, name] of await supervisionGrantNames(em, grants)) names.set(key('SupervisionGrant', id), name);

  // Gone or out of reach: the snapshot a create or delete recorded.
  for (const a of logs) {
    if (!a.entityId || names.has(key(a.entityType, a.entityId))) continue;
    const field = OWN[a.entityType];
    if (!field) continue;
    const diff = (typeof a.diff === 'string' ? JSON.parse(a.diff) : a.diff) as Row | null;
    const name = text(diff?.[field]);
    if (name) names.set(key(a.entityType, a.entityId), name);
  }
  return names;
}

export function auditEntityName(names: Map<string, string>, a: AuditLog): string | null {
  return a.entityId ? (names.get(key(a.entityType, a.entityId)) ?? null) : null;
}

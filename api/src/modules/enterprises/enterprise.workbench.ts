import { ENTERPRISE_ROLES, isEnterpriseRole, type Role } from '@yuanan/contracts';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { dateAt, dueTag, enterpriseNames, localDay } from '../workbench/workbench.helpers.ts';
import type { EntityClass } from '@mikro-orm/core';
import {
  OFFICE_ROLES,
  severityWhenAny,
  type WorkbenchCardDef,
  type WorkbenchContext,
  type WorkbenchRegistry,
} from '../workbench/workbench.registry.ts';
import { CertifiedWorker, EmergencySupply, EnterpriseChangeRequest } from './enterprise-records.entity.ts';
import { ENTERPRISE_FIELD_LABELS } from './import/columns.ts';

/** Certificates and supplies show from this many days before they expire (and stay until renewed). */
export const EXPIRY_HORIZON_DAYS = 30;

/** An enterprise user's own enterprise; zone staff: every enterprise of the zone. */
const own = (c: WorkbenchContext): Record<string, unknown> =>
  isEnterpriseRole(c.actor.role) ? { enterpriseId: c.actor.enterpriseId ?? '-' } : {};

const bound = (a: { role: Role; enterpriseId: string | null }) => !isEnterpriseRole(a.role) || Boolean(a.enterpriseId);

const expiring = (c: WorkbenchContext) => ({ $ne: null, $lte: localDay(c, EXPIRY_HORIZON_DAYS) });

/**
 * The enterprise module's workbench cards: key-field changes waiting for the safety office (and, for the
 * enterprise, its own request waiting), certified workers and emergency supplies expiring within 30 days or
 * expired. Enterprise users see their enterprise's only.
 */
export function registerEnterpriseCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'enterprises.changes',
    module: 'enterprises',
    order: 30,
    roles: OFFICE_ROLES,
    title: t('企业变更待审核', 'Enterprise changes to approve'),
    description: t('企业在小程序修改的关键字段，通过后生效', 'Key fields enterprises changed; they apply once approved'),
    count: (c) => cappedCount(c.em, EnterpriseChangeRequest, { tenantId: c.tenant.id, status: 'pending' }),
    items: async (c, limit) => {
      const rows = await c.em.find(
        EnterpriseChangeRequest,
        { status: 'pending' },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit },
      );
      const names = await enterpriseNames(
        c.em,
        rows.map((r) => r.enterpriseId),
      );
      return rows.map((r) => {
        const fields = Object.keys(r.changes ?? {});
        return {
          id: r.id,
          title: names.get(r.enterpriseId) ?? r.enterpriseId,
          subtitle:
            c.lang === 'en'
              ? `${r.requestedByName}: ${fields.join(', ')}`
              : `${r.requestedByName} 修改 ${fields.map((f) => ENTERPRISE_FIELD_LABELS.get(f) ?? f).join('、')}`,
          at: r.createdAt.toISOString(),
          tag: c.lang === 'en' ? 'to approve' : '待审核',
          link: `/enterprises/changes?enterpriseId=${r.enterpriseId}`,
        };
      });
    },
    link: '/enterprises/changes',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'enterprises.myChanges',
    module: 'enterprises',
    order: 30,
    roles: ENTERPRISE_ROLES,
    when: bound,
    title: t('档案变更审核中', 'File changes awaiting approval'),
    description: t(
      '已提交的关键字段修改，园区安监审核后生效',
      'Key-field changes you sent; they apply once the safety office approves',
    ),
    count: (c) => cappedCount(c.em, EnterpriseChangeRequest, { tenantId: c.tenant.id, status: 'pending', ...own(c) }),
    items: async (c, limit) => {
      const rows = await c.em.find(
        EnterpriseChangeRequest,
        { status: 'pending', ...own(c) },
        { orderBy: { createdAt: 'desc', id: 'desc' }, limit },
      );
      return rows.map((r) => {
        const fields = Object.keys(r.changes ?? {});
        return {
          id: r.id,
          title:
            c.lang === 'en'
              ? `Change of ${fields.join(', ')}`
              : `修改${fields.map((f) => ENTERPRISE_FIELD_LABELS.get(f) ?? f).join('、')}`,
          subtitle: r.requestedByName,
          at: r.createdAt.toISOString(),
          tag: c.lang === 'en' ? 'awaiting approval' : '审核中',
          link: `/enterprises/${r.enterpriseId}`,
        };
      });
    },
    link: (c) => (c.actor.enterpriseId ? `/enterprises/${c.actor.enterpriseId}` : null),
  });
  wb.register(
    expiryCard({
      key: 'enterprises.certificates',
      order: 40,
      title: t('持证人员证书到期', 'Certificates expiring'),
      description: t('30 日内到期或已过期的特种作业证，请复审或换证', 'Expired or expiring within 30 days: renew them'),
      entity: CertifiedWorker,
      tab: 'certificates',
      item: (r) => ({ title: `${r.personName} · ${r.category}`, detail: r.certNumber }),
    }),
  );
  wb.register(
    expiryCard({
      key: 'enterprises.supplies',
      order: 41,
      title: t('应急物资到期', 'Emergency supplies expiring'),
      description: t('30 日内到期或已过期的应急物资，请更换或补充', 'Expired or expiring within 30 days: replace them'),
      entity: EmergencySupply,
      tab: 'supplies',
      item: (r) => ({ title: r.name, detail: r.location || null }),
    }),
  );
}

/** A record of the enterprise file that expires (certificates, supplies). */
type Expiring = { id: string; enterpriseId: string; expiresOn?: string | null };

/**
 * A card of records expiring within EXPIRY_HORIZON_DAYS or expired, soonest first, for the safety office (every
 * enterprise, named) and enterprise users (their own, with `item`'s detail); each item opens the enterprise file's
 * `tab`. `item` gives the row's title and the detail an enterprise user sees.
 */
function expiryCard<T extends Expiring>(spec: {
  key: string;
  order: number;
  title: WorkbenchCardDef['title'];
  description: WorkbenchCardDef['description'];
  entity: EntityClass<T>;
  tab: string;
  item: (r: T) => { title: string; detail: string | null };
}): WorkbenchCardDef {
  const tabOf = (enterpriseId: string) => `/enterprises/${enterpriseId}?tab=${spec.tab}`;
  return {
    key: spec.key,
    module: 'enterprises',
    order: spec.order,
    roles: [...OFFICE_ROLES, ...ENTERPRISE_ROLES],
    when: bound,
    title: spec.title,
    description: spec.description,
    // (The filters are the same for both entities; MikroORM cannot type them over a generic entity.)
    count: (c) => cappedCount(c.em, spec.entity, { tenantId: c.tenant.id, expiresOn: expiring(c), ...own(c) } as never),
    items: async (c, limit) => {
      const rows = (await c.em.find(spec.entity, { expiresOn: expiring(c), ...own(c) } as never, {
        orderBy: { expiresOn: 'asc', id: 'asc' } as never,
        limit,
      })) as T[];
      const names = await enterpriseNames(
        c.em,
        rows.map((r) => r.enterpriseId),
      );
      return rows.map((r) => {
        const { title, detail } = spec.item(r);
        return {
          id: r.id,
          title,
          subtitle: isEnterpriseRole(c.actor.role) ? detail : (names.get(r.enterpriseId) ?? null),
          at: dateAt(c, r.expiresOn!),
          tag: dueTag(c, r.expiresOn!),
          severity: r.expiresOn! < localDay(c) ? ('critical' as const) : ('warning' as const),
          link: tabOf(r.enterpriseId),
        };
      });
    },
    link: (c) => (isEnterpriseRole(c.actor.role) ? tabOf(c.actor.enterpriseId!) : null),
    severity: severityWhenAny('warning'),
  };
}

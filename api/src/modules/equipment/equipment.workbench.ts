import { ENTERPRISE_ROLES, isEnterpriseRole } from '@yuanan/contracts';
import { addDays, localDate, localDayRange } from '@yuanan/domain';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { dueTag } from '../workbench/workbench.helpers.ts';
import { severityWhenAny, type WorkbenchContext, type WorkbenchRegistry } from '../workbench/workbench.registry.ts';
import {
  EquipmentLoan,
  EquipmentMaintenance,
  EquipmentRequest,
  EquipmentReservation,
  EquipmentUnit,
} from './equipment.entity.ts';
import { recordScope } from './equipment-scope.ts';

type Where = Record<string, unknown>;

/** Asset tags of units, for item titles. */
async function tags(c: WorkbenchContext, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  return new Map(
    (await c.em.find(EquipmentUnit, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'assetTag'] })).map((u) => [
      u.id,
      u.assetTag,
    ]),
  );
}

/**
 * To hand out (待出借, today and tomorrow): active reservations (not picked up, not lapsed) that have not ended and
 * start before the end of tomorrow on the zone's clock — the same set as the 待出借 tab of the loans page, which lists
 * `status=active&from=<now>&to=<start of the day after tomorrow>` (the reservation list's overlap filter).
 */
const toHandOut = (c: WorkbenchContext): Where => {
  const tomorrow = localDayRange(addDays(localDate(c.now, c.tenant.timeZone), 1), c.tenant.timeZone);
  return { status: 'active', startsAt: { $lt: tomorrow.end }, endsAt: { $gt: c.now } };
};
const overdueLoans = (c: WorkbenchContext): Where => ({ returnedAt: null, dueAt: { $lt: c.now } });
/** The caller's own loans: their enterprise's (enterprise users) or those they borrowed. */
const myLoans = (c: WorkbenchContext): Where => ({ ...recordScope(c.actor, 'borrowerUserId'), returnedAt: null });

/**
 * The equipment room's workbench cards (replacing `loans.coming`): the keeper's requests to decide, reservations to
 * hand out today, overdue loans and maintenance due; an enterprise user's own enterprise's loans, overdue
 * first. Scoped like the loan list (equipment-scope.ts); links open the admin pages of exactly these records.
 */
export function registerEquipmentCards(wb: WorkbenchRegistry): void {
  const KEEPER = ['equipment_keeper'] as const;
  wb.register({
    key: 'equipment.requests',
    module: 'equipment',
    order: 10,
    roles: KEEPER,
    title: t('待审批借用申请', 'Requests to decide'),
    description: t('企业和救援队提交的器材借用申请，分配器材后批准', 'Requests to borrow gear: assign units and approve'),
    count: (c) => cappedCount(c.em, EquipmentRequest, { status: 'submitted' }),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(EquipmentRequest, { status: 'submitted' }, { orderBy: { createdAt: 'asc' }, limit });
      return rows.map((r) => ({
        id: r.id,
        title: r.contactName,
        subtitle: r.purpose,
        at: r.startsAt.toISOString(),
        tag: dueTag(c, r.startsAt),
        link: `/equipment/requests?id=${r.id}`,
      }));
    },
    link: '/equipment/requests?status=submitted',
    severity: severityWhenAny('info'),
  });
  wb.register({
    key: 'equipment.handout',
    module: 'equipment',
    order: 11,
    roles: KEEPER,
    title: t('待出借（今明两天）', 'To hand out (today and tomorrow)'),
    description: t(
      '今明两天要领取的预约（含之前开始尚未领取的），借用人来领取时扫码出借',
      'Reservations to pick up today or tomorrow (also earlier ones not yet picked up): scan and check out when the borrower comes',
    ),
    count: (c) => cappedCount(c.em, EquipmentReservation, toHandOut(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(EquipmentReservation, toHandOut(c), { orderBy: { startsAt: 'asc' }, limit });
      const tag = await tags(
        c,
        rows.map((r) => r.unitId),
      );
      return rows.map((r) => ({
        id: r.id,
        title: tag.get(r.unitId) ?? '',
        subtitle: r.borrowerName,
        at: r.startsAt.toISOString(),
        tag: null,
        link: `/equipment/units/${r.unitId}`,
      }));
    },
    link: '/equipment/loans?state=pickup',
    severity: severityWhenAny('info'),
  });
  wb.register({
    key: 'equipment.overdue',
    module: 'equipment',
    order: 12,
    roles: KEEPER,
    title: t('逾期未还', 'Overdue loans'),
    description: t('超过应还时间仍未归还的器材，可一键催还', 'Gear past its due time: send a reminder'),
    count: (c) => cappedCount(c.em, EquipmentLoan, overdueLoans(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(EquipmentLoan, overdueLoans(c), { orderBy: { dueAt: 'asc' }, limit });
      const tag = await tags(
        c,
        rows.map((r) => r.unitId),
      );
      return rows.map((l) => ({
        id: l.id,
        title: tag.get(l.unitId) ?? '',
        subtitle: l.borrowerName,
        at: l.dueAt.toISOString(),
        tag: dueTag(c, l.dueAt),
        link: `/equipment/loans?state=overdue&id=${l.id}`,
      }));
    },
    link: '/equipment/loans?state=overdue',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'equipment.maintenance',
    module: 'equipment',
    order: 13,
    roles: KEEPER,
    title: t('待保养', 'Maintenance due'),
    description: t('到期的定期保养和归还损坏的检修', 'Scheduled maintenance due and repairs of damaged returns'),
    count: (c) => cappedCount(c.em, EquipmentMaintenance, { status: 'due' }),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(EquipmentMaintenance, { status: 'due' }, { orderBy: { dueOn: 'asc' }, limit });
      const tag = await tags(
        c,
        rows.map((r) => r.unitId),
      );
      return rows.map((j) => ({
        id: j.id,
        title: `${tag.get(j.unitId) ?? ''} ${j.label}`,
        subtitle: null,
        at: null,
        tag: dueTag(c, j.dueOn),
        link: `/equipment/maintenance?status=due`,
      }));
    },
    link: '/equipment/maintenance?status=due',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'equipment.mine',
    module: 'equipment',
    order: 40,
    roles: ENTERPRISE_ROLES,
    when: (a) => !isEnterpriseRole(a.role) || Boolean(a.enterpriseId),
    title: t('我的借用', 'My borrowed gear'),
    description: (c) =>
      isEnterpriseRole(c.actor.role)
        ? t('本企业借用中的器材，逾期的排在前面；归还后请在小程序中点“归还”', 'Gear your enterprise has on loan, overdue first')
        : t('我借用中的器材，逾期的排在前面', 'Gear you have on loan, overdue first'),
    count: (c) => cappedCount(c.em, EquipmentLoan, myLoans(c)),
    items: async (c, limit) => {
      if (limit <= 0) return [];
      const rows = await c.em.find(EquipmentLoan, myLoans(c), { orderBy: { dueAt: 'asc' }, limit });
      const tag = await tags(
        c,
        rows.map((r) => r.unitId),
      );
      return rows.map((l) => ({
        id: l.id,
        title: tag.get(l.unitId) ?? '',
        subtitle: l.borrowerName,
        at: l.dueAt.toISOString(),
        tag: dueTag(c, l.dueAt),
        severity: l.dueAt < c.now ? ('critical' as const) : ('info' as const),
        link: `/equipment/loans?mine=true&id=${l.id}`,
      }));
    },
    link: '/equipment/loans?mine=true&state=current',
    severity: severityWhenAny('info'),
  });
}

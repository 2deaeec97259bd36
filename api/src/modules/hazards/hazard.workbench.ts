import {
  ENTERPRISE_ROLES,
  HAZARD_DUE_SOON_DAYS,
  HAZARD_STATUS_LABELS,
  HAZARD_STATUS_LABELS_EN,
  isEnterpriseRole,
} from '@yuanan/contracts';
import { localDate } from '@yuanan/domain';
import { cappedCount } from '../../core/db/keyset.ts';
import { t } from '../../core/http/problem.ts';
import { dueTag, enterpriseNames } from '../workbench/workbench.helpers.ts';
import {
  OFFICE_ROLES,
  severityWhenAny,
  type WorkbenchContext,
  type WorkbenchItemInput,
  type WorkbenchRegistry,
} from '../workbench/workbench.registry.ts';
import { Hazard, HazardExtension } from './hazard.entity.ts';
import { hazardWhere } from './hazard-scope.ts';

/** Statuses with a running deadline (the ledger's "open"). */
const RUNNING = ['confirmed', 'rectifying'];
/** Statuses of a hazard not yet closed (nor dismissed). */
const MAJOR_OPEN = ['reported', 'confirmed', 'rectifying', 'pending_review'];

type Where = Record<string, unknown>;
/** The columns an item shows. */
type Row = Pick<
  Hazard,
  'id' | 'code' | 'description' | 'enterpriseId' | 'deadline' | 'reportedAt' | 'status' | 'grade' | 'supervisionListedAt'
>;
type Order = Record<string, 'asc' | 'desc'>;

/** The caller's hazards (hazard-scope.ts) narrowed by `extra`; the tenant is explicit as in the ledger. */
async function scoped(c: WorkbenchContext, extra: Where): Promise<Where> {
  return { $and: [{ tenantId: c.tenant.id }, await hazardWhere(c.em, c.actor), extra] };
}

const count = async (c: WorkbenchContext, extra: Where) => cappedCount(c.em, Hazard, await scoped(c, extra));

/** The first hazards of a card as items: description, enterprise and number, linked to the hazard's page. */
async function items(
  c: WorkbenchContext,
  extra: Where,
  orderBy: Order,
  limit: number,
  tag: (h: Row) => string | null,
  at: (h: Row) => Date | null = (h) => h.deadline ?? null,
): Promise<WorkbenchItemInput[]> {
  const rows: Row[] = await c.em.find(Hazard, await scoped(c, extra), {
    orderBy: { ...orderBy, id: 'asc' },
    limit,
    fields: ['id', 'code', 'description', 'enterpriseId', 'deadline', 'reportedAt', 'status', 'grade', 'supervisionListedAt'],
  });
  const names = isEnterpriseRole(c.actor.role)
    ? new Map<string, string>()
    : await enterpriseNames(
        c.em,
        rows.map((h) => h.enterpriseId),
      );
  return rows.map((h) => ({
    id: h.id,
    title: h.description.length > 40 ? `${h.description.slice(0, 40)}…` : h.description,
    // An enterprise user knows whose it is: the number is enough.
    subtitle: isEnterpriseRole(c.actor.role) ? h.code : [names.get(h.enterpriseId), h.code].filter(Boolean).join(' · '),
    at: at(h)?.toISOString() ?? null,
    tag: tag(h),
    link: `/hazards/${h.id}`,
  }));
}

/** Roles whose hazard scope is the whole zone (hazard-scope.ts gives them no narrowing). */
const wholeZone = (c: WorkbenchContext) => (OFFICE_ROLES as readonly string[]).includes(c.actor.role);

const overdueWhere = (c: WorkbenchContext): Where => ({ status: { $in: RUNNING }, deadline: { $lt: c.now } });
const dueSoonWhere = (c: WorkbenchContext): Where => ({
  status: { $in: RUNNING },
  deadline: { $gte: c.now, $lte: new Date(c.now.getTime() + HAZARD_DUE_SOON_DAYS * 86400_000) },
});

/**
 * The hazard module's workbench cards: to confirm and grade, to review, extensions to decide, to rectify (the
 * enterprise's), overdue, due within 7 days, and major hazards under supervision. Scoped like the ledger
 * (hazard-scope.ts): an enterprise user sees their enterprise's, a grid worker their grids'.
 */
export function registerHazardCards(wb: WorkbenchRegistry): void {
  wb.register({
    key: 'hazards.toConfirm',
    module: 'hazards',
    order: 10,
    roles: [...OFFICE_ROLES, 'grid_worker'],
    title: (c) =>
      c.actor.role === 'grid_worker'
        ? t('网格内待确认隐患', 'Reported in my grids')
        : t('隐患待确认定级', 'Hazards to confirm and grade'),
    description: (c) =>
      c.actor.role === 'grid_worker'
        ? t('上报后尚未确认的隐患，现场能整改的可即查即改', 'Reported, not yet confirmed; fix on the spot where you can')
        : t('上报的隐患等待确认、定级并下达整改期限', 'Reports waiting for confirmation, a grade and a deadline'),
    count: (c) => count(c, { status: 'reported' }),
    items: (c, limit) =>
      items(
        c,
        { status: 'reported' },
        { reportedAt: 'asc' },
        limit,
        () => (c.lang === 'en' ? 'to confirm' : '待确认'),
        (h) => h.reportedAt,
      ),
    link: '/hazards?status=reported',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'hazards.toReview',
    module: 'hazards',
    order: 11,
    roles: OFFICE_ROLES,
    title: t('整改待复核', 'Rectifications to review'),
    description: t('企业已提交整改，等待复核通过或退回', 'Rectification submitted, waiting for your review'),
    count: (c) => count(c, { status: 'pending_review' }),
    items: (c, limit) =>
      items(c, { status: 'pending_review' }, { reportedAt: 'asc' }, limit, () => (c.lang === 'en' ? 'to review' : '待复核')),
    link: '/hazards?status=pending_review',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'hazards.extensions',
    module: 'hazards',
    order: 12,
    roles: OFFICE_ROLES,
    title: t('延期申请待审批', 'Extension requests to decide'),
    description: t('整改期限的延期申请，在隐患详情中批准或驳回', 'Requests for a later deadline; decide them on the hazard'),
    // Extensions are read without a hazard scope: only for roles that see every hazard of the zone (fails closed).
    count: async (c) => (wholeZone(c) ? cappedCount(c.em, HazardExtension, { tenantId: c.tenant.id, status: 'pending' }) : 0),
    items: async (c, limit) => {
      if (!wholeZone(c)) return [];
      const rows = await c.em.find(
        HazardExtension,
        { status: 'pending' },
        {
          orderBy: { createdAt: 'asc', id: 'asc' },
          limit,
          fields: ['id', 'hazardId', 'requestedDeadline', 'requestedByName', 'createdAt'],
        },
      );
      const hazards = new Map(
        (
          await c.em.find(
            Hazard,
            { id: { $in: rows.map((r) => r.hazardId) } },
            { fields: ['id', 'code', 'description', 'enterpriseId'] },
          )
        ).map((h) => [h.id, h]),
      );
      const names = await enterpriseNames(
        c.em,
        [...hazards.values()].map((h) => h.enterpriseId),
      );
      return rows.map((r) => {
        const h = hazards.get(r.hazardId);
        return {
          id: r.id,
          title: h ? `${h.code} ${h.description.slice(0, 30)}` : r.hazardId,
          subtitle: [h ? names.get(h.enterpriseId) : null, r.requestedByName].filter(Boolean).join(' · '),
          at: r.createdAt.toISOString(),
          tag: c.lang === 'en' ? `to ${r.requestedDeadline}` : `延至 ${r.requestedDeadline}`,
          link: `/hazards/${r.hazardId}`,
        };
      });
    },
    link: '/hazards?extension=pending',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'hazards.toRectify',
    module: 'hazards',
    order: 10,
    roles: ENTERPRISE_ROLES,
    when: (a) => Boolean(a.enterpriseId),
    title: t('待整改隐患', 'Hazards to rectify'),
    description: t('已确认的隐患，按期限整改并提交复核', 'Confirmed hazards: rectify them by the deadline and submit'),
    count: (c) => count(c, { status: { $in: RUNNING } }),
    items: (c, limit) =>
      items(c, { status: { $in: RUNNING } }, { deadline: 'asc' }, limit, (h) => (h.deadline ? dueTag(c, h.deadline) : null)),
    link: '/hazards?status=confirmed,rectifying',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'hazards.overdue',
    module: 'hazards',
    order: 20,
    roles: [...OFFICE_ROLES, 'grid_worker', 'city_supervisor', ...ENTERPRISE_ROLES],
    title: t('逾期未整改', 'Overdue'),
    description: t(
      '整改期限已过仍未提交的隐患，已按升级策略提醒',
      'Past the deadline and not submitted; escalated by the policy',
    ),
    count: (c) => count(c, overdueWhere(c)),
    items: (c, limit) => items(c, overdueWhere(c), { deadline: 'asc' }, limit, (h) => dueTag(c, h.deadline!)),
    link: '/hazards/overdue',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'hazards.dueSoon',
    module: 'hazards',
    order: 21,
    roles: [...OFFICE_ROLES, 'grid_worker', ...ENTERPRISE_ROLES],
    title: t('7 日内到期', 'Due within 7 days'),
    description: t('整改期限在 7 日内的隐患', 'Hazards whose deadline falls within the next 7 days'),
    count: (c) => count(c, dueSoonWhere(c)),
    items: (c, limit) => items(c, dueSoonWhere(c), { deadline: 'asc' }, limit, (h) => dueTag(c, h.deadline!)),
    // The ledger's own filter for exactly these (the same window from now), soonest first.
    link: '/hazards?dueSoon=true&sort=deadline',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'hazards.major',
    module: 'hazards',
    order: 22,
    roles: [...OFFICE_ROLES, 'city_supervisor', ...ENTERPRISE_ROLES],
    title: t('重大隐患督办', 'Major hazards under supervision'),
    description: t('未闭环的重大隐患：治理方案、挂牌督办、验收', 'Open major hazards: governance plan, listing, acceptance'),
    count: (c) => count(c, { grade: 'major', status: { $in: MAJOR_OPEN } }),
    items: (c, limit) =>
      items(c, { grade: 'major', status: { $in: MAJOR_OPEN } }, { deadline: 'asc' }, limit, (h) =>
        h.supervisionListedAt
          ? c.lang === 'en'
            ? `listed ${localDate(h.supervisionListedAt, c.tenant.timeZone)}`
            : `${localDate(h.supervisionListedAt, c.tenant.timeZone)} 挂牌`
          : c.lang === 'en'
            ? 'not listed yet'
            : '未挂牌',
      ),
    link: '/hazards/major',
    severity: severityWhenAny('critical'),
  });
  wb.register({
    key: 'hazards.reportedByMe',
    module: 'hazards',
    order: 15,
    roles: ['inspector'],
    title: t('我上报的隐患', 'Hazards I reported'),
    description: t(
      '您上报、尚未闭环的隐患：确认、整改、复核到哪一步',
      'Your reports not yet closed: where each is in confirmation, rectification and review',
    ),
    count: (c) => count(c, { reportedBy: c.actor.userId, status: { $in: MAJOR_OPEN } }),
    items: (c, limit) =>
      items(c, { reportedBy: c.actor.userId, status: { $in: MAJOR_OPEN } }, { reportedAt: 'desc' }, limit, (h) =>
        c.lang === 'en' ? HAZARD_STATUS_LABELS_EN[h.status] : HAZARD_STATUS_LABELS[h.status],
      ),
    link: `/hazards?mine=true&status=${MAJOR_OPEN.join(',')}`,
  });
}

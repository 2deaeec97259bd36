import { teamRoster } from '@yuanan/domain';
import { t } from '../../core/http/problem.ts';
import {
  OFFICE_ROLES,
  severityWhenAny,
  type WorkbenchContext,
  type WorkbenchItemInput,
  type WorkbenchRegistry,
} from '../workbench/workbench.registry.ts';
import { User } from '../identity/identity.entity.ts';
import { DutySwap, DutyTeam } from './duty.entity.ts';
import { managedTeamIds } from './duty-scope.ts';
import type { DutyService } from './duty.service.ts';

const DAY = 86_400_000;
/** Days ahead the "next shift" card looks. */
const NEXT_DAYS = 14;

const when = (c: WorkbenchContext, d: Date) =>
  new Intl.DateTimeFormat(c.lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: c.tenant.timeZone,
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);

async function names(c: WorkbenchContext, ids: string[]) {
  const rows = ids.length ? await c.em.find(User, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'name'] }) : [];
  return new Map(rows.map((u) => [u.id, u.name]));
}

async function teamNames(c: WorkbenchContext, ids: string[]) {
  const rows = ids.length ? await c.em.find(DutyTeam, { id: { $in: [...new Set(ids)] } }, { fields: ['id', 'name'] }) : [];
  return new Map(rows.map((x) => [x.id, x.name]));
}

/** Swaps waiting for the caller as the colleague asked. */
const toAnswer = (c: WorkbenchContext) => ({ counterpartId: c.actor.userId, status: 'requested' as const });

/** Accepted swaps of the teams the caller manages (never their own). Null: none. */
async function toApprove(c: WorkbenchContext): Promise<Record<string, unknown> | null> {
  const managed = await managedTeamIds(c.em, c.actor);
  if (managed && !managed.length) return null;
  return {
    status: 'accepted',
    requesterId: { $ne: c.actor.userId },
    counterpartId: { $ne: c.actor.userId },
    ...(managed ? { teamId: { $in: managed } } : {}),
  };
}

async function swapItems(c: WorkbenchContext, where: Record<string, unknown>, limit: number): Promise<WorkbenchItemInput[]> {
  const rows = await c.em.find(DutySwap, where, { orderBy: { requesterSlotStart: 'asc', id: 'asc' }, limit });
  const [people, teams] = await Promise.all([
    names(
      c,
      rows.flatMap((s) => [s.requesterId, s.counterpartId]),
    ),
    teamNames(
      c,
      rows.map((s) => s.teamId),
    ),
  ]);
  return rows.map((s) => ({
    id: s.id,
    title: `${people.get(s.requesterId) ?? ''} ⇄ ${people.get(s.counterpartId) ?? ''}`,
    subtitle: teams.get(s.teamId) ?? null,
    at: s.requesterSlotStart.toISOString(),
    tag: when(c, s.requesterSlotStart),
    link: `/duty/swaps?status=${s.status}`,
  }));
}

/**
 * The duty module's workbench cards: 下一班 (my next shifts, rescue members and leaders), 待我回应的换班 (swaps I was
 * asked), 待审批换班 (accepted swaps of the teams I manage; the office: all) and 14天内值班缺口 (slots with fewer than
 * the minimum in the next `dutyGapHorizonDays`). Replaces the `duty.coming` placeholder.
 */
export function registerDutyCards(wb: WorkbenchRegistry, duty: DutyService): void {
  const myShifts = async (c: WorkbenchContext) => (await duty.myShifts(c.em, c.actor, c.tenant, NEXT_DAYS)).items;
  wb.register({
    key: 'duty.nextShift',
    module: 'duty',
    order: 3,
    roles: ['rescue_leader', 'rescue_member'],
    title: t('下一班', 'My next shift'),
    description: t(`我在未来 ${NEXT_DAYS} 天的班次`, `My shifts in the next ${NEXT_DAYS} days`),
    count: async (c) => (await myShifts(c)).length,
    items: async (c, limit) =>
      (await myShifts(c)).slice(0, limit).map((s) => ({
        id: `${s.teamId}:${s.start}`,
        title: s.teamName,
        subtitle: s.colleagues.map((x) => x.name).join('、') || null,
        at: s.start,
        tag: when(c, new Date(s.start)),
        link: '/duty/roster',
      })),
    link: '/duty/roster',
    severity: () => 'info',
  });
  wb.register({
    key: 'duty.swapsToAnswer',
    module: 'duty',
    order: 4,
    roles: ['rescue_leader', 'rescue_member'],
    title: t('待我回应的换班', 'Swaps asked of me'),
    description: t('同事请我换班或替班，请同意或拒绝', 'Colleagues asked you to swap or cover: accept or decline'),
    count: (c) => c.em.count(DutySwap, toAnswer(c)),
    items: (c, limit) => swapItems(c, toAnswer(c), limit),
    link: '/duty/swaps?mine=true&status=requested',
    severity: severityWhenAny('warning'),
  });
  wb.register({
    key: 'duty.swapsToApprove',
    module: 'duty',
    order: 6,
    roles: ['rescue_leader', ...OFFICE_ROLES],
    title: t('待审批换班', 'Swaps to approve'),
    description: t('双方已同意的换班申请', 'Swaps both colleagues agreed to'),
    count: async (c) => {
      const where = await toApprove(c);
      return where ? c.em.count(DutySwap, where) : 0;
    },
    items: async (c, limit) => {
      const where = await toApprove(c);
      return where ? swapItems(c, where, limit) : [];
    },
    link: '/duty/swaps?status=accepted',
    severity: severityWhenAny('warning'),
  });
  const gapSlots = async (c: WorkbenchContext) => {
    const managed = await managedTeamIds(c.em, c.actor);
    if (managed && !managed.length) return [];
    const teams = await c.em.find(
      DutyTeam,
      { active: true, ...(managed ? { id: { $in: managed } } : {}) },
      { orderBy: { name: 'asc' } },
    );
    const horizon = new Date(c.now.getTime() + (c.tenant.settings.dutyGapHorizonDays ?? 14) * DAY);
    const data = await duty.rosterData(c.em, teams, c.now, horizon, c.tenant.timeZone);
    return teams
      .flatMap((team) =>
        teamRoster(data.get(team.id)!.input, c.now, horizon)
          .filter((s) => s.gap && s.end > c.now)
          .map((s) => ({ team, s })),
      )
      .sort((a, b) => a.s.start.getTime() - b.s.start.getTime());
  };
  wb.register({
    key: 'duty.gaps',
    module: 'duty',
    order: 7,
    roles: ['rescue_leader', ...OFFICE_ROLES],
    title: (c) =>
      t(
        `${c.tenant.settings.dutyGapHorizonDays ?? 14}天内值班缺口`,
        `Duty gaps in the next ${c.tenant.settings.dutyGapHorizonDays ?? 14} days`,
      ),
    description: t(
      '在岗人数少于队伍最低要求的班次，请安排替班',
      'Slots with fewer people than the team’s minimum: arrange cover',
    ),
    count: async (c) => (await gapSlots(c)).length,
    items: async (c, limit) =>
      (await gapSlots(c)).slice(0, limit).map(({ team, s }) => ({
        id: `${team.id}:${s.start.toISOString()}`,
        title: team.name,
        subtitle:
          c.lang === 'en' ? `${s.userIds.length} of ${team.minOnDuty} on duty` : `在岗 ${s.userIds.length}/${team.minOnDuty} 人`,
        at: s.start.toISOString(),
        tag: when(c, s.start),
        link: `/duty/roster?teamId=${team.id}`,
      })),
    link: '/duty/roster',
    severity: severityWhenAny('critical'),
  });
}

/**
 * A demo zone's rescue duty (值班), lived in: the seed's rescue squad (开发区四期应急救援队（蓝天救援队园区分队）, or the
 * other zone's own name) with rescue-lead, rescue1 and six more members (users rescue2 … rescue7) on 24-hour
 * shifts, two a shift, handoff 08:00, from 30 days ago; a past month of duty-room check-ins; a manual cover; a swap
 * both colleagues agreed to, waiting for the leader; an approved leave that leaves a slot short (a gap in the next
 * 14 days) and a leave request waiting; and the emergency service centre's own 值班室 on day/night shifts.
 * Deterministic (times relative to the seed's day in the zone) and idempotent: a zone that has the squad is left
 * alone.
 */
import { addDays, localDate, teamRoster, zonedToUtc, type DutyRotationInput } from '@yuanan/domain';
import type { Container } from '../../core/container.ts';
import { hashPassword } from '../../core/auth/passwords.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import { signCode } from '../../core/crypto/signed-code.ts';
import { uuidv7 } from '../../core/db/ids.ts';
import type { Em } from '../../core/db/orm.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import {
  DutyCheckIn,
  DutyLeave,
  DutyOverride,
  DutyRotation,
  DutySwap,
  DutyTeam,
  DutyTeamMember,
} from '../../modules/duty/duty.entity.ts';
import { DUTY_ROOM_CODE } from '../../modules/duty/duty.service.ts';
import { User } from '../../modules/identity/identity.entity.ts';

export interface DemoDutyReport {
  skipped: boolean;
  teams: number;
  members: number;
  checkIns: number;
  gaps: number;
}

/** The squad's name per zone (index as DEMO_ZONES). */
export const DEMO_SQUAD_NAMES = ['开发区四期应急救援队（蓝天救援队园区分队）', '苏溪应急救援队（蓝天救援队苏溪分队）'];
export const DEMO_CENTRE_TEAM = '应急服务中心值班室';

/** The six extra squad members (rescue2 … rescue7), names per zone. */
const EXTRA = [
  { username: 'rescue2', name: ['陈志华', '楼建锋'], phone: '13905790106' },
  { username: 'rescue3', name: ['周建明', '吴海军'], phone: '13905790107' },
  { username: 'rescue4', name: ['徐海涛', '王振宇'], phone: '13905790108' },
  { username: 'rescue5', name: ['朱晓东', '金伟'], phone: '13905790109' },
  { username: 'rescue6', name: ['胡立军', '陈少华'], phone: '13905790110' },
  { username: 'rescue7', name: ['郑国栋', '骆小龙'], phone: '13905790111' },
];
const SKILLS = [
  ['绳索救援', '高空救援'],
  ['水域救援', '冲锋舟驾驶'],
  ['破拆', '有限空间救援'],
  ['医疗急救'],
  ['无人机操作', '通信保障'],
  ['危化品处置'],
  ['水域救援'],
  ['绳索救援', '医疗急救'],
];

const HOUR = 3_600_000;

/** Seeds the zone's duty; `users` are the demo users by username (DEMO_USERS). */
export async function seedDemoDuty(
  c: Container,
  em: Em,
  tenant: TenantInfo,
  zoneIndex: number,
  users: Map<string, User>,
  password: string,
): Promise<DemoDutyReport> {
  const squadName = DEMO_SQUAD_NAMES[zoneIndex] ?? `${tenant.name}应急救援队`;
  if (await em.count(DutyTeam, { name: squadName })) return { skipped: true, teams: 0, members: 0, checkIns: 0, gaps: 0 };
  const tz = tenant.timeZone;
  const today = localDate(new Date(), tz);
  const startsOn = addDays(today, -30);
  const at = (date: string, h: number, m = 0) => {
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    return zonedToUtc(y, mo, d, h, m, 0, tz);
  };
  // the six extra members
  const hash = await hashPassword(password);
  const existing = new Map(
    (await em.find(User, { username: { $in: EXTRA.map((x) => x.username) } })).map((u) => [u.username!, u]),
  );
  const extra = EXTRA.map(
    (x) =>
      existing.get(x.username) ??
      em.create(User, {
        username: x.username,
        name: x.name[zoneIndex] ?? x.name[0]!,
        role: 'rescue_member',
        enterpriseId: null,
        gridIds: [],
        passwordHash: hash,
        mustChangePassword: false,
        phoneSealed: c.cipher.seal(x.phone),
        phoneMasked: maskPhone(x.phone),
        status: 'active',
      }),
  );
  const lead = users.get('rescue-lead')!;
  const r1 = users.get('rescue1')!;
  const squad = [r1, ...extra, lead];
  // the squad
  const squadId = uuidv7();
  em.create(DutyTeam, {
    id: squadId,
    name: squadName,
    kind: 'rescue_squad',
    leaderUserId: lead.id,
    minOnDuty: 2,
    active: true,
    dutyRoomQr: signCode(c.config.JWT_SECRET, DUTY_ROOM_CODE, tenant.id, squadId),
  });
  squad.forEach((u, i) =>
    em.create(DutyTeamMember, {
      teamId: squadId,
      userId: u.id,
      skills: SKILLS[i % SKILLS.length]!,
      certificates:
        i % 3 === 0
          ? [{ name: '应急救援员（四级）', number: `YJ${String(330782001 + i)}`, expiresOn: addDays(today, 400 + i * 30) }]
          : i % 3 === 1
            ? [{ name: '红十字救护员证', expiresOn: addDays(today, 200 + i * 20) }]
            : [],
      active: true,
    }),
  );
  const squadRotation = em.create(DutyRotation, {
    teamId: squadId,
    name: '24小时轮班（每班2人）',
    pattern: 'daily24',
    handoffTime: '08:00',
    perShift: 2,
    order: squad.map((u) => u.id),
    weekdayPattern: null,
    startsOn,
    endsOn: null,
    active: true,
  });
  // the centre's own duty room: day and night shifts of the office staff and the keeper
  const centreId = uuidv7();
  const centre = ['safety', 'safety2', 'keeper'].map((n) => users.get(n)).filter((u): u is User => Boolean(u));
  em.create(DutyTeam, {
    id: centreId,
    name: DEMO_CENTRE_TEAM,
    kind: 'centre_staff',
    leaderUserId: null,
    minOnDuty: 1,
    active: true,
    dutyRoomQr: signCode(c.config.JWT_SECRET, DUTY_ROOM_CODE, tenant.id, centreId),
  });
  for (const u of centre)
    em.create(DutyTeamMember, { teamId: centreId, userId: u.id, skills: [], certificates: [], active: true });
  em.create(DutyRotation, {
    teamId: centreId,
    name: '白班/夜班',
    pattern: 'day_night',
    handoffTime: '08:00',
    perShift: 1,
    order: centre.map((u) => u.id),
    weekdayPattern: null,
    startsOn,
    endsOn: null,
    active: true,
  });
  // the roster as the rotation makes it, to place the stories on real slots
  const rotation: DutyRotationInput = {
    id: squadRotation.id,
    pattern: 'daily24',
    handoffTime: '08:00',
    perShift: 2,
    order: squad.map((u) => u.id),
    weekdayPattern: null,
    startsOn,
    endsOn: null,
  };
  const input = { teamId: squadId, timeZone: tz, minOnDuty: 2, rotations: [rotation], overrides: [], leaves: [] };
  const past = teamRoster(input, at(startsOn, 8), at(today, 8));
  // a month of check-ins: each person of each past slot, a few minutes either side; now and then one forgot
  let checkIns = 0;
  past.forEach((s, i) =>
    s.userIds.forEach((userId, j) => {
      if ((i * 3 + j) % 11 === 5) return;
      em.create(DutyCheckIn, {
        teamId: squadId,
        userId,
        openUserId: null,
        checkedInAt: new Date(s.start.getTime() - ((i * 7 + j * 5) % 20) * 60_000),
        checkedOutAt: new Date(s.end.getTime() + ((i * 5 + j * 3) % 25) * 60_000),
        method: (i + j) % 3 === 0 ? 'button' : 'qr',
        slotStart: s.start,
      });
      checkIns++;
    }),
  );
  const future = teamRoster(input, at(addDays(today, 1), 8), at(addDays(today, 15), 8));
  const slotOf = (u: User, after: number) => future.slice(after).find((s) => s.userIds.includes(u.id))!;
  const [r2, r3, r4, , r6, r7] = extra as [User, User, User, User, User, User];
  // a manual cover: rescue3 covers rescue2's slot (family matter)
  const covered = slotOf(r2, 1);
  if (!covered.userIds.includes(r3.id))
    em.create(DutyOverride, {
      teamId: squadId,
      startsAt: covered.start,
      endsAt: covered.end,
      userId: r3.id,
      replacesUserId: r2.id,
      reason: '家中有事，临时替班',
      source: 'manual',
      swapId: null,
      createdBy: lead.id,
    });
  // a swap both agreed to, waiting for the leader: rescue1 gives a slot to rescue4 and takes one of theirs
  const give = slotOf(r1, 0);
  const take = future.find((s) => s.start > give.start && s.userIds.includes(r4.id) && !s.userIds.includes(r1.id))!;
  if (!give.userIds.includes(r4.id))
    em.create(DutySwap, {
      teamId: squadId,
      requesterId: r1.id,
      requesterSlotStart: give.start,
      requesterSlotEnd: give.end,
      counterpartId: r4.id,
      counterpartSlotStart: take.start,
      counterpartSlotEnd: take.end,
      reason: '孩子学校开家长会',
      status: 'accepted',
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    });
  // approved leave over one of rescue6's slots a week on: that slot is one short (the gap)
  const away = slotOf(r6, 5);
  em.create(DutyLeave, {
    teamId: null,
    userId: r6.id,
    startsAt: new Date(away.start.getTime() - 12 * HOUR),
    endsAt: new Date(away.end.getTime() + 12 * HOUR),
    reason: '回老家探亲',
    status: 'approved',
    decidedBy: lead.id,
    decidedAt: new Date(),
    createdBy: r6.id,
  });
  // a leave request waiting for the leader
  const later = slotOf(r7, 9);
  em.create(DutyLeave, {
    teamId: null,
    userId: r7.id,
    startsAt: later.start,
    endsAt: later.end,
    reason: '参加培训',
    status: 'requested',
    decidedBy: null,
    decidedAt: null,
    createdBy: r7.id,
  });
  await em.flush();
  return { skipped: false, teams: 2, members: squad.length + centre.length, checkIns, gaps: 1 };
}

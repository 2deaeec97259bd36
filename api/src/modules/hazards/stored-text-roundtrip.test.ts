/**
 * The sentences the hazard module stores in Chinese (escalation timeline notes and notifications, step
 * notifications) must be ones the English renderers know: a writer that changes its wording without its template
 * would show Chinese to English readers, silently. Names, codes and descriptions are user data and stay as
 * entered — here they are ASCII, so any CJK left in the English is a sentence the templates missed.
 */
import type { EscalationLevel, PlannedStage } from '@yuanan/domain';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { notificationText } from '../notifications/notification-text.ts';
import { composeFiring, type DueHazard } from './escalation/sweep.ts';
import { HAZARD_NOTICES } from './hazard.jobs.ts';
import { timelineNote } from './timeline-text.ts';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff1a\uff0c\u3001\uff1b]/;
const zone = { id: 'z', timeZone: 'Asia/Shanghai' } as TenantInfo;
const deadline = new Date('2026-12-01T15:59:59.999Z');
const hazard = (status: DueHazard['status'], grade: 'general' | 'major'): DueHazard =>
  ({
    id: 'h1',
    code: 'YH-2026-0001',
    description: 'blocked fire exit',
    enterpriseId: 'e1',
    responsibleUserId: null,
    deadline,
    status,
    grade,
  }) as DueHazard;
const stage = (offsetDays: number, target: EscalationLevel): PlannedStage => ({
  key: `s${offsetDays}`,
  fireAt: new Date(deadline.getTime() + offsetDays * 86400_000),
  target,
});
/** A directory in which only the levels given have anyone. */
const directory = (reached: EscalationLevel[]) => ({
  at: (_h: unknown, l: EscalationLevel) => (reached.includes(l) ? ['u1', 'u2'] : []),
  enterpriseName: () => 'ACME Ltd',
});

test('every escalation note and notification the sweep writes has its English', () => {
  const cases: Array<[number, EscalationLevel, EscalationLevel[], number[]]> = [
    [-3, 'responsible', ['responsible'], []],
    [-1, 'responsible', ['grid_worker'], [-3]],
    [0, 'grid_worker', ['safety_office'], [-3, -1]],
    [1, 'safety_office', ['zone_admin'], []],
    [3, 'zone_admin', [], [1]],
    [7, 'zone_admin', ['zone_admin'], []],
  ];
  for (const [days, target, reached, superseded] of cases)
    for (const status of ['confirmed', 'rectifying'] as const)
      for (const grade of ['general', 'major'] as const) {
        const fire = stage(days, target);
        const now = new Date(fire.fireAt.getTime() + 1000);
        const f = { h: hazard(status, grade), key: 'k', fire, superseded: superseded.map((d) => stage(d, 'responsible')) };
        const { notify, event } = composeFiring(zone, f, f.superseded, directory(reached), now, () => '2026-12-01');
        const note = timelineNote(String(event.comment), 'en')!;
        expect([days, reached.join(','), note]).toEqual([days, reached.join(','), expect.not.stringMatching(CJK)]);
        if (notify) {
          const en = notificationText(notify, 'en');
          expect([days, en.title, en.body]).toEqual([days, expect.not.stringMatching(CJK), expect.not.stringMatching(CJK)]);
        } else expect(reached).toEqual([]);
      }
});

test('every step notification of the closed loop (HAZARD_NOTICES) has its English', () => {
  for (const [action, notice] of Object.entries(HAZARD_NOTICES)) {
    const en = notificationText(
      { title: `${notice.title}：YH-2026-0001`, body: 'ACME Ltd：blocked fire exit（期限 2026-12-01）' },
      'en',
    );
    expect([action, en.title, en.body]).toEqual([action, expect.not.stringMatching(CJK), expect.not.stringMatching(CJK)]);
  }
});

import { sosRequest } from '@yuanan/contracts';
import { miniPageOf } from '../../services/workbench-links';
import { resolveBody } from '../../services/outbox-core';
import {
  EMPTY_SOS,
  SOS_KIND,
  ackCountdown,
  bearingText,
  clockText,
  dispatchActions,
  distanceText,
  escalatedText,
  scenePhotosItem,
  sortWarnings,
  sosItem,
  teammates,
  uuid4,
  warningWhereText,
  type DispatchState,
} from './incident-ui';

const ID = '0190a5b0-0000-7000-8000-000000000001';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the SOS item', () => {
  test('a clientKey is a version-4 UUID the contract accepts, also at the random extremes', () => {
    for (const rand of [() => 0, () => 0.999999, Math.random]) {
      const k = uuid4(rand);
      expect(k).toMatch(UUID);
      expect(sosRequest.safeParse({ clientKey: k, type: 'fire' }).success).toBe(true);
    }
    expect(new Set(Array.from({ length: 200 }, () => uuid4())).size).toBe(200);
  });

  test('the clientKey is also the Idempotency-Key: a replay sends the same call', () => {
    const key = uuid4();
    const item = sosItem(
      { ...EMPTY_SOS, type: 'leak_poisoning' },
      { lat: 29.1, lng: 119.65 },
      key,
      new Date('2026-12-05T02:00:00Z'),
    );
    expect(item).toMatchObject({ kind: SOS_KIND, method: 'POST', path: '/incidents/sos', idempotencyKey: key, files: [] });
    expect(item.body).toEqual({
      clientKey: key,
      type: 'leak_poisoning',
      isDrill: false,
      lat: 29.1,
      lng: 119.65,
      pressedAt: '2026-12-05T02:00:00.000Z',
    });
    expect(item.label).toBe('一键求救：泄漏/中毒');
    expect(sosRequest.safeParse(item.body).success).toBe(true);
  });

  test('no type → 其他; no place → no coordinates (the server uses the enterprise); a drill says so', () => {
    const item = sosItem({ ...EMPTY_SOS, isDrill: true, description: '  有烟  ' }, null, uuid4(), new Date());
    expect(item.body).toMatchObject({ type: 'other', isDrill: true, description: '有烟' });
    expect(item.body).not.toHaveProperty('lat');
    expect(item.label).toBe('【演练】一键求救：其他');
  });

  test('photos are uploaded first and their ids fill photoFileIds', () => {
    const photos = [
      { path: 'idb:a', uploadKey: 'up-a' },
      { path: 'idb:b', uploadKey: 'up-b' },
    ];
    const item = sosItem({ ...EMPTY_SOS, type: 'fire', photos }, null, uuid4(), new Date());
    expect(item.files.map((f) => [f.slot, f.uploadKey, f.fileId])).toEqual([
      ['photos', 'up-a', null],
      ['photos', 'up-b', null],
    ]);
    const body = resolveBody(
      item.body,
      item.files.map((f, i) => ({ ...f, fileId: `${ID.slice(0, -1)}${i + 2}` })),
    ) as {
      photoFileIds: string[];
    };
    expect(body.photoFileIds).toEqual([`${ID.slice(0, -1)}2`, `${ID.slice(0, -1)}3`]);
    expect(() => resolveBody(item.body, item.files)).toThrow(/not uploaded/);
  });

  test('the press time travels in the outbox entry: a replay later still sends when it was pressed', () => {
    const pressed = new Date('2026-12-05T01:19:24.000Z');
    const item = sosItem({ ...EMPTY_SOS, type: 'fire' }, null, uuid4(), pressed);
    expect((item.body as { pressedAt: string }).pressedAt).toBe('2026-12-05T01:19:24.000Z');
    expect(JSON.parse(JSON.stringify(item)).body.pressedAt).toBe('2026-12-05T01:19:24.000Z'); // survives storage
    expect(sosRequest.safeParse(item.body).success).toBe(true);
  });

  test('photos and the voice note upload as incident media; the voice fills voiceFileId (one id)', () => {
    const item = sosItem(
      {
        ...EMPTY_SOS,
        photos: [{ path: 'p1', uploadKey: 'up-p1' }],
        voice: { path: 'v1.m4a', uploadKey: 'up-v1', durationMs: 12_000 },
      },
      null,
      uuid4(),
      new Date(),
    );
    expect(item.files.map((f) => [f.slot, f.purpose, f.uploadKey])).toEqual([
      ['photos', 'incident_media', 'up-p1'],
      ['voice', 'incident_media', 'up-v1'],
    ]);
    const body = resolveBody(
      item.body,
      item.files.map((f, i) => ({ ...f, fileId: `${ID.slice(0, -1)}${i + 2}` })),
    ) as { photoFileIds: string[]; voiceFileId: string };
    expect(body.photoFileIds).toEqual([`${ID.slice(0, -1)}2`]);
    expect(body.voiceFileId).toBe(`${ID.slice(0, -1)}3`);
    expect(sosRequest.safeParse(body).success).toBe(true);
    const scene = scenePhotosItem({ id: ID, no: 'SJ20261205-001' }, [{ path: 'p', uploadKey: 'u' }], '', 'k-2');
    expect(scene.files[0]!.purpose).toBe('incident_media');
  });

  test('同一事件的队员 never lists the member himself (not his escalated older dispatch), one row per person', () => {
    const me = 'u-me';
    const rows = [
      { id: 'd1', userId: me, userName: '我', dispatchedAt: '2026-12-05T01:00:00Z', status: 'escalated' },
      { id: 'd2', userId: 'u-li', userName: '李', dispatchedAt: '2026-12-05T01:00:00Z', status: 'escalated' },
      { id: 'd3', userId: 'u-wang', userName: '王', dispatchedAt: '2026-12-05T01:03:00Z', status: 'on_scene' },
      { id: 'd4', userId: me, userName: '我', dispatchedAt: '2026-12-05T01:06:00Z', status: 'pending_ack' },
      { id: 'd5', userId: 'u-li', userName: '李', dispatchedAt: '2026-12-05T01:07:00Z', status: 'en_route' },
    ];
    expect(teammates(rows, me).map((r) => r.id)).toEqual(['d5', 'd3']);
  });

  test('scene photos go to the incident with the note', () => {
    const item = scenePhotosItem({ id: ID, no: 'SJ20261205-001' }, [{ path: 'p', uploadKey: 'u' }], ' 已封堵 ', 'k-1');
    expect(item).toMatchObject({ path: `/incidents/${ID}/photos`, idempotencyKey: 'k-1', meta: { incidentId: ID } });
    expect(item.body).toEqual({ fileIds: { $files: 'photos' }, note: '已封堵' });
  });
});

describe('the acknowledgement countdown', () => {
  const due = '2026-12-05T02:03:00.000Z';
  test.each([
    ['2026-12-05T02:00:00.000Z', false, '剩余 3:00'],
    ['2026-12-05T02:02:59.200Z', false, '剩余 0:00'],
    ['2026-12-05T02:03:00.000Z', true, '已超时 0:00'],
    ['2026-12-05T02:04:05.000Z', true, '已超时 1:05'],
  ])('at %s', (now, overdue, text) => {
    expect(ackCountdown(due, new Date(now))).toMatchObject({ overdue, text });
  });
  test('hours', () => expect(clockText(3 * 3600_000 + 61_000)).toBe('3:01:01'));
});

describe('what a dispatched member can do', () => {
  const base: DispatchState = {
    status: 'pending_ack',
    ackDueAt: '2026-12-05T02:03:00Z',
    acknowledgedAt: null,
    rollCallDueAt: null,
    lastAccountedAt: null,
  };
  const now = new Date('2026-12-05T02:10:00Z');
  test('pending → 确认; then 出发 → 到场 → 完成; nothing once done or stood down', () => {
    expect(dispatchActions(base, now)).toEqual({ ack: true, lateAck: false, next: null, rollCall: false, navigate: true });
    expect(dispatchActions({ ...base, status: 'acknowledged' }, now).next).toBe('en_route');
    expect(dispatchActions({ ...base, status: 'en_route' }, now).next).toBe('on_scene');
    expect(dispatchActions({ ...base, status: 'on_scene' }, now).next).toBe('done');
    for (const status of ['done', 'stood_down'] as const)
      expect(dispatchActions({ ...base, status }, now)).toEqual({
        ack: false,
        lateAck: false,
        next: null,
        rollCall: false,
        navigate: false,
      });
  });
  test('escalated: 补确认 until acknowledged late (recorded, the replacement stays)', () => {
    expect(dispatchActions({ ...base, status: 'escalated' }, now)).toMatchObject({ ack: false, lateAck: true, next: null });
    expect(
      dispatchActions({ ...base, status: 'escalated', acknowledgedAt: '2026-12-05T02:05:00Z', lateAck: true }, now).lateAck,
    ).toBe(false);
  });
  test('a roll call is due on scene once rollCallDueAt passed and not answered since', () => {
    const onScene: DispatchState = { ...base, status: 'on_scene', rollCallDueAt: '2026-12-05T02:09:00Z' };
    expect(dispatchActions(onScene, now).rollCall).toBe(true);
    expect(dispatchActions({ ...onScene, lastAccountedAt: '2026-12-05T02:09:30Z' }, now).rollCall).toBe(false);
    expect(dispatchActions({ ...onScene, lastAccountedAt: '2026-12-05T01:50:00Z' }, now).rollCall).toBe(true);
    expect(dispatchActions({ ...onScene, rollCallDueAt: '2026-12-05T02:11:00Z' }, now).rollCall).toBe(false);
    expect(dispatchActions({ ...onScene, status: 'en_route' }, now).rollCall).toBe(false);
  });
});

describe('words', () => {
  test.each([
    [0, '北'],
    [44, '东北'],
    [359, '北'],
    [180, '南'],
    [-90, '西'],
    [292.6, '西北'],
  ])('bearing %s → %s', (deg, text) => expect(bearingText(deg)).toBe(text));
  test('distances', () => {
    expect(distanceText(820.4)).toBe('820 m');
    expect(distanceText(1430)).toBe('1.4 km');
    expect(distanceText(null)).toBe('');
  });
  test('where the warned enterprise lies: its own site, or a bearing and a distance', () => {
    const w = (distanceM: number, enterpriseName: string | null) => ({ distanceM, bearingDeg: 0, incident: { enterpriseName } });
    expect(warningWhereText(w(0, '甲化工'), '甲化工')).toBe('本企业即事发地');
    expect(warningWhereText(w(320, '甲化工'), '甲化工')).toBe('本企业即事发地');
    expect(warningWhereText(w(12, null), '乙制药')).toBe('本企业即事发地');
    expect(warningWhereText(w(820.4, '甲化工'), '乙制药')).toBe('本企业位于事发点北方向约 820 m（事发：甲化工）');
    expect(warningWhereText(w(50, null), null)).toBe('本企业位于事发点北方向约 50 m');
  });
  test('warnings: unacknowledged first, newest first', () => {
    const w = (id: string, sentAt: string, acknowledgedAt: string | null) => ({ id, sentAt, acknowledgedAt });
    expect(
      sortWarnings([
        w('a', '2026-12-05T01:00:00Z', '2026-12-05T01:05:00Z'),
        w('b', '2026-12-05T01:00:00Z', null),
        w('c', '2026-12-05T02:00:00Z', null),
        w('d', '2026-12-05T03:00:00Z', '2026-12-05T03:01:00Z'),
      ]).map((x) => x.id),
    ).toEqual(['c', 'b', 'd', 'a']);
  });
});

describe('incident links on the phone', () => {
  test("a member's dispatch notice opens the dispatch for rescuers only", () => {
    const link = `/pkg-incident/pages/dispatch/index?id=${ID}`;
    expect(miniPageOf(link, 'rescue_member')).toBe(link);
    expect(miniPageOf(link, 'rescue_leader')).toBe(link);
    expect(miniPageOf(link, 'enterprise_staff')).toBeNull();
    expect(miniPageOf(`/pkg-incident/pages/dispatch/index?id=x"y`, 'rescue_member')).toBe('/pkg-incident/pages/dispatch/index');
    expect(miniPageOf(`/incidents/dispatches/${ID}`, 'rescue_member')).toBe(link);
    expect(miniPageOf('/incidents/my-dispatches', 'rescue_member')).toBe('/pkg-incident/pages/dispatch/index');
  });
  test('an incident: the rescuer’s task on it, the reporter’s 我的求救; the desk’s pages stay in the console', () => {
    expect(miniPageOf(`/incidents/${ID}`, 'rescue_member')).toBe(`/pkg-incident/pages/dispatch/index?incident=${ID}`);
    expect(miniPageOf(`/incidents/${ID}`, 'enterprise_admin')).toBe('/pkg-incident/pages/sos/index');
    expect(miniPageOf(`/incidents/${ID}`, 'safety_officer')).toBeNull();
    expect(miniPageOf(`/incidents/${ID}`, 'city_supervisor')).toBeNull();
    expect(miniPageOf('/incidents/stats', 'zone_admin')).toBeNull();
  });
  test('warnings open 预警通知 for enterprise users only', () => {
    expect(miniPageOf('/incidents/warnings/mine', 'enterprise_staff')).toBe('/pkg-incident/pages/warnings/index');
    expect(miniPageOf(`/incidents/${ID}?tab=warnings`, 'enterprise_admin')).toBe('/pkg-incident/pages/warnings/index');
    expect(miniPageOf('/pkg-incident/pages/warnings/index', 'enterprise_admin')).toBe('/pkg-incident/pages/warnings/index');
    expect(miniPageOf('/incidents/warnings/mine', 'grid_worker')).toBeNull();
  });
});

describe('escalatedText', () => {
  it('names who took over, or says nobody did and the member may still go', () => {
    expect(escalatedText('李强', null)).toBe('超时未确认，任务已由 李强 接替，无需再出发。');
    expect(escalatedText('李强', '10:05')).toContain('您于 10:05 的确认已记录');
    const nobody = escalatedText(null, null);
    expect(nobody).toContain('暂无人接替');
    expect(nobody).not.toContain('任务已由');
  });
});

import type { IotLiveItem } from '@yuanan/contracts';
import { pageOfLink } from '../../services/routes';
import { miniPageOf } from '../../services/workbench-links';
import {
  CAUSE_OPTIONS,
  EMPTY_HANDLE,
  alarmActions,
  alarmTitle,
  closeItem,
  deviceState,
  formatValue,
  gridFirst,
  handleProblems,
  latestValues,
  sortDevices,
} from './iot-ui';

const ID = '0190a5b0-0000-7000-8000-000000000001';

describe('values and titles', () => {
  test.each([
    [32.46, 'gas_lel', '32.5 %LEL'],
    [43, 'nh3', '43 ppm'],
    [0.346, 'cl2', '0.35 ppm'],
    [12.6, 'co', '13 ppm'],
    [1, 'flame', '有火焰'],
    [0, 'flame', '无火焰'],
    [225.4, 'wind_dir', '225°'],
    [26.25, 'temperature', '26.3 ℃'],
    [null, 'gas_lel', ''],
    [5, null, '5'],
  ])('%s %s → %s', (v, q, want) => {
    expect(formatValue(v, q)).toBe(want);
  });

  test('alarm titles say the quantity, the kind and the level', () => {
    expect(alarmTitle({ type: 'gas_lel.threshold', kind: 'threshold', level: 2 })).toBe('可燃气体超限报警 · 二级');
    expect(alarmTitle({ type: 'nh3.threshold', kind: 'threshold', level: 1 })).toBe('氨气超限报警 · 一级');
    expect(alarmTitle({ type: 'gas_lel.rate_of_rise', kind: 'rate_of_rise', level: null })).toBe('可燃气体快速上升');
    expect(alarmTitle({ type: 'offline', kind: 'offline', level: null })).toBe('设备离线');
  });
});

describe('what a user may do with an alarm', () => {
  test('enterprise staff: 确认 while unacknowledged; 处置 offered but blocked while the alarm is active', () => {
    const active = alarmActions({ status: 'active_unack' }, 'enterprise_staff');
    expect(active).toMatchObject({ ack: true, handle: true, forceClear: false });
    expect(active.handleBlocked).toMatch(/报警仍在持续/);
    expect(alarmActions({ status: 'cleared_ack' }, 'enterprise_admin')).toEqual({
      ack: false,
      handle: true,
      handleBlocked: null,
      forceClear: false,
    });
    expect(alarmActions({ status: 'cleared_unack' }, 'grid_worker')).toMatchObject({ ack: true, handleBlocked: null });
  });

  test('the office may close an active alarm (forceClear); closed alarms and readers get no buttons', () => {
    expect(alarmActions({ status: 'active_ack' }, 'safety_officer')).toEqual({
      ack: false,
      handle: true,
      handleBlocked: null,
      forceClear: true,
    });
    expect(alarmActions({ status: 'closed' }, 'enterprise_admin')).toMatchObject({ ack: false, handle: false });
    expect(alarmActions({ status: 'active_unack' }, 'city_supervisor')).toMatchObject({ ack: false, handle: false });
  });
});

describe('lists', () => {
  test("a grid worker's grid first, each part in the api's order", () => {
    const items = [
      { id: '1', enterpriseId: 'a' },
      { id: '2', enterpriseId: 'x' },
      { id: '3', enterpriseId: null },
      { id: '4', enterpriseId: 'b' },
    ];
    expect(gridFirst(items, new Set(['a', 'b']))).toEqual({ mine: [items[0], items[3]], others: [items[1], items[2]] });
    expect(gridFirst(items, null)).toEqual({ mine: [], others: items });
  });

  const dev = (name: string, over: Partial<IotLiveItem>): IotLiveItem => ({
    id: name,
    code: name,
    name,
    type: 'gas_combustible',
    enterpriseId: 'e',
    enterpriseName: 'E',
    location: null,
    mapX: null,
    mapY: null,
    lat: null,
    lng: null,
    online: true,
    status: 'enabled',
    latest: null,
    alarm: null,
    ...over,
  });

  test('device states and their order: critical, alarm, offline, normal, disabled', () => {
    const alarm = (severity: 'critical' | 'major' | 'warning') => ({
      id: ID,
      type: 't',
      severity,
      level: null,
      status: 'active_unack' as const,
    });
    const devices = [
      dev('乙', {}),
      dev('停', { status: 'disabled', online: false }),
      dev('离', { online: false }),
      dev('甲', {}),
      dev('高', { alarm: alarm('critical') }),
      dev('低', { alarm: alarm('major') }),
      dev('线', { alarm: alarm('warning') }),
      dev('丙', { alarm: { ...alarm('critical'), status: 'cleared_unack' } }),
    ];
    expect(sortDevices(devices).map((d) => [d.name, deviceState(d)])).toEqual([
      ['高', 'critical'],
      ['低', 'alarm'],
      ['离', 'offline'],
      ['线', 'offline'],
      ['丙', 'normal'],
      ['甲', 'normal'],
      ['乙', 'normal'],
      ['停', 'disabled'],
    ]);
  });

  test("latest values in the type's order with units", () => {
    expect(
      latestValues(dev('塔', { type: 'weather_tower', latest: { ts: 0, v: { wind_speed: 3.24, wind_dir: 90, other: 1 } } })),
    ).toEqual([
      { quantity: 'wind_dir', label: '风向', text: '90°' },
      { quantity: 'wind_speed', label: '风速', text: '3.2 m/s' },
    ]);
    expect(latestValues(dev('无', {}))).toEqual([]);
  });
});

describe('the handling record', () => {
  test('causes with their labels; equipment and management open a hazard', () => {
    expect(CAUSE_OPTIONS.map((o) => o.label)).toEqual([
      '设备设施缺陷',
      '管理缺陷/违章作业',
      '工艺波动',
      '传感器故障/误报',
      '测试/标定',
      '环境干扰',
      '其他',
    ]);
    expect(CAUSE_OPTIONS.filter((o) => o.opensHazard).map((o) => o.cause)).toEqual(['equipment', 'management']);
  });

  test('problems before sending', () => {
    expect(Object.keys(handleProblems(EMPTY_HANDLE)).sort()).toEqual(['cause', 'measures']);
    expect(handleProblems({ ...EMPTY_HANDLE, cause: 'test', measures: '标定测试' })).toEqual({});
  });

  test('the outbox item: close with the version seen, photos in a slot, done when the alarm is closed', () => {
    const item = closeItem(
      { id: ID, version: 3, deviceName: '1号罐区可燃气体探测器' },
      { cause: 'equipment', measures: ' 更换法兰垫片 ', note: '', photos: [{ path: 'idb:a', uploadKey: 'up-a' }] },
      { key: 'k1', forceClear: false, draftKey: 'd', editUrl: '/x' },
    );
    expect(item).toMatchObject({
      kind: 'iot.close',
      method: 'POST',
      path: `/iot/alarms/${ID}/close`,
      idempotencyKey: 'k1',
      body: { version: 3, handling: { cause: 'equipment', measures: '更换法兰垫片', photoIds: { $files: 'handling' } } },
      files: [{ slot: 'handling', path: 'idb:a', uploadKey: 'up-a', fileId: null, purpose: 'rectification_photo' }],
      doneIf: { path: `/iot/alarms/${ID}`, field: 'status', equals: 'closed' },
      meta: { alarmId: ID },
    });
    expect(item.body).not.toHaveProperty('forceClear');
    const forced = closeItem(
      { id: ID, version: 1, deviceName: 'd' },
      { ...EMPTY_HANDLE, cause: 'test', measures: '测试', note: ' 备注 ' },
      {
        key: 'k2',
        forceClear: true,
        draftKey: 'd',
        editUrl: '/x',
      },
    );
    expect(forced.body).toEqual({
      version: 1,
      forceClear: true,
      handling: { cause: 'test', measures: '测试', note: '备注', photoIds: { $files: 'handling' } },
    });
  });
});

describe('links to the IoT pages', () => {
  test('a pushed alarm opens its detail', () => {
    expect(pageOfLink(`/iot/alarms/${ID}`)).toBe(`/pkg-iot/pages/alarm/index?id=${ID}`);
  });
  test('workbench links by role', () => {
    expect(miniPageOf('/iot/alarms?status=unack', 'enterprise_admin')).toBe('/pkg-iot/pages/alarms/index?tab=unack');
    expect(miniPageOf('/iot/alarms?status=cleared', 'grid_worker')).toBe('/pkg-iot/pages/alarms/index?tab=cleared');
    expect(miniPageOf('/iot/alarms?status=all', 'safety_officer')).toBe('/pkg-iot/pages/alarms/index?tab=open');
    expect(miniPageOf('/iot/devices?online=false', 'enterprise_staff')).toBe('/pkg-iot/pages/devices/index');
    expect(miniPageOf('/iot/devices?online=false', 'grid_worker')).toBeNull();
    expect(miniPageOf(`/iot/alarms/${ID}`, 'inspector')).toBeNull();
  });
});

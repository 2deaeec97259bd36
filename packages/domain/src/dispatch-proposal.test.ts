import { proposeDispatch, type ProposalMember, type ProposalUnitInput } from './dispatch-proposal.ts';

const origin = { lat: 29.3, lng: 120.07 };
const north = (m: number) => ({ lat: origin.lat + m / 111_195, lng: origin.lng });

const members = new Map<string, ProposalMember>([
  ['lead', { name: '王队长', phone: '13800000001', skills: ['危化品', '驾驶'], teamId: 't1', teamName: '一队' }],
  ['a', { name: '李明', phone: '13800000002', skills: ['有限空间'], teamId: 't1', teamName: '一队' }],
  ['b', { name: '张华', phone: '13800000003', skills: ['危化品'], teamId: 't1', teamName: '一队' }],
  ['c', { name: '赵强', skills: [], teamId: 't1', teamName: '一队' }],
  ['off', { name: '钱伟', skills: ['危化品'], teamId: 't2', teamName: '二队' }],
]);
const onDuty = [{ teamId: 't1', teamName: '一队', userIds: ['a', 'b', 'c', 'lead'], leaderIds: ['lead'] }];

const unit = (unitId: string, category: string, status: string, m: number | null, extra: Partial<ProposalUnitInput> = {}) => ({
  unitId,
  assetTag: unitId.toUpperCase(),
  modelName: category === 'breathing_apparatus' ? '正压式空气呼吸器' : '四合一气体检测仪',
  category,
  status,
  ...(m === null ? {} : north(m)),
  ...extra,
});

test('people: available on-duty members first (skills, then leaders), then committed, then off duty', () => {
  const p = proposeDispatch({
    onDuty,
    members,
    committed: new Map([['c', 'SJ20261130-002']]),
    units: [],
    origin,
    wantedSkills: ['危化品'],
  });
  expect(p.people.map((x) => [x.userId, x.status])).toEqual([
    ['lead', 'available'], // 危化品 + leader
    ['b', 'available'], // 危化品
    ['a', 'available'],
    ['c', 'committed'],
    ['off', 'off_duty'],
  ]);
  expect(p.people.find((x) => x.userId === 'c')).toMatchObject({ committedTo: 'SJ20261130-002', proposed: false });
  expect(p.people.find((x) => x.userId === 'off')).toMatchObject({ teamName: '二队', proposed: false, isLeader: false });
  expect(p.people.find((x) => x.userId === 'lead')).toMatchObject({
    isLeader: true,
    proposed: true,
    teamName: '一队',
    phone: '13800000001',
  });
  expect(p.summary).toMatchObject({ available: 3, committed: 1, offDuty: 1 });
});

test('committed wins over on duty, leave and off duty; leave over on duty; an unknown on-duty id still appears', () => {
  const p = proposeDispatch({
    onDuty: [{ teamId: 't1', teamName: '一队', userIds: ['a', 'ghost'], leaderIds: [] }],
    members,
    committed: new Map([
      ['a', { incidentId: 'i1', no: 'SJ1' }],
      ['off', { incidentId: 'i2', no: 'SJ2' }],
      ['c', { incidentId: 'i2', no: 'SJ2' }],
    ]),
    onLeave: new Set(['b', 'c']),
    units: [],
    origin: null,
  });
  const by = new Map(p.people.map((x) => [x.userId, x]));
  expect(by.get('a')).toMatchObject({ status: 'committed', committedTo: { incidentId: 'i1', no: 'SJ1' } });
  expect(by.get('off')!.status).toBe('committed');
  expect(by.get('c')!.status).toBe('committed');
  expect(by.get('b')).toMatchObject({ status: 'on_leave', committedTo: null, proposed: false });
  expect(p.people.map((x) => x.status)).toEqual(['available', 'committed', 'committed', 'committed', 'on_leave', 'off_duty']);
  expect(p.summary).toMatchObject({ available: 1, committed: 3, onLeave: 1, offDuty: 1 });
  expect(by.get('ghost')).toMatchObject({ status: 'available', name: 'ghost', phone: null });
  // nobody on duty at all: everyone off duty, nothing proposed
  const none = proposeDispatch({ onDuty: [], members, committed: new Map(), units: [], origin });
  expect(none.people.every((x) => x.status === 'off_duty' && !x.proposed)).toBe(true);
});

test('units: available nearest first, then reserved, then on loan with the borrower; others never offered', () => {
  const units = [
    unit('ba-far', 'breathing_apparatus', 'available', 900),
    unit('ba-near', 'breathing_apparatus', 'available', 100),
    unit('ba-nowhere', 'breathing_apparatus', 'available', null),
    unit('ba-res', 'breathing_apparatus', 'reserved', 50),
    unit('ba-loan', 'breathing_apparatus', 'on_loan', 10, { borrower: { name: '某化工公司', phone: '0579-1', loanId: 'L1' } }),
    unit('ba-dep', 'breathing_apparatus', 'deployed', 5),
    unit('ba-mnt', 'breathing_apparatus', 'maintenance', 5),
    unit('ba-lost', 'breathing_apparatus', 'lost', 5),
    unit('ba-ret', 'breathing_apparatus', 'retired', 5),
    unit('gd-loan', 'gas_detector', 'on_loan', 300, { borrower: { name: '某电镀厂' } }),
  ];
  const p = proposeDispatch({ onDuty, members, committed: new Map(), units, origin });
  expect(p.units.map((u) => u.unitId)).toEqual(['ba-near', 'ba-far', 'ba-nowhere', 'ba-res', 'ba-loan', 'gd-loan']);
  expect(p.units.map((u) => u.action)).toEqual(['deploy', 'deploy', 'deploy', 'deploy', 'recall', 'recall']);
  const near = p.units[0]!;
  expect(near.distanceM).toBeGreaterThanOrEqual(99);
  expect(near.distanceM).toBeLessThanOrEqual(101);
  expect(p.units[2]!.distanceM).toBeNull();
  expect(p.units.find((u) => u.unitId === 'ba-loan')!.borrower).toEqual({
    name: '某化工公司',
    phone: '0579-1',
    enterpriseName: null,
    loanId: 'L1',
  });
  expect(p.units.find((u) => u.unitId === 'ba-near')!.borrower).toBeNull();
  // one pre-selected per category: the nearest available BA; the gas detector only on loan → its recall
  expect(p.units.filter((u) => u.proposed).map((u) => u.unitId)).toEqual(['ba-near', 'gd-loan']);
  expect(p.summary).toMatchObject({ deployable: 4, recallable: 2 });
  // three breathing apparatus wanted: the two available ones (nearest first), then the reserved one, before any recall
  const three = proposeDispatch({
    onDuty,
    members,
    committed: new Map(),
    units,
    origin,
    wantedCounts: { breathing_apparatus: 3 },
  });
  expect(three.units.filter((u) => u.proposed).map((u) => u.unitId)).toEqual(['ba-near', 'ba-far', 'ba-nowhere', 'gd-loan']);
});

test('wanted categories filter the units; no incident position keeps rank then model-name order', () => {
  const units = [
    unit('gd1', 'gas_detector', 'available', 500),
    unit('ba1', 'breathing_apparatus', 'available', 100),
    unit('ba2', 'breathing_apparatus', 'on_loan', 50),
  ];
  const p = proposeDispatch({ onDuty, members, committed: new Map(), units, origin, wanted: ['gas_detector'] });
  expect(p.units.map((u) => u.unitId)).toEqual(['gd1']);
  const q = proposeDispatch({ onDuty, members, committed: new Map(), units, origin: null });
  // available before on loan; within a rank (no distances) by model name: 四合一气体检测仪 < 正压式空气呼吸器
  expect(q.units.map((u) => [u.unitId, u.distanceM])).toEqual([
    ['gd1', null],
    ['ba1', null],
    ['ba2', null],
  ]);
});

test('deterministic: the same input in another order gives the same proposal', () => {
  const units = Array.from({ length: 40 }, (_, i) =>
    unit(
      `u${i}`,
      i % 2 ? 'gas_detector' : 'breathing_apparatus',
      ['available', 'on_loan', 'reserved'][i % 3]!,
      (i * 37) % 11 === 0 ? null : 100 + ((i * 53) % 7) * 10,
    ),
  );
  const a = proposeDispatch({ onDuty, members, committed: new Map(), units, origin });
  const b = proposeDispatch({
    onDuty: [{ ...onDuty[0]!, userIds: [...onDuty[0]!.userIds].reverse() }],
    members: new Map([...members].reverse()),
    committed: new Map(),
    units: [...units].reverse(),
    origin,
  });
  expect(b).toEqual(a);
});

test('needs (the incident type’s categories): needed units first and proposed (wantedCounts each, deployable before recallable); the rest listed after, not proposed', () => {
  const units = [
    unit('boat1', 'boat', 'available', 50),
    unit('sand1', 'flood', 'available', 60),
    unit('ba-far', 'breathing_apparatus', 'available', 900),
    unit('ba-near', 'breathing_apparatus', 'available', 300),
    unit('ba-loan', 'breathing_apparatus', 'on_loan', 100),
    unit('gd-loan', 'gas_detector', 'on_loan', 400),
  ];
  const p = proposeDispatch({
    onDuty,
    members,
    committed: new Map(),
    units,
    origin,
    needs: ['breathing_apparatus', 'gas_detector'],
    wantedCounts: { breathing_apparatus: 2 },
  });
  expect(p.units.map((u) => [u.unitId, u.proposed])).toEqual([
    ['ba-near', true],
    ['ba-far', true],
    ['ba-loan', false],
    ['gd-loan', true], // no gas detector in the room: the loaned one is recalled
    ['boat1', false],
    ['sand1', false],
  ]);
  // No needs for the type ('other'): nothing ticked, order by rank and distance.
  const none = proposeDispatch({ onDuty, members, committed: new Map(), units, origin, needs: [] });
  expect(none.units.filter((u) => u.proposed)).toEqual([]);
  expect(none.units[0]!.unitId).toBe('boat1');
});

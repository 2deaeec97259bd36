import {
  EQUIPMENT_UNIT_ACTIONS,
  EQUIPMENT_UNIT_DIRECT_ACTIONS,
  EQUIPMENT_UNIT_STATUSES,
  EQUIPMENT_UNIT_TRANSITIONS,
  availableUnitActions,
  canUnitTransition,
  checkOutRequest,
  createEquipmentRequestRequest,
  createReservationRequest,
  labelsQuery,
  returnLoanRequest,
} from './equipment.ts';
import { issueMessage } from './messages.ts';

const U = '0190a5b0-0000-7000-8000-000000000001';

function errors(r: { success: boolean; error?: { issues: { message: string; params?: Record<string, unknown> }[] } }) {
  return r.success ? [] : r.error!.issues.map((i) => issueMessage(i as never, 'en'));
}

describe('equipment unit state machine', () => {
  it('every action names known states and a permission; loan actions are check_out, return, recall', () => {
    for (const a of EQUIPMENT_UNIT_ACTIONS) {
      const t = EQUIPMENT_UNIT_TRANSITIONS[a];
      for (const s of [...t.from, ...t.to]) expect(EQUIPMENT_UNIT_STATUSES).toContain(s);
      expect(t.permission).toMatch(/^equipment\./);
    }
    expect(EQUIPMENT_UNIT_ACTIONS.filter((a) => !EQUIPMENT_UNIT_DIRECT_ACTIONS.includes(a)).sort()).toEqual([
      'check_out',
      'recall',
      'return',
    ]);
  });

  it('every status but retired has a way out, and every status is reachable', () => {
    const reachable = new Set(EQUIPMENT_UNIT_ACTIONS.flatMap((a) => [...EQUIPMENT_UNIT_TRANSITIONS[a].to]));
    for (const s of EQUIPMENT_UNIT_STATUSES) if (s !== 'available') expect(reachable).toContain(s);
    for (const s of EQUIPMENT_UNIT_STATUSES.filter((x) => x !== 'retired'))
      expect(availableUnitActions(s, 'equipment_keeper').length).toBeGreaterThan(0);
    expect(availableUnitActions('retired', 'equipment_keeper')).toEqual([]);
  });

  it('checks state and permission', () => {
    expect(canUnitTransition('available', 'check_out', 'equipment_keeper')).toBe(true);
    expect(canUnitTransition('maintenance', 'check_out', 'equipment_keeper')).toBe(false);
    expect(canUnitTransition('lost', 'check_out', 'equipment_keeper')).toBe(false);
    expect(canUnitTransition('available', 'check_out', 'enterprise_admin')).toBe(false);
    expect(canUnitTransition('on_loan', 'recall', 'safety_officer')).toBe(true);
    expect(canUnitTransition('on_loan', 'recall', 'rescue_member')).toBe(false);
    expect(availableUnitActions('available', 'enterprise_staff')).toEqual([]);
    expect(availableUnitActions('maintenance', 'equipment_keeper')).toEqual(['pass_maintenance', 'fail_maintenance', 'retire']);
  });
});

describe('equipment inputs', () => {
  const range = { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-03T00:00:00Z' };
  it('refuses an empty or backwards range and a duplicated model', () => {
    const ok = createEquipmentRequestRequest.safeParse({ items: [{ modelId: U, quantity: 1 }], purpose: '防汛演练', ...range });
    expect(ok.success).toBe(true);
    const back = createEquipmentRequestRequest.safeParse({
      items: [{ modelId: U, quantity: 1 }],
      purpose: '防汛演练',
      startsAt: range.endsAt,
      endsAt: range.startsAt,
    });
    expect(errors(back)).toEqual(['The end must be after the start']);
    const twice = createEquipmentRequestRequest.safeParse({
      items: [
        { modelId: U, quantity: 1 },
        { modelId: U, quantity: 2 },
      ],
      purpose: '防汛演练',
      ...range,
    });
    expect(errors(twice)).toEqual(['List each model once']);
  });

  it('an enterprise borrower needs the enterprise, an incident its reference', () => {
    const r = createReservationRequest.safeParse({ unitId: U, ...range, borrowerKind: 'enterprise', borrowerName: '张三' });
    expect(errors(r)).toEqual(['Choose the borrowing enterprise']);
    const c = checkOutRequest.safeParse({
      unitId: U,
      version: 1,
      borrowerKind: 'incident',
      borrowerName: '救援队',
      dueAt: range.endsAt,
      outCondition: 'good',
      outPhotoFileIds: [U],
      signatureFileId: U,
    });
    expect(errors(c)).toEqual(['Name the incident']);
  });

  it('a damaged return needs a note; labels need ids or a model', () => {
    expect(errors(returnLoanRequest.safeParse({ condition: 'damaged' }))).toEqual(['Describe the damage']);
    expect(returnLoanRequest.safeParse({ condition: 'good' }).success).toBe(true);
    expect(errors(labelsQuery.safeParse({}))).toEqual(['Choose the units (ids or modelId)']);
    expect(labelsQuery.safeParse({ ids: `${U},${U}` }).success).toBe(true);
    expect(labelsQuery.safeParse({ ids: 'x,y' }).success).toBe(false);
  });
});

import {
  COMBUSTIBLE_GAS_LEVELS,
  type AlarmRuleCondition,
  type ConditionState,
  type RuleEvent,
  TOXIC_GAS_OELS,
  defaultToxicLevels,
  evaluateCondition,
  initialConditionState,
  isOffline,
  mgPerM3ToPpm,
  RULE_WINDOW_MAX,
} from './iot-rules.ts';

/** Combustible gas, the design's defaults but without rate of rise (tested on its own). */
const gas: AlarmRuleCondition = {
  quantity: 'gas_lel',
  direction: 'above',
  level1: 25,
  level2: 50,
  durationSeconds: 0,
  hysteresis: 3,
  clearDelaySeconds: 30,
  rateOfRise: null,
};
const T0 = Date.UTC(2026, 11, 4, 2, 0, 0);

/** Feed [seconds after T0, value] readings; events as short strings "raise L1 @0", "update L2 peak 55 @10", "clear @40". */
function run(c: AlarmRuleCondition, readings: Array<[number, number]>, start: ConditionState = initialConditionState()) {
  let state = start;
  const events: string[] = [];
  const raw: RuleEvent[] = [];
  for (const [sec, value] of readings) {
    const out = evaluateCondition(c, state, { ts: T0 + sec * 1000, value });
    state = out.state;
    raw.push(...out.events);
    for (const e of out.events) {
      const at = `@${(e.ts - T0) / 1000}`;
      const kind = e.type.endsWith('.rate_of_rise') ? ' rate' : '';
      if (e.kind === 'raise') events.push(`raise${kind} L${e.level} ${e.severity} ${at}`);
      else if (e.kind === 'update') events.push(`update L${e.level} ${e.severity} peak ${e.peak} ${at}`);
      else events.push(`clear${kind} ${at}`);
    }
  }
  return { state, events, raw };
}

describe('two-level threshold (GB/T 50493-2019 defaults, 25 / 50 %LEL)', () => {
  it.each<[string, AlarmRuleCondition, Array<[number, number]>, string[]]>([
    [
      'below level 1: nothing',
      gas,
      [
        [0, 0],
        [10, 12],
        [20, 24.9],
      ],
      [],
    ],
    [
      'at level 1 exactly: raise major at once (duration 0)',
      gas,
      [
        [0, 10],
        [10, 25],
      ],
      ['raise L1 major @10'],
    ],
    [
      'straight to level 2: raise critical',
      gas,
      [
        [0, 2],
        [10, 60],
      ],
      ['raise L2 critical @10'],
    ],
    [
      'level 1 then level 2: raise then update',
      gas,
      [
        [0, 30],
        [10, 52],
      ],
      ['raise L1 major @0', 'update L2 critical peak 52 @10'],
    ],
    [
      'severity falls 2 → 1 after clearDelay below L2 − hysteresis, then clears after clearDelay below L1 − hysteresis',
      gas,
      [
        [0, 55],
        [10, 40],
        [20, 40],
        [40, 40],
        [50, 10],
        [70, 10],
        [80, 10],
      ],
      ['raise L2 critical @0', 'update L1 major peak 55 @40', 'clear @80'],
    ],
    [
      'within L2 − hysteresis the level stays 2',
      gas,
      [
        [0, 55],
        [10, 48],
        [100, 47.5],
      ],
      ['raise L2 critical @0'],
    ],
    [
      'hysteresis: 24/26 oscillation around L1 = 25 (hysteresis 3) raises ONE alarm and never clears',
      gas,
      [
        [0, 24],
        [10, 26],
        [20, 24],
        [30, 26],
        [40, 24],
        [50, 26],
        [60, 24],
        [70, 24],
        [80, 23],
        [90, 22.5],
        [200, 22],
      ],
      ['raise L1 major @10'],
    ],
    [
      'clear debounce: a dip below L1 − hysteresis shorter than clearDelay does not clear',
      gas,
      [
        [0, 30],
        [10, 10],
        [20, 10],
        [30, 26],
        [40, 10],
        [60, 10],
        [69, 10],
      ],
      ['raise L1 major @0'],
    ],
    [
      'clear after clearDelay; a new excursion is a new raise',
      gas,
      [
        [0, 30],
        [10, 10],
        [40, 10],
        [50, 30],
        [60, 5],
        [90, 5],
        [100, 60],
      ],
      ['raise L1 major @0', 'clear @40', 'raise L1 major @50', 'clear @90', 'raise L2 critical @100'],
    ],
    [
      'new peak: update only past 5 % of L1 (1.25 %LEL) above the last reported peak',
      gas,
      [
        [0, 30],
        [10, 31],
        [20, 31.2],
        [30, 31.25],
        [40, 32.4],
        [50, 32.5],
        [60, 33.74],
        [70, 33.75],
        [80, 20],
      ],
      ['raise L1 major @0', 'update L1 major peak 31.25 @30', 'update L1 major peak 32.5 @50', 'update L1 major peak 33.75 @70'],
    ],
  ])('%s', (_name, c, readings, expected) => {
    expect(run(c, readings).events).toEqual(expected);
  });

  it('raise and update carry the value, the peak and the type', () => {
    const { raw, state } = run(gas, [
      [0, 30],
      [10, 52],
      [20, 51],
    ]);
    expect(raw).toEqual([
      { kind: 'raise', type: 'gas_lel.threshold', alarmKind: 'threshold', level: 1, severity: 'major', value: 30, ts: T0 },
      { kind: 'update', type: 'gas_lel.threshold', level: 2, severity: 'critical', value: 52, peak: 52, ts: T0 + 10_000 },
    ]);
    expect(state).toMatchObject({ level: 2, peak: 52, clearSince: null, lastTs: T0 + 20_000 });
  });
});

describe('above X for N seconds', () => {
  const slow: AlarmRuleCondition = {
    ...gas,
    quantity: 'temperature',
    level1: 60,
    level2: 80,
    durationSeconds: 30,
    hysteresis: 2,
  };
  it.each<[string, Array<[number, number]>, string[]]>([
    [
      'a spike shorter than N raises nothing',
      [
        [0, 20],
        [10, 90],
        [20, 95],
        [35, 20],
        [45, 61],
        [60, 20],
      ],
      [],
    ],
    [
      'held for N: raised at the reading that completes it',
      [
        [0, 65],
        [10, 66],
        [29, 66],
        [30, 66],
      ],
      ['raise L1 major @30'],
    ],
    [
      'a dip below the set point restarts the timer',
      [
        [0, 65],
        [20, 59],
        [25, 65],
        [50, 65],
        [55, 65],
      ],
      ['raise L1 major @55'],
    ],
    [
      'level 2 has its own duration: L1 on its timer, L2 N seconds after it was reached',
      [
        [0, 65],
        [10, 85],
        [30, 85],
        [35, 85],
        [40, 85],
      ],
      ['raise L1 major @30', 'update L2 critical peak 85 @40'],
    ],
    [
      'straight to level 2 and held: raised as level 2 at once after N',
      [
        [0, 85],
        [15, 86],
        [30, 85],
      ],
      ['raise L2 critical @30'],
    ],
    [
      'level 2 seen too briefly: level 1 only',
      [
        [0, 65],
        [10, 85],
        [20, 70],
        [30, 70],
        [45, 70],
        [60, 70],
      ],
      ['raise L1 major @30'],
    ],
  ])('%s', (_name, readings, expected) => {
    expect(run(slow, readings).events).toEqual(expected);
  });

  it('the running timer survives a JSON round trip of the state (restart of the ingest)', () => {
    const first = run(slow, [
      [0, 65],
      [10, 66],
    ]);
    const restored = JSON.parse(JSON.stringify(first.state)) as ConditionState;
    expect(restored).toMatchObject({ pendingLevel: 1, pendingSince: T0 });
    expect(run(slow, [[30, 66]], restored).events).toEqual(['raise L1 major @30']);
  });

  it('flame (second level only, 1 = flame seen, 3 s): raises critical and clears on 0 after the delay', () => {
    const flame: AlarmRuleCondition = { ...gas, quantity: 'flame', level1: null, level2: 1, durationSeconds: 3, hysteresis: 0 };
    expect(
      run(flame, [
        [0, 0],
        [1, 1],
        [2, 1],
        [4, 1],
        [5, 0],
        [30, 0],
        [35, 0],
      ]).events,
    ).toEqual(['raise L2 critical @4', 'clear @35']);
  });
});

describe('out-of-order and duplicate timestamps', () => {
  it('readings with ts ≤ the last one are ignored: same state, no events', () => {
    const { state } = run(gas, [[10, 30]]);
    for (const value of [5, 60, 30]) {
      for (const sec of [10, 9, -100]) {
        const out = evaluateCondition(gas, state, { ts: T0 + sec * 1000, value });
        expect(out.events).toEqual([]);
        expect(out.state).toBe(state);
      }
    }
  });

  it('a late low reading cannot clear the alarm; a late high one cannot raise it', () => {
    expect(
      run(gas, [
        [0, 30],
        [40, 10],
        [20, 10],
        [50, 10],
      ]).events,
    ).toEqual(['raise L1 major @0']);
    expect(
      run(gas, [
        [10, 5],
        [5, 60],
      ]).events,
    ).toEqual([]);
  });

  it('non-finite values are ignored', () => {
    const s0 = initialConditionState();
    expect(evaluateCondition(gas, s0, { ts: T0, value: Number.NaN })).toEqual({ state: s0, events: [] });
    expect(evaluateCondition(gas, s0, { ts: T0, value: Number.POSITIVE_INFINITY }).events).toEqual([]);
  });

  it('evaluateCondition does not change the state it is given', () => {
    const s0 = initialConditionState();
    const copy = structuredClone(s0);
    evaluateCondition({ ...gas, rateOfRise: { delta: 10, windowSeconds: 60 } }, s0, { ts: T0, value: 60 });
    expect(s0).toEqual(copy);
  });
});

describe("direction 'below' (mirrored)", () => {
  const low: AlarmRuleCondition = {
    quantity: 'temperature',
    direction: 'below',
    level1: 5,
    level2: 0,
    durationSeconds: 0,
    hysteresis: 1,
    clearDelaySeconds: 10,
    rateOfRise: null,
  };
  it.each<[string, Array<[number, number]>, string[]]>([
    [
      'above level 1: nothing',
      [
        [0, 20],
        [10, 5.1],
      ],
      [],
    ],
    [
      'falling through both levels; the lowest value is the peak; back to L1, then clears above L1 + hysteresis',
      [
        [0, 5],
        [10, 4.8],
        [20, 3],
        [30, -1],
        [40, 4],
        [50, 7],
        [60, 7],
      ],
      [
        'raise L1 major @0',
        'update L1 major peak 3 @20',
        'update L2 critical peak -1 @30',
        'update L1 major peak -1 @50',
        'clear @60',
      ],
    ],
    [
      'oscillating inside the band: one raise',
      [
        [0, 4.9],
        [10, 5.5],
        [20, 4.9],
        [30, 5.9],
        [50, 5.9],
      ],
      ['raise L1 major @0'],
    ],
  ])('%s', (_name, readings, expected) => {
    expect(run(low, readings).events).toEqual(expected);
  });
});

describe('rate of rise', () => {
  const ror: AlarmRuleCondition = { ...gas, rateOfRise: { delta: 10, windowSeconds: 60 } };
  it.each<[string, Array<[number, number]>, string[]]>([
    [
      'slow rise (10 in more than 60 s): nothing',
      [
        [0, 0],
        [30, 4],
        [61, 9],
        [90, 12],
        [125, 18],
      ],
      [],
    ],
    [
      'a rise of 10 within 60 s: minor alarm',
      [
        [0, 1],
        [20, 3],
        [40, 8],
        [60, 11],
      ],
      ['raise rate L0 minor @60'],
    ],
    [
      'the window minimum counts, not the first reading',
      [
        [0, 5],
        [10, 2],
        [20, 6],
        [30, 12.5],
      ],
      ['raise rate L0 minor @30'],
    ],
    [
      'rate and threshold are separate alarms; the rate clears after the rise stayed under delta for clearDelay',
      [
        [0, 2],
        [10, 14],
        [20, 26],
        [60, 26],
        [90, 26],
        [100, 26],
        [130, 26],
        [150, 26],
      ],
      ['raise rate L0 minor @10', 'raise L1 major @20', 'clear rate @130'],
    ],
    [
      'a fall does not raise a rate-of-rise alarm',
      [
        [0, 40],
        [10, 2],
      ],
      ['raise L1 major @0'],
    ],
  ])('%s', (_name, readings, expected) => {
    expect(run(ror, readings).events).toEqual(expected);
  });

  it('the window stays bounded and monotonic at a high reading rate', () => {
    const readings: Array<[number, number]> = [];
    for (let i = 0; i < 1000; i++) readings.push([i * 0.05, i * 0.001]); // 20/s, creeping up 1 in 50 s
    const { state, events } = run(ror, readings);
    expect(state.window.length).toBeLessThanOrEqual(RULE_WINDOW_MAX);
    expect(events).toEqual([]);
    const values = state.window.map(([, v]) => v);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
  });
});

describe('offline (no reading for factor × interval)', () => {
  const now = T0 + 3_600_000;
  it.each<[string, number | null, number, number, boolean]>([
    ['just seen', now - 1000, 10, 3, false],
    ['exactly at the boundary: still online', now - 30_000, 10, 3, false],
    ['1 ms past the boundary: offline', now - 30_001, 10, 3, true],
    ['a 60 s camera, 2 minutes', now - 120_000, 60, 3, false],
    ['a 60 s camera, 3 minutes and 1 s', now - 181_000, 60, 3, true],
    ['never seen', null, 10, 3, true],
  ])('%s', (_name, lastSeen, interval, factor, expected) => {
    expect(isOffline(lastSeen, interval, factor, now)).toBe(expected);
  });
});

describe('default set points (GB/T 50493-2019 §5.5.2, OEL from GBZ 2.1-2019 — flagged for review)', () => {
  it('combustible gas: 25 / 50 %LEL', () => {
    expect(COMBUSTIBLE_GAS_LEVELS).toEqual({ level1: 25, level2: 50 });
  });

  it('mg/m³ → ppm at 25 ℃: × 24.45 / molar mass', () => {
    expect(mgPerM3ToPpm(30, 17.03)).toBeCloseTo(43.07, 2);
    expect(mgPerM3ToPpm(10, 34.08)).toBeCloseTo(7.174, 3);
    expect(mgPerM3ToPpm(30, 28.01)).toBeCloseTo(26.19, 2);
    expect(mgPerM3ToPpm(1, 70.9)).toBeCloseTo(0.3449, 4);
  });

  it.each<[keyof typeof TOXIC_GAS_OELS, string, number, number, number]>([
    ['nh3', 'PC-STEL', 43, 86, 4.3],
    ['h2s', 'MAC', 7, 14, 0.7],
    ['co', 'PC-STEL', 26, 52, 2.6],
    ['cl2', 'MAC', 0.3, 0.6, 0.03],
  ])('%s (%s): L1 %s ppm, L2 %s ppm, hysteresis %s', (gasKey, kind, level1, level2, hysteresis) => {
    const oel = TOXIC_GAS_OELS[gasKey];
    expect(oel.kind).toBe(kind);
    const levels = defaultToxicLevels(oel);
    expect({ level1: levels.level1, level2: levels.level2, hysteresis: levels.hysteresis }).toEqual({
      level1,
      level2,
      hysteresis,
    });
    // never above the limits the standard sets (≤ 100 % / ≤ 200 % of the OEL)
    expect(levels.level1).toBeLessThanOrEqual(levels.oelPpm);
    expect(levels.level2).toBeLessThanOrEqual(2 * levels.oelPpm);
  });
});

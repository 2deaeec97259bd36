/**
 * IoT alarm rules (物联网报警规则), pure and without I/O: one quantity's two-level threshold with "above X for N
 * seconds", hysteresis and a debounced clear, rate of rise, and device offline. Times are epoch milliseconds.
 *
 * The shapes mirror the contracts (`packages/contracts/src/iot.ts`, design §2) structurally; this package does not
 * depend on the contracts (the contracts depend on it), so quantities are plain strings here.
 *
 * Semantics follow ThingsBoard's alarm model (one active alarm per device and type, repeats update it, severity
 * rises and falls with the level, a separate clear condition) — see /work/shared/DOMAIN.md, IoT monitoring.
 */

/** Alarm severities (ThingsBoard's, minus indeterminate). Level 2 → critical, level 1 → major, rate of rise →
 *  minor, offline → warning. */
export type AlarmSeverity = 'critical' | 'major' | 'minor' | 'warning';

/** A threshold level: 0 = none, 1 = first level (一级/低报), 2 = second level (二级/高报). */
export type AlarmLevel = 0 | 1 | 2;

/**
 * One quantity's alarm rule. Thresholds are in the quantity's unit (%LEL, ppm, ℃ …).
 * Source of the defaults: GB/T 50493-2019《石油化工可燃气体和有毒气体检测报警设计标准》§5.5.2 (combustible gas:
 * first level ≤ 25 %LEL, second level ≤ 50 %LEL; toxic gas: first level ≤ 100 % OEL, second level ≤ 200 % OEL),
 * OEL from GBZ 2.1-2019 — see {@link defaultToxicLevels}.
 */
export interface AlarmRuleCondition {
  /** The measured quantity (contracts `IotQuantity`: 'gas_lel', 'nh3', …). */
  quantity: string;
  /** 'above': alarm at/over the set points; 'below': at/under them (none of the defaults, kept general). */
  direction: 'above' | 'below';
  /** First-level set point, or null (e.g. flame: only a second level). */
  level1: number | null;
  /** Second-level set point, or null; beyond level1 in the rule's direction. */
  level2: number | null;
  /** A level is raised only after the value has stayed at/over its set point this long (0 = at once); applies to
   *  the first raise and to a rise 1 → 2 (level 2 has its own timer). 0..3600. */
  durationSeconds: number;
  /** Clear line = the lowest set point (level1, else level2) − hysteresis ('above'; + for 'below'). Also the
   *  margin below level2 before a fall 2 → 1. ≥ 0. */
  hysteresis: number;
  /** The value must stay past the clear line this long before the alarm clears (debounce), and below
   *  level2 − hysteresis this long before the level falls 2 → 1. Default 30. */
  clearDelaySeconds: number;
  /** A rise of ≥ delta within windowSeconds raises a minor rate-of-rise alarm (for 'below': a fall). */
  rateOfRise: { delta: number; windowSeconds: number } | null;
}

/** A device's (or device type's) rules: one condition per quantity, and the offline factor (no reading for
 *  offlineFactor × the device's interval = offline; default 3). */
export interface AlarmRuleSet {
  conditions: AlarmRuleCondition[];
  offlineFactor: number;
}

/**
 * Evaluation state of one condition of one device; JSON-serialisable (the ingest pipeline persists it in Redis so
 * that a running "for N seconds" timer survives a restart).
 */
export interface ConditionState {
  /** The threshold level currently raised (0 = no threshold alarm active). */
  level: AlarmLevel;
  /** A pending level change: while level < 2, a higher level seen and waiting out durationSeconds; while level = 2,
   *  1 = the value is below level2 − hysteresis and waiting out clearDelaySeconds before the fall to level 1.
   *  Meaningful only when pendingSince is not null. */
  pendingLevel: AlarmLevel;
  /** When the pending change started (epoch ms), or null when nothing is pending. */
  pendingSince: number | null;
  /** While level = 0 and level 2 is pending: when the value reached level 1 (its own timer keeps running, so
   *  level 1 is raised on time even though level 2 was seen later). Null otherwise. An addition to design §2. */
  level1Since: number | null;
  /** When the value first went past the clear line while raised (debounce of the clear), or null. */
  clearSince: number | null;
  /** Peak (for 'below': lowest) value last reported while raised, or null when nothing is raised. */
  peak: number | null;
  /** A rate-of-rise alarm is active. */
  rising: boolean;
  /** When the rise over the window first fell under delta while rising (debounce of that clear), or null. */
  risingClearSince: number | null;
  /** Recent [ts, value] within rateOfRise.windowSeconds, reduced to a monotonic queue (each entry is higher —
   *  'below': lower — than the ones before it, so the first is the window's minimum); at most 64 entries. */
  window: Array<[number, number]>;
  /** The last accepted reading's ts; readings with ts ≤ lastTs are ignored. */
  lastTs: number | null;
}

/** What a reading changed. `type` is the alarm type: `${quantity}.threshold` or `${quantity}.rate_of_rise`. */
export type RuleEvent =
  | {
      kind: 'raise';
      type: string;
      alarmKind: 'threshold' | 'rate_of_rise';
      level: AlarmLevel;
      severity: AlarmSeverity;
      value: number;
      ts: number;
    }
  | { kind: 'update'; type: string; level: AlarmLevel; severity: AlarmSeverity; value: number; peak: number; ts: number }
  | { kind: 'clear'; type: string; value: number; ts: number };

/** Most entries kept in ConditionState.window. */
export const RULE_WINDOW_MAX = 64;

/** A new peak is reported ('update') only when it passes the last reported one by this share of level 1 (else
 *  level 2), so a slow creep does not write the alarm on every reading. */
export const PEAK_STEP_RATIO = 0.05;

/** The alarm type of the offline alarm (one per device). */
export const OFFLINE_ALARM_TYPE = 'offline';

/** The alarm type of a rule's threshold or rate-of-rise alarm: `gas_lel.threshold`, `nh3.rate_of_rise`. */
export function ruleAlarmType(quantity: string, kind: 'threshold' | 'rate_of_rise'): string {
  return `${quantity}.${kind}`;
}

/** Severity of a threshold level: 2 → critical, 1 → major (0 has none; callers never ask). */
export function severityOfLevel(level: 1 | 2): AlarmSeverity {
  return level === 2 ? 'critical' : 'major';
}

/** The state of a condition that has seen no reading. */
export function initialConditionState(): ConditionState {
  return {
    level: 0,
    pendingLevel: 0,
    pendingSince: null,
    level1Since: null,
    clearSince: null,
    peak: null,
    rising: false,
    risingClearSince: null,
    window: [],
    lastTs: null,
  };
}

/**
 * Evaluate one reading against one condition. Pure: returns the next state (the input is not changed) and the
 * events. Readings with ts ≤ state.lastTs (out of order or duplicate) or a non-finite value/ts are ignored:
 * the same state, no events.
 *
 * - A level is raised once the value has stayed at/over its set point for durationSeconds (0: at once); level 2
 *   needs its own duration too. First raise → 'raise'; a rise 1 → 2 → 'update'.
 * - Falls 2 → 1 ('update') when the value has stayed below level2 − hysteresis for clearDelaySeconds.
 * - Clears ('clear') when the value has stayed below (lowest set point − hysteresis) for clearDelaySeconds; a value
 *   oscillating around level 1 inside the hysteresis band raises one alarm and never clears. After a clear, a new
 *   excursion is a new 'raise'.
 * - While raised, a new peak is an 'update' only when it passes the last reported peak by ≥ 5 % of level 1.
 * - Rate of rise: value − min(values within windowSeconds) ≥ delta → 'raise' of a minor `…rate_of_rise` alarm,
 *   cleared when the rise has stayed under delta for clearDelaySeconds.
 * For direction 'below' every comparison is mirrored.
 */
export function evaluateCondition(
  c: AlarmRuleCondition,
  s: ConditionState,
  r: { ts: number; value: number },
): { state: ConditionState; events: RuleEvent[] } {
  if (!Number.isFinite(r.ts) || !Number.isFinite(r.value)) return { state: s, events: [] };
  if (s.lastTs !== null && r.ts <= s.lastTs) return { state: s, events: [] };
  const events: RuleEvent[] = [];
  // Work in "above" space: for 'below' negate values and set points, so every comparison reads the same.
  const sign = c.direction === 'below' ? -1 : 1;
  const v = sign === 1 ? r.value : 0 - r.value;
  const l1 = c.level1 === null ? null : sign * c.level1;
  const l2 = c.level2 === null ? null : sign * c.level2;
  const ref = l1 ?? l2;
  const { ts } = r;
  const durMs = Math.max(0, c.durationSeconds) * 1000;
  const clearMs = Math.max(0, c.clearDelaySeconds) * 1000;
  const h = Math.max(0, c.hysteresis);
  const type = ruleAlarmType(c.quantity, 'threshold');
  const next: ConditionState = { ...s, window: s.window, level1Since: s.level1Since ?? null, lastTs: ts };
  // The peak in "above" space; written back (in the reading's own sign) at the end.
  const toS = (x: number) => (sign === 1 ? x : 0 - x); // 0 - x: never -0
  let peak = s.peak === null ? null : toS(s.peak);

  if (ref !== null) {
    let cleared = false;
    // Clear: past the clear line for clearDelaySeconds.
    if (next.level > 0) {
      if (v < ref - h) {
        next.clearSince = next.clearSince ?? ts;
        if (ts - next.clearSince >= clearMs) {
          events.push({ kind: 'clear', type, value: r.value, ts });
          Object.assign(next, { level: 0, pendingLevel: 0, pendingSince: null, level1Since: null, clearSince: null });
          peak = null;
          cleared = true;
        }
      } else next.clearSince = null;
    }
    if (!cleared) {
      const before = next.level;
      let changed = false;
      if (next.level < 2) {
        // Timers of the levels above the current one (only while level < 2 are they "rise" timers).
        const pending = s.pendingSince !== null && s.pendingLevel > s.level;
        const prevT1 = pending ? (s.pendingLevel === 1 ? s.pendingSince : s.level1Since) : null;
        const prevT2 = pending && s.pendingLevel === 2 ? s.pendingSince : null;
        const t1 = next.level < 1 && l1 !== null && v >= l1 ? (prevT1 ?? ts) : null;
        const t2 = l2 !== null && v >= l2 ? (prevT2 ?? ts) : null;
        let raised: AlarmLevel = next.level;
        if (t2 !== null && ts - t2 >= durMs) raised = 2;
        else if (t1 !== null && ts - t1 >= durMs) raised = 1;
        if (raised > next.level) {
          next.level = raised;
          peak = before === 0 ? v : Math.max(peak ?? v, v);
          changed = true;
        }
        // What is still pending after this reading.
        if (next.level < 2 && t2 !== null) {
          next.pendingLevel = 2;
          next.pendingSince = t2;
          next.level1Since = next.level === 0 ? t1 : null;
        } else if (next.level < 1 && t1 !== null) {
          next.pendingLevel = 1;
          next.pendingSince = t1;
          next.level1Since = null;
        } else {
          next.pendingLevel = 0;
          next.pendingSince = null;
          next.level1Since = null;
        }
      } else if (l2 !== null) {
        // Level 2: fall to level 1 after clearDelaySeconds below level2 − hysteresis (level 1 must exist).
        if (l1 !== null && v < l2 - h) {
          const since = s.pendingSince !== null && s.pendingLevel === 1 && s.level === 2 ? s.pendingSince : ts;
          if (ts - since >= clearMs) {
            next.level = 1;
            next.pendingLevel = 0;
            next.pendingSince = null;
            changed = true;
          } else {
            next.pendingLevel = 1;
            next.pendingSince = since;
          }
        } else {
          next.pendingLevel = 0;
          next.pendingSince = null;
        }
        next.level1Since = null;
      }
      if (changed && before === 0) {
        const level = next.level as 1 | 2;
        events.push({ kind: 'raise', type, alarmKind: 'threshold', level, severity: severityOfLevel(level), value: r.value, ts });
      } else if (changed) {
        const level = next.level as 1 | 2;
        peak = Math.max(peak ?? v, v);
        events.push({ kind: 'update', type, level, severity: severityOfLevel(level), value: r.value, peak: toS(peak), ts });
      } else if (next.level > 0 && peak !== null && v > peak && v - peak >= Math.abs(ref) * PEAK_STEP_RATIO) {
        peak = v;
        const level = next.level as 1 | 2;
        events.push({ kind: 'update', type, level, severity: severityOfLevel(level), value: r.value, peak: r.value, ts });
      }
    }
  }
  next.peak = peak === null ? null : toS(peak);

  if (c.rateOfRise) {
    const windowMs = Math.max(0, c.rateOfRise.windowSeconds) * 1000;
    // Monotonic queue in "above" space: drop expired entries and those not lower than the new value.
    const w = s.window.filter(([t]) => t >= ts - windowMs);
    while (w.length > 0 && sign * w[w.length - 1]![1] >= v) w.pop();
    w.push([ts, r.value]);
    // Bounded: thin the oldest non-minimum entry (a later minimum is then slightly higher: errs on fewer alarms).
    while (w.length > RULE_WINDOW_MAX) w.splice(1, 1);
    next.window = w;
    const rise = v - sign * w[0]![1];
    const rType = ruleAlarmType(c.quantity, 'rate_of_rise');
    if (!s.rising) {
      if (rise >= c.rateOfRise.delta && c.rateOfRise.delta > 0) {
        next.rising = true;
        next.risingClearSince = null;
        events.push({ kind: 'raise', type: rType, alarmKind: 'rate_of_rise', level: 0, severity: 'minor', value: r.value, ts });
      }
    } else if (rise < c.rateOfRise.delta) {
      const since = s.risingClearSince ?? ts;
      if (ts - since >= clearMs) {
        next.rising = false;
        next.risingClearSince = null;
        events.push({ kind: 'clear', type: rType, value: r.value, ts });
      } else next.risingClearSince = since;
    } else next.risingClearSince = null;
  }
  return { state: next, events };
}

/**
 * Whether a device counts as offline: no reading for more than offlineFactor × intervalSeconds (the boundary itself
 * is still online, matching `last_seen_at < now − interval × factor`). A device never seen (null) is offline.
 */
export function isOffline(lastSeenMs: number | null, intervalSeconds: number, offlineFactor: number, nowMs: number): boolean {
  if (lastSeenMs === null) return true;
  return nowMs - lastSeenMs > intervalSeconds * offlineFactor * 1000;
}

/** Combustible gas set points, GB/T 50493-2019 §5.5.2: first level ≤ 25 %LEL, second level ≤ 50 %LEL. */
export const COMBUSTIBLE_GAS_LEVELS = { level1: 25, level2: 50 } as const;

/** Molar volume of an ideal gas at 25 ℃ and 101.325 kPa (L/mol), the conversion GBZ 2.1 limits assume. */
export const MOLAR_VOLUME_25C = 24.45;

/** The kind of occupational exposure limit (GBZ 2.1-2019): MAC 最高容许浓度, PC-STEL 短时间接触容许浓度,
 *  PC-TWA 时间加权平均容许浓度. */
export type OelKind = 'MAC' | 'PC-STEL' | 'PC-TWA';

/** An occupational exposure limit in mg/m³ with the gas's molar mass (g/mol). */
export interface ToxicGasOel {
  kind: OelKind;
  mgPerM3: number;
  molarMass: number;
}

/**
 * The exposure limits used for the toxic-gas defaults — GBZ 2.1-2019 表1, the MAC if there is one, else the
 * PC-STEL, else the PC-TWA. FLAGGED FOR EXPERT REVIEW (values and the choice of limit).
 *  - NH₃ 氨: PC-TWA 20, PC-STEL 30 mg/m³ → STEL; M 17.03
 *  - H₂S 硫化氢: MAC 10 mg/m³; M 34.08
 *  - CO 一氧化碳 (非高原): PC-TWA 20, PC-STEL 30 mg/m³ → STEL; M 28.01
 *  - Cl₂ 氯: MAC 1 mg/m³; M 70.90
 */
export const TOXIC_GAS_OELS = {
  nh3: { kind: 'PC-STEL', mgPerM3: 30, molarMass: 17.03 },
  h2s: { kind: 'MAC', mgPerM3: 10, molarMass: 34.08 },
  co: { kind: 'PC-STEL', mgPerM3: 30, molarMass: 28.01 },
  cl2: { kind: 'MAC', mgPerM3: 1, molarMass: 70.9 },
} as const satisfies Record<string, ToxicGasOel>;

/** mg/m³ → ppm (µmol/mol) at 25 ℃, 101.325 kPa: mg/m³ × 24.45 / molar mass. */
export function mgPerM3ToPpm(mgPerM3: number, molarMass: number): number {
  return (mgPerM3 * MOLAR_VOLUME_25C) / molarMass;
}

/** Round DOWN to a step (the standard's set points are upper bounds, "≤"); tolerant of float noise. */
function floorTo(x: number, step: number): number {
  return Math.floor(x / step + 1e-9) * step;
}

/** Round to a step (nearest), with a clean decimal result. */
function roundTo(x: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((Math.round(x / step) * step).toFixed(decimals));
}

/**
 * Default two-level set points of a toxic gas from its OEL — GB/T 50493-2019 §5.5.2: first level ≤ 100 % OEL,
 * second level ≤ 200 % OEL, the OEL converted to ppm (× 24.45 / molar mass). Set points are rounded DOWN (never
 * above the limit): to whole ppm from 1 ppm up, else to 0.1 ppm; hysteresis ≈ 10 % of level 1 (one decimal more).
 * FLAGGED FOR EXPERT REVIEW.
 * NH₃ → 43 / 86 ppm, H₂S → 7 / 14, CO → 26 / 52, Cl₂ → 0.3 / 0.6 (200 % OEL is 0.69 ppm, so 0.6 ≤ it).
 */
export function defaultToxicLevels(oel: ToxicGasOel): { level1: number; level2: number; hysteresis: number; oelPpm: number } {
  const oelPpm = mgPerM3ToPpm(oel.mgPerM3, oel.molarMass);
  const step = oelPpm >= 1 ? 1 : 0.1;
  const decimals = step === 1 ? 0 : 1;
  const level1 = Number(floorTo(oelPpm, step).toFixed(decimals));
  const level2 = Number(floorTo(2 * oelPpm, step).toFixed(decimals));
  return { level1, level2, hysteresis: roundTo(level1 * 0.1, step / 10), oelPpm };
}

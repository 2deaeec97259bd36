import {
  alarmRuleSetProblems,
  DEFAULT_ALARM_RULES,
  IOT_DEVICE_TYPES,
  type AlarmRuleSet,
  type IotDeviceType,
  type IotRule as IotRuleDto,
  type IotRuleSource,
  type IotRulesResponse,
  type SaveIotRulesRequest,
} from '@yuanan/contracts';
import type { Actor } from '../../core/context/request-scope.ts';
import { lockRow } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import { isoReq } from '../../core/http/serialize.ts';
import { User } from '../identity/identity.entity.ts';
import { Tenant } from '../tenants/tenant.entity.ts';
import { IotDevice, IotRule } from './iot.entity.ts';

/** The rules that apply to a device, where they come from, and the saved version (null for the defaults). */
export interface EffectiveRules {
  rules: AlarmRuleSet;
  source: IotRuleSource;
  version: number | null;
}

const clone = (r: AlarmRuleSet): AlarmRuleSet => structuredClone(r);

/**
 * The effective rules of many devices at once (the ingest pipeline's cache, the live page): each device's active
 * device-scope set, else its type's active set, else DEFAULT_ALARM_RULES[type]. Two queries whatever the count.
 * `em` is zone-bound (the tenant filter applies).
 */
export async function effectiveRulesOf(
  em: Em,
  devices: ReadonlyArray<{ id: string; type: IotDeviceType }>,
): Promise<Map<string, EffectiveRules>> {
  const out = new Map<string, EffectiveRules>();
  if (!devices.length) return out;
  const ids = devices.map((d) => d.id);
  const own = new Map<string, IotRule>();
  for (let i = 0; i < ids.length; i += 1000)
    for (const r of await em.find(IotRule, { scope: 'device', deviceId: { $in: ids.slice(i, i + 1000) }, active: true }))
      own.set(r.deviceId!, r);
  const types = await typeRules(em);
  for (const d of devices) {
    const o = own.get(d.id);
    const ty = types.get(d.type);
    out.set(
      d.id,
      o
        ? { rules: clone(o.rules), source: 'device', version: o.version }
        : ty
          ? { rules: clone(ty.rules), source: 'type', version: ty.version }
          : { rules: clone(DEFAULT_ALARM_RULES[d.type]), source: 'default', version: null },
    );
  }
  return out;
}

/** The zone's active type-level rule sets, by type. */
export async function typeRules(em: Em): Promise<Map<IotDeviceType, IotRule>> {
  return new Map((await em.find(IotRule, { scope: 'type', active: true })).map((r) => [r.deviceType!, r]));
}

/** The effective rules of one device (see {@link effectiveRulesOf}). */
export async function effectiveRules(em: Em, device: { id: string; type: IotDeviceType }): Promise<EffectiveRules> {
  return (await effectiveRulesOf(em, [device])).get(device.id)!;
}

/** The rules of a type for the zone: its active saved set, else the default. */
export async function typeEffectiveRules(em: Em, type: IotDeviceType): Promise<EffectiveRules> {
  const r = await em.findOne(IotRule, { scope: 'type', deviceType: type, active: true });
  return r
    ? { rules: clone(r.rules), source: 'type', version: r.version }
    : { rules: clone(DEFAULT_ALARM_RULES[type]), source: 'default', version: null };
}

/**
 * Versioned rule sets (报警规则): per device type or per device. A save inserts version n+1 (active) and sets the
 * previous active one inactive — history is kept; saves of one target are serialised (the device's row lock, or the
 * zone's row for a type). `findDevice` resolves a device the caller may see (404 otherwise: enterprise scope).
 */
export class RuleService {
  readonly #findDevice: (em: Em, actor: Actor, id: string) => Promise<IotDevice>;
  readonly #changed: (tenantId: string, deviceId?: string) => void;

  constructor(deps: {
    findDevice: (em: Em, actor: Actor, id: string) => Promise<IotDevice>;
    /** Announces a change to the ingest pipeline (`iot.devices.changed`). */
    changed: (tenantId: string, deviceId?: string) => void;
  }) {
    this.#findDevice = deps.findDevice;
    this.#changed = deps.changed;
  }

  /** GET /iot/rules: the active saved set of a type or a device, what applies, and the history (newest first). */
  async get(em: Em, actor: Actor, q: { deviceType?: IotDeviceType; deviceId?: string }): Promise<IotRulesResponse> {
    if (q.deviceId) {
      const d = await this.#findDevice(em, actor, q.deviceId);
      const history = await em.find(IotRule, { scope: 'device', deviceId: d.id }, { orderBy: { version: 'desc' }, limit: 100 });
      const eff = await effectiveRules(em, d);
      const names = await this.#names(em, history);
      return {
        scope: 'device',
        deviceType: d.type,
        deviceId: d.id,
        active: ruleDto(
          history.find((r) => r.active),
          names,
        ),
        effective: eff.rules,
        source: eff.source,
        history: history.map((r) => ruleDto(r, names)!),
      };
    }
    const type = q.deviceType!;
    const history = await em.find(IotRule, { scope: 'type', deviceType: type }, { orderBy: { version: 'desc' }, limit: 100 });
    const eff = await typeEffectiveRules(em, type);
    const names = await this.#names(em, history);
    return {
      scope: 'type',
      deviceType: type,
      deviceId: null,
      active: ruleDto(
        history.find((r) => r.active),
        names,
      ),
      effective: eff.rules,
      source: eff.source,
      history: history.map((r) => ruleDto(r, names)!),
    };
  }

  /**
   * PUT /iot/rules: validates the set against the device type (422 with field errors `rules.conditions.0.level2`:
   * alarmRuleSetProblems of contracts/iot.ts) and saves version n+1.
   */
  async save(em: Em, actor: Actor, tenantId: string, b: SaveIotRulesRequest): Promise<IotRulesResponse> {
    let type: IotDeviceType;
    let deviceId: string | null = null;
    if (b.scope === 'device') {
      const d = await this.#findDevice(em, actor, b.deviceId!);
      type = d.type;
      deviceId = d.id;
    } else type = b.deviceType!;
    if (!IOT_DEVICE_TYPES.includes(type)) throw new AppError(400, 'validation_failed', t('设备类型无效', 'Unknown device type'));
    const problems = alarmRuleSetProblems(b.rules, type);
    if (problems.length) {
      const errors = problems.map((p) => ({ path: ['rules', ...p.path].join('.'), code: 'rule', message: p.text }));
      throw new AppError(422, 'validation_failed', problems[0]!.text, { errors });
    }
    await em.transactional(async (tx) => {
      // One save of a target at a time: the next version number is read under this lock.
      if (deviceId) await lockRow(tx, IotDevice, { id: deviceId });
      else await lockRow(tx, Tenant, { id: tenantId });
      const where = deviceId ? { scope: 'device' as const, deviceId } : { scope: 'type' as const, deviceType: type };
      const last = await tx.findOne(IotRule, where, { orderBy: { version: 'desc' } });
      for (const r of await tx.find(IotRule, { ...where, active: true })) r.active = false;
      await tx.flush();
      tx.create(IotRule, {
        scope: b.scope,
        deviceType: deviceId ? null : type,
        deviceId,
        version: (last?.version ?? 0) + 1,
        rules: { conditions: b.rules.conditions, offlineFactor: b.rules.offlineFactor },
        active: true,
        note: b.note || null,
        createdBy: actor.userId,
      });
      await tx.flush();
    });
    this.#changed(tenantId, deviceId ?? undefined);
    return this.get(em, actor, deviceId ? { deviceId } : { deviceType: type });
  }

  async #names(em: Em, rules: IotRule[]): Promise<Map<string, string>> {
    const ids = [...new Set(rules.map((r) => r.createdBy).filter((x): x is string => Boolean(x)))];
    if (!ids.length) return new Map();
    return new Map((await em.find(User, { id: { $in: ids } }, { fields: ['id', 'name'] })).map((u) => [u.id, u.name]));
  }
}

function ruleDto(r: IotRule | undefined, names: Map<string, string>): IotRuleDto | null {
  if (!r) return null;
  return {
    id: r.id,
    scope: r.scope,
    deviceType: r.deviceType ?? null,
    deviceId: r.deviceId ?? null,
    version: r.version,
    rules: r.rules,
    active: r.active,
    note: r.note ?? null,
    createdBy: r.createdBy ?? null,
    createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
    createdAt: isoReq(r.createdAt),
  };
}

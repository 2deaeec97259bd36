import type { z } from 'zod';
import {
  EQUIPMENT_UNIT_STATUS_LABELS,
  EQUIPMENT_UNIT_TRANSITIONS,
  availableUnitActions,
  can,
  canUnitTransition,
  isEnterpriseRole,
  type approveEquipmentRequestRequest,
  type availabilityQuery,
  type AvailabilityResponse,
  type checkOutRequest,
  type createEquipmentModelRequest,
  type createEquipmentRequestRequest,
  type createEquipmentUnitRequest,
  type createReservationRequest,
  type declareReturnRequest,
  type EquipmentLoan as LoanDto,
  type EquipmentMaintenance as MaintenanceDto,
  type EquipmentModel as ModelDto,
  type equipmentModelsQuery,
  type EquipmentRequest as RequestDto,
  type equipmentRequestsQuery,
  type EquipmentReservation as ReservationDto,
  type EquipmentUnit as UnitDto,
  type EquipmentUnitAction,
  type EquipmentUnitDetail,
  type equipmentUnitsQuery,
  type EquipmentUnitStatus,
  type loansQuery,
  type maintenanceQuery,
  type maintenanceResultRequest,
  type Page,
  type Role,
  type recallLoanRequest,
  type reservationsQuery,
  type returnLoanRequest,
  type unitActionRequest,
  type updateEquipmentModelRequest,
  type updateEquipmentUnitRequest,
} from '@yuanan/contracts';
import {
  addDays,
  daysOverdue,
  findConflict,
  freeCountByDay,
  freeRanges,
  localDate,
  localDayRange,
  localMinute,
  maintenanceDueDates,
  maskPhone,
  type TimeRange,
} from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { compareAndSet, lockRow } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, notFound, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import { User } from '../identity/identity.entity.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import {
  EquipmentLoan,
  EquipmentMaintenance,
  EquipmentModel,
  EquipmentRequest,
  EquipmentReservation,
  EquipmentUnit,
} from './equipment.entity.ts';
import { ownEnterprise, recordScope, roleOf, seesAll, seesBorrower } from './equipment-scope.ts';

type In<T extends z.ZodType> = z.output<T>;
type Where = Record<string, unknown>;
type Zone = Pick<TenantInfo, 'id' | 'timeZone' | 'settings' | 'name'>;

const DAY = 86_400_000;
/** Longest availability window per call (days). */
export const AVAILABILITY_MAX_DAYS = 62;
/** A reservation not picked up within its first day lapses (the sweep). */
export const PICKUP_GRACE_MS = DAY;
/** Units never lendable: retired or lost. */
const GONE: EquipmentUnitStatus[] = ['retired', 'lost'];

// ---- refusals (problem+json, both languages) ----

const unitNotFound = () => new AppError(404, 'not_found', t('未找到该器材', 'Equipment unit not found'));
const modelNotFound = () => new AppError(404, 'not_found', t('未找到该器材型号', 'Equipment model not found'));
const requestNotFound = () => new AppError(404, 'not_found', t('未找到该借用申请', 'Equipment request not found'));
const loanNotFound = () => new AppError(404, 'not_found', t('未找到该借用记录', 'Loan not found'));
const reservationNotFound = () => new AppError(404, 'not_found', t('未找到该预约', 'Reservation not found'));
const maintenanceNotFound = () => new AppError(404, 'not_found', t('未找到该保养任务', 'Maintenance job not found'));
const stale = () =>
  new AppError(
    409,
    'conflict',
    t('器材状态已被他人更新，请刷新后重试', 'Someone else changed this unit since you loaded it: reload and try again'),
  );
const invalid = (field: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), { errors: [{ path: field, code: 'invalid', message: t(zh, en) }] });
/** `YYYY-MM-DD HH:mm` in the zone. */
const fmt = localMinute;
const conflictWith = (r: { startsAt: Date; endsAt: Date }, tz: string, what = t('预约', 'reservation')) =>
  new AppError(
    409,
    'conflict',
    t(
      `该器材在 ${fmt(r.startsAt, tz)} 至 ${fmt(r.endsAt, tz)} 已有${what.zh}`,
      `The unit already has a ${what.en} from ${fmt(r.startsAt, tz)} to ${fmt(r.endsAt, tz)}`,
    ),
  );
const notInState = (action: EquipmentUnitAction, status: EquipmentUnitStatus) => {
  const l = EQUIPMENT_UNIT_TRANSITIONS[action].label;
  const s = EQUIPMENT_UNIT_STATUS_LABELS[status];
  return new AppError(
    409,
    'invalid_transition',
    t(`器材当前状态为“${s.zh}”，不能“${l.zh}”`, `“${l.en}” is not possible while the unit is ${s.en.toLowerCase()}`),
  );
};
/** A loan already closed (returned, recalled or reported lost): 409 saying so, not the unit's state. */
const loanClosed = (l: Pick<EquipmentLoan, 'recalledAt'>) =>
  l.recalledAt
    ? new AppError(409, 'invalid_transition', t('该借用已被紧急召回，已经结束', 'This loan was already recalled and is closed'))
    : new AppError(409, 'invalid_transition', t('该借用已归还，已经结束', 'This loan is already returned and closed'));
const blocked = (reason: string) =>
  new AppError(
    409,
    'invalid_transition',
    t(`该器材保养不合格，暂停出借：${reason}`, `The unit failed maintenance and cannot be lent: ${reason}`),
  );

const likeText = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const ids = <T extends { id: string }>(rows: T[]) => [...new Set(rows.map((r) => r.id))];

/** The person a loan's or reservation's reminders go to, and the key that bundles them (one message per borrower). */
export function borrowerKey(l: Pick<EquipmentLoan, 'borrowerKind' | 'enterpriseId' | 'borrowerUserId'>): string | null {
  if (l.borrowerKind === 'enterprise' && l.enterpriseId) return `enterprise:${l.enterpriseId}`;
  if (l.borrowerUserId) return `user:${l.borrowerUserId}`;
  return null;
}

/** The users told about a borrower's loans: the borrowers named on them, else the enterprise's administrators. */
export async function borrowerRecipients(
  em: Em,
  loans: Array<Pick<EquipmentLoan, 'enterpriseId' | 'borrowerUserId'>>,
): Promise<string[]> {
  const named = [...new Set(loans.map((l) => l.borrowerUserId).filter((x): x is string => Boolean(x)))];
  if (named.length) return named;
  const ent = loans.find((l) => l.enterpriseId)?.enterpriseId;
  if (!ent) return [];
  return (
    await em.find(
      User,
      { enterpriseId: ent, role: 'enterprise_admin', status: 'active' },
      { fields: ['id'], limit: 3, orderBy: { id: 'asc' } },
    )
  ).map((u) => u.id);
}

/** Active users in the given roles (the office, the keepers). */
export async function usersInRoles(em: Em, roles: Role[]): Promise<string[]> {
  return (await em.find(User, { role: { $in: roles }, status: 'active' }, { fields: ['id'], limit: 50 })).map((u) => u.id);
}

/**
 * The equipment room (器材室): catalogue, units and their state machine, reservations, requests, loans and
 * maintenance. Every state change of a unit runs under the unit's row lock (compare-and-set) on the `version` the
 * caller saw: of two keepers checking out one unit at once, one wins and the other gets 409. Reservations are checked
 * for overlap under the same lock (half-open ranges: adjacent bookings are allowed).
 */
export class EquipmentService {
  readonly #files: FileService;
  readonly #notifications: NotificationService;
  /**
   * Called inside the unit's transaction when a deployed unit stands down (出动归队), with the incident it was out on
   * (`incidentRef` before it was cleared): the incidents module closes its incident_equipment row there (releasedAt,
   * timeline) so the after-action report has the return time, whoever received the unit.
   */
  readonly onStandDown: Array<
    (tx: Em, x: { unitId: string; incidentRef: string | null; condition: string | null }, actor: Actor) => Promise<void>
  > = [];
  constructor(files: FileService, notifications: NotificationService) {
    this.#files = files;
    this.#notifications = notifications;
  }

  // ---------------------------------------------------------------- catalogue

  async modelDtos(em: Em, rows: EquipmentModel[]): Promise<ModelDto[]> {
    const counts = new Map<string, { all: number; free: number }>();
    if (rows.length) {
      const units = await em.find(
        EquipmentUnit,
        { modelId: { $in: ids(rows) }, status: { $nin: GONE } },
        { fields: ['id', 'modelId', 'status', 'lendableBlockedReason'] },
      );
      for (const u of units) {
        const c = counts.get(u.modelId) ?? { all: 0, free: 0 };
        c.all++;
        if (u.status === 'available' && !u.lendableBlockedReason) c.free++;
        counts.set(u.modelId, c);
      }
    }
    return rows.map((m) => ({
      id: m.id,
      category: m.category,
      name: m.name,
      model: m.model ?? null,
      manufacturer: m.manufacturer ?? null,
      specs: m.specs ?? [],
      photoFileIds: m.photoFileIds ?? [],
      maintenanceRules: m.maintenanceRules ?? [],
      lendable: m.lendable,
      description: m.description ?? null,
      unitCount: counts.get(m.id)?.all ?? 0,
      availableCount: counts.get(m.id)?.free ?? 0,
      createdAt: m.createdAt.toISOString(),
      updatedAt: m.updatedAt.toISOString(),
    }));
  }

  /** The catalogue; enterprise users see lendable models only. */
  async listModels(em: Em, actor: Actor, q: In<typeof equipmentModelsQuery>): Promise<Page<ModelDto>> {
    const where: Where = {};
    if (q.category) where.category = q.category;
    if (q.lendable) where.lendable = q.lendable === 'true';
    if (isEnterpriseRole(actor.role)) where.lendable = true;
    if (q.q) where.$or = [{ name: { $like: likeText(q.q) } }, { model: { $like: likeText(q.q) } }];
    const [rows, total] = await em.findAndCount(EquipmentModel, where, {
      orderBy: { category: 'asc', name: 'asc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.modelDtos(em, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async model(em: Em, actor: Actor, id: string): Promise<EquipmentModel> {
    const m = await em.findOne(EquipmentModel, { id });
    if (!m || (isEnterpriseRole(actor.role) && !m.lendable)) throw modelNotFound();
    return m;
  }

  async createModel(em: Em, actor: Actor, b: In<typeof createEquipmentModelRequest>): Promise<EquipmentModel> {
    await this.#files.assertUsable(em, actor, b.photoFileIds);
    const m = em.create(EquipmentModel, {
      category: b.category,
      name: b.name,
      model: b.model || null,
      manufacturer: b.manufacturer || null,
      specs: b.specs,
      photoFileIds: b.photoFileIds,
      maintenanceRules: b.maintenanceRules,
      lendable: b.lendable,
      description: b.description || null,
    });
    await em.flush();
    return m;
  }

  async updateModel(em: Em, actor: Actor, id: string, b: In<typeof updateEquipmentModelRequest>): Promise<EquipmentModel> {
    const m = await this.model(em, actor, id);
    if (b.photoFileIds) await this.#files.assertUsable(em, actor, b.photoFileIds);
    for (const k of ['category', 'name', 'specs', 'photoFileIds', 'maintenanceRules', 'lendable'] as const)
      if (b[k] !== undefined) (m as Record<string, unknown>)[k] = b[k];
    for (const k of ['model', 'manufacturer', 'description'] as const)
      if (b[k] !== undefined) (m as Record<string, unknown>)[k] = b[k] || null;
    await em.flush();
    return m;
  }

  // ---------------------------------------------------------------- units

  /** Units as the caller sees them: model, current loan (only the keeper's and the borrower's own), next reservation, actions. */
  async unitDtos(em: Em, actor: Actor, units: EquipmentUnit[], now = new Date()): Promise<UnitDto[]> {
    if (!units.length) return [];
    const unitIds = ids(units);
    const [models, loans, reservations] = await Promise.all([
      em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } }, { fields: ['id', 'name', 'category'] }),
      em.find(EquipmentLoan, { unitId: { $in: unitIds }, returnedAt: null }),
      em.find(
        EquipmentReservation,
        { unitId: { $in: unitIds }, status: 'active', endsAt: { $gt: now } },
        { orderBy: { startsAt: 'asc' } },
      ),
    ]);
    const model = new Map(models.map((m) => [m.id, m]));
    const loan = new Map(loans.map((l) => [l.unitId, l]));
    const next = new Map<string, EquipmentReservation>();
    for (const r of reservations) if (!next.has(r.unitId)) next.set(r.unitId, r);
    const role = roleOf(actor);
    return units.map((u) => {
      const l = loan.get(u.id);
      const r = next.get(u.id);
      return {
        id: u.id,
        modelId: u.modelId,
        modelName: model.get(u.modelId)?.name ?? '',
        category: model.get(u.modelId)?.category ?? 'other',
        assetTag: u.assetTag,
        serial: u.serial ?? null,
        location: u.location ?? null,
        purchasedOn: u.purchasedOn ?? null,
        warrantyUntil: u.warrantyUntil ?? null,
        condition: u.condition,
        status: u.status,
        version: u.version,
        lendableBlockedReason: u.lendableBlockedReason ?? null,
        nextMaintenanceOn: u.nextMaintenanceOn ?? null,
        // Someone else's loan (another enterprise's, another person's) is not shown at all: not who, nor when it is
        // due, nor whether it is overdue; the unit's status (借出) is all they learn.
        currentLoan:
          l && seesBorrower(actor, l)
            ? {
                id: l.id,
                borrowerKind: l.borrowerKind,
                borrowerName: l.borrowerName,
                dueAt: l.dueAt.toISOString(),
                overdue: l.dueAt.getTime() < now.getTime(),
              }
            : null,
        nextReservation:
          r && seesBorrower(actor, r)
            ? { id: r.id, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }
            : r && seesAll(actor)
              ? { id: r.id, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }
              : null,
        actions: availableUnitActions(u.status, role),
        createdAt: u.createdAt.toISOString(),
        updatedAt: u.updatedAt.toISOString(),
      };
    });
  }

  /** The filter of the unit list (also the ledger export's). Enterprise users: lendable models only. */
  async unitWhere(em: Em, actor: Actor, q: Partial<In<typeof equipmentUnitsQuery>>, now = new Date()): Promise<Where> {
    const where: Where = {};
    if (q.status) where.status = q.status;
    const modelFilter: Where = {};
    if (q.category) modelFilter.category = q.category;
    if (q.modelId) modelFilter.id = q.modelId;
    if (isEnterpriseRole(actor.role)) modelFilter.lendable = true;
    if (Object.keys(modelFilter).length) {
      const m = await em.find(EquipmentModel, modelFilter, { fields: ['id'] });
      where.modelId = { $in: m.map((x) => x.id) };
    }
    if (q.q) {
      const models = await em.find(EquipmentModel, { name: { $like: likeText(q.q) } }, { fields: ['id'], limit: 200 });
      where.$or = [
        { assetTag: { $like: likeText(q.q) } },
        { serial: { $like: likeText(q.q) } },
        ...(models.length ? [{ modelId: { $in: models.map((m) => m.id) } }] : []),
      ];
    }
    if (q.overdue === 'true') {
      const loans = await em.find(
        EquipmentLoan,
        { returnedAt: null, dueAt: { $lt: now }, ...recordScope(actor, 'borrowerUserId') },
        { fields: ['unitId'] },
      );
      where.id = { $in: loans.map((l) => l.unitId) };
    }
    return where;
  }

  async listUnits(em: Em, actor: Actor, q: In<typeof equipmentUnitsQuery>): Promise<Page<UnitDto>> {
    const where = await this.unitWhere(em, actor, q);
    const [rows, total] = await em.findAndCount(EquipmentUnit, where, {
      orderBy: { assetTag: 'asc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.unitDtos(em, actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** A unit the actor may see (enterprise users: of a lendable model), else 404. */
  async unit(em: Em, actor: Actor, id: string): Promise<EquipmentUnit> {
    const u = await em.findOne(EquipmentUnit, { id });
    if (!u) throw unitNotFound();
    if (isEnterpriseRole(actor.role) && !(await em.count(EquipmentModel, { id: u.modelId, lendable: true })))
      throw unitNotFound();
    return u;
  }

  /** The unit page: the unit, its model, and its timeline (reservations, loans, maintenance; newest first). */
  async unitDetail(em: Em, actor: Actor, zone: Zone, u: EquipmentUnit): Promise<EquipmentUnitDetail> {
    const [dto] = await this.unitDtos(em, actor, [u]);
    const model = await em.findOneOrFail(EquipmentModel, { id: u.modelId });
    const [reservations, loans, maintenance] = await Promise.all([
      em.find(
        EquipmentReservation,
        { unitId: u.id, ...recordScope(actor, 'borrowerUserId') },
        { orderBy: { startsAt: 'desc' }, limit: 50 },
      ),
      em.find(
        EquipmentLoan,
        { unitId: u.id, ...recordScope(actor, 'borrowerUserId') },
        { orderBy: { checkedOutAt: 'desc' }, limit: 50 },
      ),
      em.find(EquipmentMaintenance, { unitId: u.id }, { orderBy: { dueOn: 'desc', createdAt: 'desc' }, limit: 50 }),
    ]);
    return {
      ...dto!,
      model: (await this.modelDtos(em, [model]))[0]!,
      reservations: await this.reservationDtos(em, actor, reservations),
      loans: await this.loanDtos(em, actor, zone, loans),
      maintenance: await this.maintenanceDtos(em, maintenance),
    };
  }

  async createUnit(em: Em, b: In<typeof createEquipmentUnitRequest>, zone: Zone): Promise<EquipmentUnit> {
    const model = await em.findOne(EquipmentModel, { id: b.modelId });
    if (!model) throw modelNotFound();
    if (await em.count(EquipmentUnit, { assetTag: b.assetTag }))
      throw new AppError(409, 'duplicate', t(`资产编号 ${b.assetTag} 已存在`, `Asset tag ${b.assetTag} is already used`));
    const since = b.purchasedOn ?? localDate(new Date(), zone.timeZone);
    const u = em.create(EquipmentUnit, {
      modelId: b.modelId,
      assetTag: b.assetTag,
      serial: b.serial || null,
      location: b.location || null,
      purchasedOn: b.purchasedOn ?? null,
      warrantyUntil: b.warrantyUntil ?? null,
      condition: b.condition,
      status: 'available',
      lendableBlockedReason: null,
      nextMaintenanceOn: maintenanceDueDates(model.maintenanceRules ?? [], {}, since)[0]?.dueOn ?? null,
      incidentRef: null,
    });
    await em.flush();
    return u;
  }

  async updateUnit(em: Em, actor: Actor, id: string, b: In<typeof updateEquipmentUnitRequest>): Promise<EquipmentUnit> {
    const u = await this.unit(em, actor, id);
    if (b.assetTag && b.assetTag !== u.assetTag && (await em.count(EquipmentUnit, { assetTag: b.assetTag })))
      throw new AppError(409, 'duplicate', t(`资产编号 ${b.assetTag} 已存在`, `Asset tag ${b.assetTag} is already used`));
    for (const k of ['assetTag', 'condition'] as const) if (b[k] !== undefined) (u as Record<string, unknown>)[k] = b[k];
    for (const k of ['serial', 'location', 'purchasedOn', 'warrantyUntil', 'nextMaintenanceOn'] as const)
      if (b[k] !== undefined) (u as Record<string, unknown>)[k] = b[k] || null;
    await em.flush();
    return u;
  }

  /**
   * A state-machine action on POST /equipment/units/:id/actions/:action (the loan actions have their own routes):
   * under the unit's row lock, on the version the caller saw.
   */
  async unitAction(
    em: Em,
    actor: Actor,
    zone: Zone,
    id: string,
    action: EquipmentUnitAction,
    b: In<typeof unitActionRequest>,
  ): Promise<EquipmentUnit> {
    const spec = EQUIPMENT_UNIT_TRANSITIONS[action];
    if (spec.via !== 'unit')
      throw invalid(
        'action',
        `“${spec.label.zh}”请在借出与归还中办理`,
        `“${spec.label.en}” is done through the loan routes (/equipment/loans)`,
      );
    if (!can(roleOf(actor), spec.permission)) throw new AppError(403, 'forbidden');
    await this.unit(em, actor, id);
    if (b.photoFileIds) await this.#files.assertUsable(em, actor, b.photoFileIds);
    if (action === 'fail_maintenance' && !b.note) throw invalid('note', '请说明不合格原因', 'Say why it failed');
    if (action === 'deploy' && !b.incidentRef) throw invalid('incidentRef', '请填写救援事件', 'Name the incident');
    const today = localDate(new Date(), zone.timeZone);
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id },
      what: '器材',
      lost: stale,
      set: async (u, tx) => {
        if (!canUnitTransition(u.status, action, roleOf(actor))) throw notInState(action, u.status);
        if (b.version !== u.version) throw stale();
        const now = new Date();
        switch (action) {
          case 'reserve':
            u.status = 'reserved';
            break;
          case 'release':
            u.status = 'available';
            break;
          case 'deploy':
            u.status = 'deployed';
            u.incidentRef = b.incidentRef ?? null;
            break;
          case 'stand_down': {
            for (const hook of this.onStandDown)
              await hook(tx, { unitId: u.id, incidentRef: u.incidentRef ?? null, condition: b.condition ?? null }, actor);
            u.incidentRef = null;
            if (b.condition) u.condition = b.condition;
            if (b.condition === 'damaged') {
              u.status = 'maintenance';
              this.#job(tx, u.id, 'repair', '救援归队检修', today, 'return_damage', b.note);
            } else u.status = 'available';
            break;
          }
          case 'send_to_maintenance':
            u.status = 'maintenance';
            this.#job(tx, u.id, 'repair', '送修', today, 'manual', b.note);
            break;
          case 'pass_maintenance':
          case 'fail_maintenance': {
            const open = await tx.find(EquipmentMaintenance, { unitId: u.id, status: 'due' });
            if (!open.length) this.#job(tx, u.id, 'repair', '保养', today, 'manual', null);
            for (const j of open.length ? open : [])
              this.#perform(j, actor, action === 'pass_maintenance', b.note, b.photoFileIds ?? [], now);
            if (action === 'pass_maintenance') await this.#passed(tx, u, zone);
            else {
              u.lendableBlockedReason = b.note!.slice(0, 500);
              this.#job(tx, u.id, 'recheck', '不合格复检', today, 'manual', null);
            }
            break;
          }
          case 'retire':
          case 'report_lost': {
            const future = await tx.count(EquipmentReservation, { unitId: u.id, status: 'active', endsAt: { $gt: now } });
            if (future)
              throw new AppError(
                409,
                'conflict',
                t('该器材还有未结束的预约，请先取消预约', 'The unit has reservations still to come: cancel them first'),
              );
            if (action === 'report_lost') {
              const loan = await tx.findOne(EquipmentLoan, { unitId: u.id, returnedAt: null });
              if (loan) {
                loan.returnedAt = now;
                loan.returnedBy = actor.userId;
                loan.damageNote = `报失${b.note ? `：${b.note}` : ''}`.slice(0, 1000);
              }
            }
            u.status = action === 'retire' ? 'retired' : 'lost';
            u.incidentRef = null;
            break;
          }
          case 'found':
            u.status = 'maintenance';
            this.#job(tx, u.id, 'repair', '找回检查', today, 'manual', b.note);
            break;
          default:
            throw notInState(action, u.status);
        }
        return u as EquipmentUnit;
      },
    });
  }

  #job(
    tx: Em,
    unitId: string,
    kind: string,
    label: string,
    dueOn: string,
    source: 'schedule' | 'return_damage' | 'manual',
    note: string | null | undefined,
  ): EquipmentMaintenance {
    return tx.create(EquipmentMaintenance, {
      unitId,
      kind,
      label,
      dueOn,
      status: 'due',
      source,
      resultNote: note ?? null,
      photoFileIds: [],
      performedBy: null,
      performedAt: null,
    });
  }

  #perform(j: EquipmentMaintenance, actor: Actor, pass: boolean, note: string | undefined, photos: string[], now: Date) {
    j.status = pass ? 'passed' : 'failed';
    j.resultNote = note ?? j.resultNote ?? null;
    j.photoFileIds = photos;
    j.performedBy = actor.userId;
    j.performedAt = now;
  }

  /** After a pass: lendable again, available, and the next due date from the model's rules. */
  async #passed(tx: Em, u: EquipmentUnit, zone: Zone): Promise<void> {
    u.lendableBlockedReason = null;
    u.status = 'available';
    u.nextMaintenanceOn = await this.nextDue(tx, u, zone);
  }

  /** The unit's next scheduled maintenance date from its model's rules and its last passed job of each kind. */
  async nextDue(em: Em, u: EquipmentUnit, zone: Zone): Promise<string | null> {
    const model = await em.findOne(EquipmentModel, { id: u.modelId }, { fields: ['maintenanceRules'] });
    const rules = model?.maintenanceRules ?? [];
    if (!rules.length) return null;
    const done = await em.find(
      EquipmentMaintenance,
      { unitId: u.id, status: 'passed', kind: { $in: rules.map((r) => r.kind) } },
      { fields: ['kind', 'performedAt', 'dueOn'] },
    );
    const last: Record<string, string> = {};
    for (const j of done) {
      const d = j.performedAt ? localDate(j.performedAt, zone.timeZone) : j.dueOn;
      if (!last[j.kind] || d > last[j.kind]!) last[j.kind] = d;
    }
    const since = u.purchasedOn ?? localDate(u.createdAt ?? new Date(), zone.timeZone);
    return maintenanceDueDates(rules, last, since)[0]?.dueOn ?? null;
  }

  // ---------------------------------------------------------------- availability

  /**
   * Free units per model and local day, and (for the keeper) each unit's free ranges. A unit is busy during its
   * active reservations and open loan (until due; an overdue loan until the end of the window), and for the whole
   * window while deployed or in maintenance; retired, lost and blocked units are not counted at all.
   */
  async availability(em: Em, actor: Actor, zone: Zone, q: In<typeof availabilityQuery>): Promise<AvailabilityResponse> {
    if (q.to < q.from) throw invalid('to', '结束日期须不早于开始日期', 'The end date must not be before the start date');
    if (addDays(q.from, AVAILABILITY_MAX_DAYS - 1) < q.to)
      throw invalid('to', `一次最多查询 ${AVAILABILITY_MAX_DAYS} 天`, `At most ${AVAILABILITY_MAX_DAYS} days per query`);
    const window: TimeRange = {
      start: localDayRange(q.from, zone.timeZone).start,
      end: localDayRange(q.to, zone.timeZone).end,
    };
    const mWhere: Where = {};
    if (q.modelId) mWhere.id = q.modelId;
    if (q.category) mWhere.category = q.category;
    if (isEnterpriseRole(actor.role)) mWhere.lendable = true;
    const models = await em.find(EquipmentModel, mWhere, { orderBy: { category: 'asc', name: 'asc' }, limit: 500 });
    if (q.modelId && !models.length) throw modelNotFound();
    const units = models.length
      ? await em.find(
          EquipmentUnit,
          { modelId: { $in: ids(models) }, status: { $nin: GONE }, lendableBlockedReason: null },
          { orderBy: { assetTag: 'asc' } },
        )
      : [];
    const busy = await this.busyRanges(em, units, window);
    const byModel = new Map<string, TimeRange[][]>();
    for (const u of units) byModel.set(u.modelId, [...(byModel.get(u.modelId) ?? []), busy.get(u.id) ?? []]);
    return {
      from: q.from,
      to: q.to,
      models: models.map((m) => ({
        modelId: m.id,
        name: m.name,
        category: m.category,
        total: byModel.get(m.id)?.length ?? 0,
        days: freeCountByDay(byModel.get(m.id) ?? [], q.from, q.to, zone.timeZone),
      })),
      units: seesAll(actor)
        ? units.map((u) => ({
            unitId: u.id,
            assetTag: u.assetTag,
            modelId: u.modelId,
            status: u.status,
            free: freeRanges(busy.get(u.id) ?? [], window.start, window.end).map((r) => ({
              start: r.start.toISOString(),
              end: r.end.toISOString(),
            })),
          }))
        : [],
    };
  }

  /** Busy ranges of units within a window (see `availability`). */
  async busyRanges(em: Em, units: EquipmentUnit[], window: TimeRange): Promise<Map<string, TimeRange[]>> {
    const out = new Map<string, TimeRange[]>();
    if (!units.length) return out;
    const add = (id: string, r: TimeRange) => out.set(id, [...(out.get(id) ?? []), r]);
    const unitIds = ids(units);
    const [res, loans] = await Promise.all([
      em.find(
        EquipmentReservation,
        { unitId: { $in: unitIds }, status: 'active', startsAt: { $lt: window.end }, endsAt: { $gt: window.start } },
        { fields: ['unitId', 'startsAt', 'endsAt'] },
      ),
      em.find(EquipmentLoan, { unitId: { $in: unitIds }, returnedAt: null }, { fields: ['unitId', 'checkedOutAt', 'dueAt'] }),
    ]);
    const now = Date.now();
    for (const r of res) add(r.unitId, { start: r.startsAt, end: r.endsAt });
    for (const l of loans) add(l.unitId, { start: l.checkedOutAt, end: l.dueAt.getTime() < now ? window.end : l.dueAt });
    for (const u of units)
      if (u.status === 'deployed' || u.status === 'maintenance') add(u.id, { start: window.start, end: window.end });
    return out;
  }

  // ---------------------------------------------------------------- reservations

  async reservationDtos(em: Em, actor: Actor, rows: EquipmentReservation[]): Promise<ReservationDto[]> {
    if (!rows.length) return [];
    const units = await em.find(EquipmentUnit, { id: { $in: [...new Set(rows.map((r) => r.unitId))] } });
    const unit = new Map(units.map((u) => [u.id, u]));
    const models = new Map(
      (await em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } }, { fields: ['id', 'name'] })).map(
        (m) => [m.id, m.name],
      ),
    );
    const names = await this.#enterpriseNames(em, rows);
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unitId,
      assetTag: unit.get(r.unitId)?.assetTag ?? '',
      modelName: models.get(unit.get(r.unitId)?.modelId ?? '') ?? '',
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      requestId: r.requestId ?? null,
      ...this.#borrowerOut(actor, r, names),
      status: r.status,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  #borrowerOut(
    actor: Actor,
    r: Pick<EquipmentLoan, 'borrowerKind' | 'enterpriseId' | 'borrowerUserId' | 'borrowerName' | 'borrowerPhone' | 'incidentRef'>,
    names: Map<string, string>,
  ) {
    const sees = seesBorrower(actor, r);
    return {
      borrowerKind: r.borrowerKind,
      enterpriseId: r.enterpriseId ?? null,
      enterpriseName: r.enterpriseId ? (names.get(r.enterpriseId) ?? null) : null,
      borrowerUserId: r.borrowerUserId ?? null,
      borrowerName: r.borrowerName,
      borrowerPhone: r.borrowerPhone ? (sees ? r.borrowerPhone : maskPhone(r.borrowerPhone)) : null,
      incidentRef: r.incidentRef ?? null,
    };
  }

  async #enterpriseNames(em: Em, rows: Array<{ enterpriseId?: string | null }>): Promise<Map<string, string>> {
    const want = [...new Set(rows.map((r) => r.enterpriseId).filter((x): x is string => Boolean(x)))];
    if (!want.length) return new Map();
    return new Map((await em.find(Enterprise, { id: { $in: want } }, { fields: ['id', 'name'] })).map((e) => [e.id, e.name]));
  }

  async listReservations(em: Em, actor: Actor, q: In<typeof reservationsQuery>): Promise<Page<ReservationDto>> {
    const where: Where = { ...recordScope(actor, 'borrowerUserId') };
    if (q.unitId) where.unitId = q.unitId;
    if (q.status) where.status = q.status;
    if (q.from) where.endsAt = { $gt: new Date(q.from) };
    if (q.to) where.startsAt = { $lt: new Date(q.to) };
    const [rows, total] = await em.findAndCount(EquipmentReservation, where, {
      orderBy: { startsAt: 'asc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.reservationDtos(em, actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async #checkBorrower(
    em: Em,
    b: { borrowerKind: string; enterpriseId?: string | undefined; borrowerUserId?: string | undefined },
  ) {
    if (b.enterpriseId && !(await em.count(Enterprise, { id: b.enterpriseId }))) throw notFound('enterprise');
    if (b.borrowerUserId && !(await em.count(User, { id: b.borrowerUserId }))) throw notFound('user');
  }

  /**
   * Under the unit's lock: refuses (409) a unit that cannot be booked, and a range overlapping an active reservation
   * (other than `except`) or the unit's open loan; half-open, so a range may start where another ends.
   */
  async #assertFree(tx: Em, zone: Zone, u: EquipmentUnit, range: TimeRange, except?: string): Promise<void> {
    if (GONE.includes(u.status))
      throw new AppError(409, 'invalid_transition', t('该器材已报废或遗失，不能预约', 'The unit is retired or lost'));
    if (u.lendableBlockedReason) throw blocked(u.lendableBlockedReason);
    const res = await tx.find(EquipmentReservation, {
      unitId: u.id,
      status: 'active',
      startsAt: { $lt: range.end },
      endsAt: { $gt: range.start },
      ...(except ? { id: { $ne: except } } : {}),
    });
    const hit = findConflict(
      res.map((r) => ({ start: r.startsAt, end: r.endsAt })),
      range,
    );
    if (hit) throw conflictWith({ startsAt: hit.start, endsAt: hit.end }, zone.timeZone);
    const loan = await tx.findOne(EquipmentLoan, { unitId: u.id, returnedAt: null });
    if (loan && range.start.getTime() < Math.max(loan.dueAt.getTime(), Date.now()))
      throw conflictWith({ startsAt: loan.checkedOutAt, endsAt: loan.dueAt }, zone.timeZone, t('借出', 'loan'));
  }

  async createReservation(
    em: Em,
    actor: Actor,
    zone: Zone,
    b: In<typeof createReservationRequest>,
  ): Promise<EquipmentReservation> {
    await this.unit(em, actor, b.unitId);
    await this.#checkBorrower(em, b);
    const range = { start: new Date(b.startsAt), end: new Date(b.endsAt) };
    if (range.end.getTime() <= Date.now()) throw invalid('endsAt', '预约已结束', 'The range is already over');
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: b.unitId },
      what: '器材',
      set: async (u, tx) => {
        await this.#assertFree(tx, zone, u as EquipmentUnit, range);
        const r = tx.create(EquipmentReservation, {
          unitId: u.id,
          startsAt: range.start,
          endsAt: range.end,
          requestId: null,
          borrowerKind: b.borrowerKind,
          enterpriseId: b.enterpriseId ?? null,
          borrowerUserId: b.borrowerUserId ?? null,
          borrowerName: b.borrowerName,
          borrowerPhone: b.borrowerPhone ?? null,
          incidentRef: b.incidentRef ?? null,
          status: 'active',
          createdBy: actor.userId,
        });
        const now = Date.now();
        if (u.status === 'available' && range.start.getTime() <= now && now < range.end.getTime()) u.status = 'reserved';
        return r;
      },
    });
  }

  /** Cancels an active reservation; the unit is released when it was held for it. */
  async cancelReservation(em: Em, actor: Actor, id: string): Promise<EquipmentReservation> {
    const seen = await em.findOne(EquipmentReservation, { id, ...recordScope(actor, 'borrowerUserId') });
    if (!seen) throw reservationNotFound();
    if (!seesAll(actor)) throw new AppError(403, 'forbidden', t('请撤回借用申请', 'Cancel the request instead'));
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: seen.unitId },
      what: '器材',
      set: async (u, tx) => {
        const r = await lockRow(tx, EquipmentReservation, { id });
        if (!r) throw reservationNotFound();
        if (r.status !== 'active')
          throw new AppError(409, 'already_decided', t('该预约已领用或已取消', 'The reservation was picked up or cancelled'));
        r.status = 'cancelled';
        await this.#releaseIfIdle(tx, u as EquipmentUnit, r.id);
        return r as EquipmentReservation;
      },
    });
  }

  /** A reserved unit goes back to available when no other active reservation is current. */
  async #releaseIfIdle(tx: Em, u: EquipmentUnit, except: string): Promise<void> {
    if (u.status !== 'reserved') return;
    const now = new Date();
    const current = await tx.count(EquipmentReservation, {
      unitId: u.id,
      status: 'active',
      id: { $ne: except },
      startsAt: { $lte: now },
      endsAt: { $gt: now },
    });
    if (!current) u.status = 'available';
  }

  // ---------------------------------------------------------------- requests

  async requestDtos(em: Em, actor: Actor, rows: EquipmentRequest[]): Promise<RequestDto[]> {
    if (!rows.length) return [];
    const [models, users, reservations, names] = await Promise.all([
      em.find(
        EquipmentModel,
        { id: { $in: [...new Set(rows.flatMap((r) => r.items.map((i) => i.modelId)))] } },
        {
          fields: ['id', 'name'],
        },
      ),
      em.find(User, { id: { $in: [...new Set(rows.map((r) => r.requestedBy))] } }, { fields: ['id', 'name'] }),
      em.find(EquipmentReservation, { requestId: { $in: ids(rows) } }),
      this.#enterpriseNames(em, rows),
    ]);
    const units = reservations.length
      ? new Map(
          (
            await em.find(
              EquipmentUnit,
              { id: { $in: [...new Set(reservations.map((r) => r.unitId))] } },
              {
                fields: ['id', 'assetTag', 'modelId'],
              },
            )
          ).map((u) => [u.id, u]),
        )
      : new Map<string, EquipmentUnit>();
    const model = new Map(models.map((m) => [m.id, m.name]));
    const user = new Map(users.map((u) => [u.id, u.name]));
    return rows.map((r) => ({
      id: r.id,
      enterpriseId: r.enterpriseId ?? null,
      enterpriseName: r.enterpriseId ? (names.get(r.enterpriseId) ?? null) : null,
      requestedBy: r.requestedBy,
      requestedByName: user.get(r.requestedBy) ?? '',
      contactName: r.contactName,
      contactPhone: r.contactPhone ? (seesBorrower(actor, r) ? r.contactPhone : maskPhone(r.contactPhone)) : null,
      items: r.items.map((i) => ({ modelId: i.modelId, modelName: model.get(i.modelId) ?? '', quantity: i.quantity })),
      startsAt: r.startsAt.toISOString(),
      endsAt: r.endsAt.toISOString(),
      purpose: r.purpose,
      status: r.status,
      rejectReason: r.rejectReason ?? null,
      reservations: reservations
        .filter((x) => x.requestId === r.id)
        .map((x) => ({
          id: x.id,
          unitId: x.unitId,
          assetTag: units.get(x.unitId)?.assetTag ?? '',
          modelId: units.get(x.unitId)?.modelId ?? '',
          status: x.status,
        })),
      decidedAt: iso(r.decidedAt),
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async listRequests(em: Em, actor: Actor, q: In<typeof equipmentRequestsQuery>): Promise<Page<RequestDto>> {
    const where: Where = { ...recordScope(actor, 'requestedBy') };
    if (q.status) where.status = q.status;
    if (q.enterpriseId && seesAll(actor)) where.enterpriseId = q.enterpriseId;
    if (q.mine === 'true') where.requestedBy = actor.userId;
    const [rows, total] = await em.findAndCount(EquipmentRequest, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.requestDtos(em, actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  async request(em: Em, actor: Actor, id: string): Promise<EquipmentRequest> {
    const r = await em.findOne(EquipmentRequest, { id, ...recordScope(actor, 'requestedBy') });
    if (!r) throw requestNotFound();
    return r;
  }

  /** An enterprise user asks for their enterprise; a rescue member for the team. The keepers are told. */
  async createRequest(em: Em, actor: Actor, zone: Zone, b: In<typeof createEquipmentRequestRequest>): Promise<EquipmentRequest> {
    const enterpriseId = isEnterpriseRole(actor.role) ? ownEnterprise(actor) : null;
    const models = await em.find(EquipmentModel, { id: { $in: b.items.map((i) => i.modelId) } });
    if (models.length !== b.items.length) throw modelNotFound();
    const notLendable = models.find((m) => !m.lendable);
    if (notLendable) throw invalid('items', `${notLendable.name} 不对外出借`, `${notLendable.name} is not lent out`);
    // No more than the zone has of a model: units not retired, lost or blocked by failed maintenance.
    const owned = new Map<string, number>();
    for (const u of await em.find(
      EquipmentUnit,
      { modelId: { $in: models.map((m) => m.id) }, status: { $nin: GONE }, lendableBlockedReason: null },
      { fields: ['id', 'modelId'] },
    ))
      owned.set(u.modelId, (owned.get(u.modelId) ?? 0) + 1);
    for (const [i, item] of b.items.entries()) {
      const have = owned.get(item.modelId) ?? 0;
      if (item.quantity > have) {
        const name = models.find((m) => m.id === item.modelId)!.name;
        throw invalid(
          `items.${i}.quantity`,
          have ? `${name} 本园区共 ${have} 件可借，申请数量不能超过 ${have}` : `${name} 本园区暂无可借的器材`,
          have ? `The zone has ${have} lendable ${name}: ask for at most ${have}` : `The zone has no lendable ${name}`,
        );
      }
    }
    const start = new Date(b.startsAt);
    const end = new Date(b.endsAt);
    if (end.getTime() <= Date.now()) throw invalid('endsAt', '借用结束时间已过', 'The end is in the past');
    const max = zone.settings.equipmentMaxLoanDays;
    if (end.getTime() - start.getTime() > max * DAY)
      throw invalid('endsAt', `借用期限最长 ${max} 天`, `A loan lasts at most ${max} days`);
    const me = await em.findOne(User, { id: actor.userId }, { fields: ['name'] });
    const r = em.create(EquipmentRequest, {
      enterpriseId,
      requestedBy: actor.userId,
      contactName: b.contactName || me?.name || actor.name,
      contactPhone: b.contactPhone ?? null,
      items: b.items,
      startsAt: start,
      endsAt: end,
      purpose: b.purpose,
      status: 'submitted',
      rejectReason: null,
      decidedBy: null,
      decidedAt: null,
    });
    await em.flush();
    const keepers = await usersInRoles(em, ['equipment_keeper']);
    const who = enterpriseId
      ? ((await em.findOne(Enterprise, { id: enterpriseId }, { fields: ['name'] }))?.name ?? '')
      : r.contactName;
    if (keepers.length)
      await this.#notifications.notify(em, {
        userIds: keepers,
        kind: 'equipment.request',
        title: `器材借用申请待审批：${who}`,
        body: `${who}申请借用${models.map((m) => `${m.name}×${b.items.find((i) => i.modelId === m.id)!.quantity}`).join('、')}（${fmt(start, zone.timeZone)} 至 ${fmt(end, zone.timeZone)}），用途：${b.purpose}`,
        link: `/equipment/requests?id=${r.id}`,
        dedupeKey: `equipment.request:${r.id}`,
      });
    return r;
  }

  /**
   * Approves a request by assigning units: for each item at most `quantity` units of that model (fewer = approved in
   * part, at least one unit in all; the requester is told which part), each free for the
   * request's range (checked under each unit's lock, in id order so two approvals never deadlock). Creates the
   * reservations in the same transaction; the requester is told.
   */
  async approveRequest(
    em: Em,
    actor: Actor,
    zone: Zone,
    id: string,
    b: In<typeof approveEquipmentRequestRequest>,
  ): Promise<EquipmentRequest> {
    const seen = await this.request(em, actor, id);
    const want = new Map(seen.items.map((i) => [i.modelId, i.quantity]));
    const given = new Map(b.items.map((i) => [i.modelId, [...new Set(i.unitIds)]]));
    // References first: a model or unit of another zone is "not found" whatever else is wrong.
    const unitIds = [...new Set([...given.values()].flat())].sort();
    const units = await em.find(EquipmentUnit, { id: { $in: unitIds } });
    if (units.length !== unitIds.length) throw unitNotFound();
    if ((await em.count(EquipmentModel, { id: { $in: [...given.keys()] } })) !== given.size) throw modelNotFound();
    // Part of a request may be approved (fewer units than asked, when no more are free); never more.
    for (const [modelId, q] of want)
      if ((given.get(modelId)?.length ?? 0) > q)
        throw invalid('items', `分配的数量超过申请的数量（${q} 件）`, `More units than asked for (${q}) of a model`);
    if (!unitIds.length)
      throw invalid('items', '请至少分配一件器材，全部不批准请驳回', 'Assign at least one unit, or reject the request');
    if ([...given.keys()].some((m) => !want.has(m)))
      throw invalid('items', '分配了申请以外的器材', 'Units of a model the request did not ask for');
    for (const u of units)
      if (!given.get(u.modelId)?.includes(u.id))
        throw invalid('items', `${u.assetTag} 不是所选型号`, `${u.assetTag} is not of that model`);
    const range = { start: seen.startsAt, end: seen.endsAt };
    const out = await compareAndSet(em, {
      entity: EquipmentRequest,
      where: { id },
      what: '借用申请',
      expect: (r) =>
        r.status === 'submitted'
          ? null
          : new AppError(409, 'already_decided', t('该申请已处理过', 'The request was already decided')),
      set: async (r, tx) => {
        const now = Date.now();
        for (const uid of unitIds) {
          const u = (await lockRow(tx, EquipmentUnit, { id: uid })) as EquipmentUnit | null;
          if (!u) throw unitNotFound();
          await this.#assertFree(tx, zone, u, range);
          tx.create(EquipmentReservation, {
            unitId: u.id,
            startsAt: range.start,
            endsAt: range.end,
            requestId: r.id,
            borrowerKind: r.enterpriseId ? 'enterprise' : 'person',
            enterpriseId: r.enterpriseId ?? null,
            borrowerUserId: r.requestedBy,
            borrowerName: r.contactName,
            borrowerPhone: r.contactPhone ?? null,
            incidentRef: null,
            status: 'active',
            createdBy: actor.userId,
          });
          if (u.status === 'available' && range.start.getTime() <= now && now < range.end.getTime()) u.status = 'reserved';
        }
        r.status = 'approved';
        r.decidedBy = actor.userId;
        r.decidedAt = new Date();
        return r as EquipmentRequest;
      },
    });
    const short = out.items.filter((i) => (given.get(i.modelId)?.length ?? 0) < i.quantity);
    const names = short.length
      ? new Map(
          (await em.find(EquipmentModel, { id: { $in: short.map((i) => i.modelId) } }, { fields: ['id', 'name'] })).map((m) => [
            m.id,
            m.name,
          ]),
        )
      : new Map<string, string>();
    const part = short
      .map((i) => `${names.get(i.modelId) ?? ''}批准 ${given.get(i.modelId)?.length ?? 0}/${i.quantity} 件`)
      .join('、');
    await this.#tellRequester(
      em,
      out,
      short.length ? '器材借用申请已部分批准' : '器材借用申请已批准',
      `您 ${fmt(out.createdAt, zone.timeZone)} 提交的借用申请已${short.length ? `部分批准（${part}）` : '批准'}，请于 ${fmt(out.startsAt, zone.timeZone)} 起到器材室领取。`,
    );
    return out;
  }

  async rejectRequest(em: Em, actor: Actor, zone: Zone, id: string, reason: string): Promise<EquipmentRequest> {
    await this.request(em, actor, id);
    const out = await compareAndSet(em, {
      entity: EquipmentRequest,
      where: { id },
      what: '借用申请',
      expect: (r) =>
        r.status === 'submitted'
          ? null
          : new AppError(409, 'already_decided', t('该申请已处理过', 'The request was already decided')),
      set: (r) => {
        r.status = 'rejected';
        r.rejectReason = reason;
        r.decidedBy = actor.userId;
        r.decidedAt = new Date();
        return r as EquipmentRequest;
      },
    });
    await this.#tellRequester(
      em,
      out,
      '器材借用申请未获批准',
      `您 ${fmt(out.createdAt, zone.timeZone)} 提交的借用申请未获批准，原因：${reason}`,
    );
    return out;
  }

  /** The requester (or the keeper) withdraws a request not yet picked up; its reservations are cancelled. */
  async cancelRequest(em: Em, actor: Actor, id: string): Promise<EquipmentRequest> {
    const seen = await this.request(em, actor, id);
    if (!seesAll(actor) && seen.requestedBy !== actor.userId && !isEnterpriseRole(actor.role)) throw requestNotFound();
    return compareAndSet(em, {
      entity: EquipmentRequest,
      where: { id },
      what: '借用申请',
      expect: (r) =>
        r.status === 'submitted' || r.status === 'approved'
          ? null
          : new AppError(
              409,
              'already_decided',
              t('该申请已领用、驳回或撤回', 'The request was picked up, rejected or withdrawn'),
            ),
      set: async (r, tx) => {
        const res = await tx.find(EquipmentReservation, { requestId: r.id, status: 'active' }, { orderBy: { unitId: 'asc' } });
        if (res.length && (await tx.count(EquipmentReservation, { requestId: r.id, status: 'fulfilled' })))
          throw new AppError(409, 'conflict', t('部分器材已领用，请办理归还', 'Some units were picked up: return them instead'));
        for (const x of res) {
          const u = (await lockRow(tx, EquipmentUnit, { id: x.unitId })) as EquipmentUnit | null;
          x.status = 'cancelled';
          if (u) await this.#releaseIfIdle(tx, u, x.id);
        }
        r.status = 'cancelled';
        return r as EquipmentRequest;
      },
    });
  }

  async #tellRequester(em: Em, r: EquipmentRequest, title: string, body: string) {
    await this.#notifications.notify(em, {
      userIds: [r.requestedBy],
      kind: 'equipment.request',
      title,
      body,
      link: `/equipment/requests?id=${r.id}`,
      dedupeKey: `equipment.request.${r.status}:${r.id}`,
    });
  }

  // ---------------------------------------------------------------- loans

  async loanDtos(em: Em, actor: Actor, zone: Zone, rows: EquipmentLoan[], now = new Date()): Promise<LoanDto[]> {
    if (!rows.length) return [];
    const units = await em.find(
      EquipmentUnit,
      { id: { $in: [...new Set(rows.map((r) => r.unitId))] } },
      {
        fields: ['id', 'assetTag', 'modelId'],
      },
    );
    const unit = new Map(units.map((u) => [u.id, u]));
    const [models, users, names] = await Promise.all([
      em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } }, { fields: ['id', 'name', 'category'] }),
      em.find(
        User,
        { id: { $in: [...new Set(rows.flatMap((r) => [r.checkedOutBy, r.returnedBy].filter(Boolean) as string[]))] } },
        { fields: ['id', 'name'] },
      ),
      this.#enterpriseNames(em, rows),
    ]);
    const model = new Map(models.map((m) => [m.id, m]));
    const user = new Map(users.map((u) => [u.id, u.name]));
    return rows.map((l) => {
      const m = model.get(unit.get(l.unitId)?.modelId ?? '');
      const overdue = !l.returnedAt && l.dueAt.getTime() < now.getTime();
      return {
        id: l.id,
        unitId: l.unitId,
        assetTag: unit.get(l.unitId)?.assetTag ?? '',
        modelName: m?.name ?? '',
        category: m?.category ?? 'other',
        ...this.#borrowerOut(actor, l, names),
        requestId: l.requestId ?? null,
        reservationId: l.reservationId ?? null,
        checkedOutAt: l.checkedOutAt.toISOString(),
        checkedOutByName: user.get(l.checkedOutBy) ?? null,
        dueAt: l.dueAt.toISOString(),
        outCondition: l.outCondition,
        outPhotoFileIds: l.outPhotoFileIds ?? [],
        signatureFileId: l.signatureFileId ?? null,
        returnDeclaredAt: iso(l.returnDeclaredAt),
        returnedAt: iso(l.returnedAt),
        returnedByName: l.returnedBy ? (user.get(l.returnedBy) ?? null) : null,
        returnCondition: l.returnCondition ?? null,
        returnPhotoFileIds: l.returnPhotoFileIds ?? [],
        damageNote: l.damageNote ?? null,
        recalledAt: iso(l.recalledAt),
        recallReason: l.recallReason ?? null,
        overdue,
        overdueDays: overdue ? daysOverdue(l.dueAt, now, zone.timeZone) : 0,
      };
    });
  }

  /** The loan list's filter (scope ∧ state ∧ enterprise ∧ unit), also used by the workbench cards. */
  async loanWhere(em: Em, actor: Actor, q: Partial<In<typeof loansQuery>>, now = new Date()): Promise<Where> {
    const where: Where = { ...recordScope(actor, 'borrowerUserId') };
    if (q.state === 'current') where.returnedAt = null;
    if (q.state === 'overdue') Object.assign(where, { returnedAt: null, dueAt: { $lt: now } });
    if (q.state === 'history') where.returnedAt = { $ne: null };
    if (q.enterpriseId && seesAll(actor)) where.enterpriseId = q.enterpriseId;
    if (q.unitId) where.unitId = q.unitId;
    if (q.mine === 'true') {
      if (isEnterpriseRole(actor.role)) where.enterpriseId = ownEnterprise(actor);
      else where.borrowerUserId = actor.userId;
    }
    if (q.q) {
      const units = await em.find(EquipmentUnit, { assetTag: { $like: likeText(q.q) } }, { fields: ['id'], limit: 200 });
      where.$or = [
        { borrowerName: { $like: likeText(q.q) } },
        ...(units.length ? [{ unitId: { $in: units.map((u) => u.id) } }] : []),
      ];
    }
    return where;
  }

  async listLoans(em: Em, actor: Actor, zone: Zone, q: In<typeof loansQuery>): Promise<Page<LoanDto>> {
    const where = await this.loanWhere(em, actor, q);
    const [rows, total] = await em.findAndCount(EquipmentLoan, where, {
      orderBy: q.state === 'history' ? { returnedAt: 'desc', id: 'desc' } : { dueAt: 'asc', id: 'asc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.loanDtos(em, actor, zone, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** A loan the actor may see (enterprise users: their enterprise's), else 404. */
  async loan(em: Em, actor: Actor, id: string): Promise<EquipmentLoan> {
    const l = await em.findOne(EquipmentLoan, { id, ...recordScope(actor, 'borrowerUserId') });
    if (!l) throw loanNotFound();
    return l;
  }

  /**
   * Check-out (出借): under the unit's lock, on the version the keeper saw. Refused: a stale version (409), a unit
   * not available or reserved (on loan, deployed, in maintenance, lost: 409), a unit blocked by failed maintenance,
   * a reservation of someone else overlapping [now, due) (409 naming it), a due date in the past or beyond the
   * zone's longest loan (422). The picked-up reservation is fulfilled and its request when all of its units are.
   */
  async checkOut(em: Em, actor: Actor, zone: Zone, b: In<typeof checkOutRequest>): Promise<EquipmentLoan> {
    await this.unit(em, actor, b.unitId);
    await this.#files.assertUsable(em, actor, [...b.outPhotoFileIds, b.signatureFileId]);
    await this.#checkBorrower(em, b);
    const now = new Date();
    const due = new Date(b.dueAt);
    if (due.getTime() <= now.getTime()) throw invalid('dueAt', '归还时间须晚于现在', 'The due time must be in the future');
    const max = zone.settings.equipmentMaxLoanDays;
    if (due.getTime() - now.getTime() > max * DAY)
      throw invalid('dueAt', `借用期限最长 ${max} 天`, `A loan lasts at most ${max} days`);
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: b.unitId },
      what: '器材',
      lost: stale,
      set: async (locked, tx) => {
        const u = locked as EquipmentUnit;
        if (!canUnitTransition(u.status, 'check_out', roleOf(actor))) throw notInState('check_out', u.status);
        if (b.version !== u.version) throw stale();
        if (u.lendableBlockedReason) throw blocked(u.lendableBlockedReason);
        let picked: EquipmentReservation | null = null;
        if (b.reservationId) {
          picked = (await lockRow(tx, EquipmentReservation, { id: b.reservationId })) as EquipmentReservation | null;
          if (!picked || picked.unitId !== u.id) throw reservationNotFound();
          if (picked.status !== 'active')
            throw new AppError(409, 'already_decided', t('该预约已领用或已取消', 'The reservation was picked up or cancelled'));
        }
        const others = await tx.find(EquipmentReservation, {
          unitId: u.id,
          status: 'active',
          startsAt: { $lt: due },
          endsAt: { $gt: now },
          ...(picked ? { id: { $ne: picked.id } } : {}),
        });
        const hit = findConflict(
          others.map((r) => ({ start: r.startsAt, end: r.endsAt })),
          { start: now, end: due },
        );
        if (hit) throw conflictWith({ startsAt: hit.start, endsAt: hit.end }, zone.timeZone);
        const loan = tx.create(EquipmentLoan, {
          unitId: u.id,
          borrowerKind: b.borrowerKind,
          enterpriseId: b.enterpriseId ?? picked?.enterpriseId ?? null,
          borrowerUserId: b.borrowerUserId ?? picked?.borrowerUserId ?? null,
          borrowerName: b.borrowerName,
          borrowerPhone: b.borrowerPhone ?? picked?.borrowerPhone ?? null,
          incidentRef: b.incidentRef ?? null,
          requestId: picked?.requestId ?? null,
          reservationId: picked?.id ?? null,
          checkedOutAt: now,
          checkedOutBy: actor.userId,
          dueAt: due,
          outCondition: b.outCondition,
          outPhotoFileIds: b.outPhotoFileIds,
          signatureFileId: b.signatureFileId,
          returnDeclaredAt: null,
          returnDeclaredNote: null,
          returnedAt: null,
          returnedBy: null,
          returnCondition: null,
          returnPhotoFileIds: [],
          damageNote: null,
          recalledAt: null,
          recallReason: null,
        });
        u.status = 'on_loan';
        u.condition = b.outCondition;
        if (picked) {
          picked.status = 'fulfilled';
          if (picked.requestId) {
            const open = await tx.count(EquipmentReservation, {
              requestId: picked.requestId,
              status: 'active',
              id: { $ne: picked.id },
            });
            if (!open) {
              const req = await lockRow(tx, EquipmentRequest, { id: picked.requestId });
              if (req && req.status === 'approved') req.status = 'fulfilled';
            }
          }
        }
        return loan;
      },
    });
  }

  /**
   * The borrower says the unit was handed back (mini-program 归还); the keeper still receives it. Once: declaring
   * again is 409 already_decided naming when it was declared; a closed loan is 409 too.
   */
  async declareReturn(
    em: Em,
    actor: Actor,
    zone: Pick<Zone, 'timeZone'>,
    id: string,
    b: In<typeof declareReturnRequest>,
  ): Promise<EquipmentLoan> {
    const tz = zone.timeZone;
    const l = await this.loan(em, actor, id);
    if (l.returnedAt) throw loanClosed(l);
    // A conditional update: of two declarations at once, one sets it, the other is told it was already declared.
    const at = new Date();
    const n = await em.nativeUpdate(
      EquipmentLoan,
      { id: l.id, returnedAt: null, returnDeclaredAt: null },
      { returnDeclaredAt: at, returnDeclaredNote: b.note ?? null },
    );
    if (!n)
      throw new AppError(
        409,
        'already_decided',
        t(
          `已于 ${fmt(l.returnDeclaredAt ?? at, tz)} 申报归还，请等待器材室验收`,
          `The return was already declared on ${fmt(l.returnDeclaredAt ?? at, tz)}: the keeper will receive it`,
        ),
      );
    l.returnDeclaredAt = at;
    l.returnDeclaredNote = b.note ?? null;
    return l;
  }

  /**
   * Receives a return (归还入库) under the unit's lock: the loan must be open and the unit on loan (else 409).
   * Damaged → the unit goes to maintenance with a job (source return_damage); else it is available again.
   */
  async returnLoan(em: Em, actor: Actor, zone: Zone, id: string, b: In<typeof returnLoanRequest>): Promise<EquipmentLoan> {
    const seen = await this.loan(em, actor, id);
    await this.#files.assertUsable(em, actor, b.photoFileIds);
    const today = localDate(new Date(), zone.timeZone);
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: seen.unitId },
      what: '器材',
      lost: stale,
      set: async (locked, tx) => {
        const u = locked as EquipmentUnit;
        const l = (await lockRow(tx, EquipmentLoan, { id })) as EquipmentLoan | null;
        if (!l) throw loanNotFound();
        if (l.returnedAt || u.status !== 'on_loan')
          throw new AppError(409, 'invalid_transition', t('该器材不在借出状态，无需归还', 'The unit is not on loan'));
        l.returnedAt = new Date();
        l.returnedBy = actor.userId;
        l.returnCondition = b.condition;
        l.returnPhotoFileIds = b.photoFileIds;
        l.damageNote = b.damageNote ?? null;
        u.condition = b.condition;
        if (b.condition === 'damaged') {
          u.status = 'maintenance';
          this.#job(tx, u.id, 'repair', '归还损坏检修', today, 'return_damage', b.damageNote);
        } else {
          u.status = 'available';
          const current = await tx.count(EquipmentReservation, {
            unitId: u.id,
            status: 'active',
            startsAt: { $lte: l.returnedAt },
            endsAt: { $gt: l.returnedAt },
          });
          if (current) u.status = 'reserved';
        }
        return l;
      },
    });
  }

  /** Recall for an incident (紧急召回): the loan ends, the unit is deployed, the borrower is told. */
  async recall(em: Em, actor: Actor, zone: Zone, id: string, b: In<typeof recallLoanRequest>): Promise<EquipmentLoan> {
    const seen = await this.loan(em, actor, id);
    const out = await compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: seen.unitId },
      what: '器材',
      lost: stale,
      set: async (locked, tx) => {
        const u = locked as EquipmentUnit;
        const l = (await lockRow(tx, EquipmentLoan, { id })) as EquipmentLoan | null;
        if (!l) throw loanNotFound();
        if (l.returnedAt) throw loanClosed(l);
        if (!canUnitTransition(u.status, 'recall', roleOf(actor))) throw notInState('recall', u.status);
        const now = new Date();
        l.recalledAt = now;
        l.recallReason = b.reason;
        l.returnedAt = now;
        l.returnedBy = actor.userId;
        u.status = 'deployed';
        u.incidentRef = b.incidentRef ?? b.reason.slice(0, 100);
        return l;
      },
    });
    const unit = await em.findOneOrFail(EquipmentUnit, { id: out.unitId });
    const model = await em.findOne(EquipmentModel, { id: unit.modelId }, { fields: ['name'] });
    const to = await borrowerRecipients(em, [out]);
    if (to.length)
      await this.#notifications.notify(em, {
        userIds: to,
        kind: 'equipment.recall',
        title: `器材紧急召回：${model?.name ?? ''}（${unit.assetTag}）`,
        body: `因${b.reason}，器材室需立即收回您借用的${model?.name ?? ''}（${unit.assetTag}），请尽快送回器材室。`,
        link: `/equipment/loans?id=${out.id}`,
        severity: 'critical',
        dedupeKey: `equipment.recall:${out.id}`,
      });
    return out;
  }

  /**
   * A reminder now (催还) for one open loan; at most one per loan per zone-local day. The second the same day sends
   * nothing and answers `alreadySent: true` (the admin shows "今天已催还"); a closed loan is 409.
   */
  async nudge(em: Em, actor: Actor, zone: Zone, id: string): Promise<{ sent: boolean; alreadySent: boolean; loans: number }> {
    const l = await this.loan(em, actor, id);
    if (l.returnedAt) throw loanClosed(l);
    const unit = await em.findOneOrFail(EquipmentUnit, { id: l.unitId });
    const model = await em.findOne(EquipmentModel, { id: unit.modelId }, { fields: ['name'] });
    const to = await borrowerRecipients(em, [l]);
    if (!to.length) return { sent: false, alreadySent: false, loans: 1 };
    const today = localDate(new Date(), zone.timeZone);
    const overdue = l.dueAt.getTime() < Date.now();
    const created = await this.#notifications.notify(em, {
      userIds: to,
      kind: 'equipment.nudge',
      title: overdue ? '器材逾期未还，请尽快归还' : '器材借用提醒',
      body: `您借用的${model?.name ?? ''}（${unit.assetTag}）应于 ${fmt(l.dueAt, zone.timeZone)} 归还${overdue ? '，已逾期' : ''}，请按时送回器材室。`,
      link: `/equipment/loans?id=${l.id}`,
      severity: overdue ? 'warning' : 'info',
      dedupeKey: `equipment.nudge:${l.id}:${today}`,
    });
    return { sent: created.length > 0, alreadySent: created.length === 0, loans: 1 };
  }

  // ---------------------------------------------------------------- maintenance

  async maintenanceDtos(em: Em, rows: EquipmentMaintenance[]): Promise<MaintenanceDto[]> {
    if (!rows.length) return [];
    const units = await em.find(
      EquipmentUnit,
      { id: { $in: [...new Set(rows.map((r) => r.unitId))] } },
      {
        fields: ['id', 'assetTag', 'modelId'],
      },
    );
    const unit = new Map(units.map((u) => [u.id, u]));
    const [models, users] = await Promise.all([
      em.find(EquipmentModel, { id: { $in: [...new Set(units.map((u) => u.modelId))] } }, { fields: ['id', 'name'] }),
      em.find(
        User,
        { id: { $in: [...new Set(rows.map((r) => r.performedBy).filter(Boolean) as string[])] } },
        {
          fields: ['id', 'name'],
        },
      ),
    ]);
    const model = new Map(models.map((m) => [m.id, m.name]));
    const user = new Map(users.map((u) => [u.id, u.name]));
    return rows.map((j) => ({
      id: j.id,
      unitId: j.unitId,
      assetTag: unit.get(j.unitId)?.assetTag ?? '',
      modelName: model.get(unit.get(j.unitId)?.modelId ?? '') ?? '',
      kind: j.kind,
      label: j.label,
      dueOn: j.dueOn,
      status: j.status,
      source: j.source,
      resultNote: j.resultNote ?? null,
      photoFileIds: j.photoFileIds ?? [],
      performedByName: j.performedBy ? (user.get(j.performedBy) ?? null) : null,
      performedAt: iso(j.performedAt),
      createdAt: j.createdAt.toISOString(),
    }));
  }

  async listMaintenance(em: Em, q: In<typeof maintenanceQuery>): Promise<Page<MaintenanceDto>> {
    const where: Where = {};
    if (q.status) where.status = q.status;
    if (q.due) where.dueOn = { $lte: q.due };
    if (q.unitId) where.unitId = q.unitId;
    const [rows, total] = await em.findAndCount(EquipmentMaintenance, where, {
      orderBy: q.status === 'due' ? { dueOn: 'asc', id: 'asc' } : { dueOn: 'desc', id: 'desc' },
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    return { items: await this.maintenanceDtos(em, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Records a maintenance result. Pass: the unit is lendable again (and available when nothing else is due on it).
   * Fail (a note needed): the unit goes to (or stays in) maintenance and is blocked from lending; a re-check job
   * is raised so the board shows what to do next.
   */
  async performMaintenance(
    em: Em,
    actor: Actor,
    zone: Zone,
    id: string,
    pass: boolean,
    b: In<typeof maintenanceResultRequest>,
  ): Promise<EquipmentMaintenance> {
    const seen = await em.findOne(EquipmentMaintenance, { id });
    if (!seen) throw maintenanceNotFound();
    if (!pass && !b.note) throw invalid('note', '请说明不合格原因', 'Say why it failed');
    await this.#files.assertUsable(em, actor, b.photoFileIds);
    const today = localDate(new Date(), zone.timeZone);
    return compareAndSet(em, {
      entity: EquipmentUnit,
      where: { id: seen.unitId },
      what: '器材',
      set: async (locked, tx) => {
        const u = locked as EquipmentUnit;
        const j = (await lockRow(tx, EquipmentMaintenance, { id })) as EquipmentMaintenance | null;
        if (!j) throw maintenanceNotFound();
        if (j.status !== 'due')
          throw new AppError(409, 'already_decided', t('该保养任务已记录结果', 'This maintenance job already has a result'));
        this.#perform(j, actor, pass, b.note, b.photoFileIds, new Date());
        if (pass) {
          const others = await tx.count(EquipmentMaintenance, { unitId: u.id, status: 'due', id: { $ne: j.id } });
          u.lendableBlockedReason = null;
          if (u.status === 'maintenance' && !others) u.status = 'available';
          await tx.flush();
          u.nextMaintenanceOn = await this.nextDue(tx, u, zone);
        } else {
          u.lendableBlockedReason = b.note!.slice(0, 500);
          if (u.status === 'available' || u.status === 'reserved') u.status = 'maintenance';
          this.#job(tx, u.id, 'recheck', '不合格复检', today, 'manual', null);
        }
        return j;
      },
    });
  }
}

/** The statuses a unit may be checked out from (for the apps' scan page), from the one table. */
export const CHECK_OUT_FROM = EQUIPMENT_UNIT_TRANSITIONS.check_out.from;

import { z } from 'zod';
import {
  anyPhone,
  importResult,
  importRow,
  isoDate,
  isoDateTime,
  MAX_BOOKING_DAYS,
  page,
  pagingQuery,
  recordDate,
  ref,
  scheduleDateTime,
  zId,
} from './common.ts';
import { localIssue, type LocalText } from './messages.ts';
import { can, type Permission } from './permissions.ts';
import type { Role } from './roles.ts';

/**
 * The equipment room (器材室): catalogue (models), units, reservations, requests, loans, maintenance, labels.
 * The shared design is /work/briefs/duty-equipment-design.md; DOMAIN.md (Rescue duty and shared equipment) has the
 * vocabulary. Every route is under /api/v1/equipment.
 *
 * Routes (method path → request schema → response schema):
 * - GET /equipment/models (equipmentModelsQuery → page of equipmentModel), POST (createEquipmentModelRequest),
 *   GET/PATCH /equipment/models/:id (updateEquipmentModelRequest)
 * - GET /equipment/units (equipmentUnitsQuery → page of equipmentUnit), POST (createEquipmentUnitRequest),
 *   GET /equipment/units/:id (→ equipmentUnitDetail), PATCH (updateEquipmentUnitRequest),
 *   POST /equipment/units/:id/actions/:action (unitActionRequest → equipmentUnit),
 *   GET /equipment/units/by-code?code= (→ equipmentUnitDetail; other zone or tampered → 404),
 *   GET /equipment/units/:id/qr (→ unitQrResponse),
 *   GET /equipment/labels.pdf?ids=a,b|modelId= (PDF), POST /equipment/units/import (multipart: file, commit
 *   'true'|'false' → equipmentImportResult), GET /equipment/units.xlsx (same filters as the list)
 * - GET /equipment/availability (availabilityQuery → availabilityResponse)
 * - GET/POST /equipment/reservations (reservationsQuery / createReservationRequest → equipmentReservation),
 *   POST /equipment/reservations/:id/cancel
 * - GET/POST /equipment/requests (equipmentRequestsQuery / createEquipmentRequestRequest → equipmentRequest),
 *   POST /equipment/requests/:id/approve (approveEquipmentRequestRequest), /reject (rejectEquipmentRequestRequest),
 *   /cancel
 * - GET /equipment/loans (loansQuery → page of equipmentLoan), POST /equipment/loans (checkOutRequest),
 *   GET /equipment/loans/:id, POST /equipment/loans/:id/declare-return (declareReturnRequest),
 *   /return (returnLoanRequest), /recall (recallLoanRequest), /nudge (→ nudgeResponse)
 * - GET /equipment/maintenance (maintenanceQuery → page of equipmentMaintenance),
 *   POST /equipment/maintenance/:id/pass|fail (maintenanceResultRequest)
 */

// ---- enums and their labels ----

export const EQUIPMENT_CATEGORIES = [
  'breathing_apparatus',
  'gas_detector',
  'drone',
  'boat',
  'urban_rescue',
  'firefighting',
  'flood',
  'medical',
  'communication',
  'lighting',
  'other',
] as const;
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number];
export const EQUIPMENT_CATEGORY_LABELS: Record<EquipmentCategory, LocalText> = {
  breathing_apparatus: { zh: '呼吸防护', en: 'Breathing apparatus' },
  gas_detector: { zh: '气体检测', en: 'Gas detection' },
  drone: { zh: '无人机', en: 'Drones' },
  boat: { zh: '舟艇', en: 'Boats' },
  urban_rescue: { zh: '破拆救援', en: 'Urban rescue' },
  firefighting: { zh: '灭火器材', en: 'Firefighting' },
  flood: { zh: '防汛排涝', en: 'Flood' },
  medical: { zh: '医疗急救', en: 'Medical' },
  communication: { zh: '通信', en: 'Communication' },
  lighting: { zh: '照明', en: 'Lighting' },
  other: { zh: '其他', en: 'Other' },
};

export const EQUIPMENT_UNIT_STATUSES = [
  'available',
  'reserved',
  'on_loan',
  'deployed',
  'maintenance',
  'retired',
  'lost',
] as const;
export type EquipmentUnitStatus = (typeof EQUIPMENT_UNIT_STATUSES)[number];
export const EQUIPMENT_UNIT_STATUS_LABELS: Record<EquipmentUnitStatus, LocalText> = {
  available: { zh: '在库可借', en: 'Available' },
  reserved: { zh: '已预留', en: 'Reserved' },
  on_loan: { zh: '借出中', en: 'On loan' },
  deployed: { zh: '救援出动', en: 'Deployed' },
  maintenance: { zh: '保养维修', en: 'In maintenance' },
  retired: { zh: '已报废', en: 'Retired' },
  lost: { zh: '已遗失', en: 'Lost' },
};

export const EQUIPMENT_CONDITIONS = ['good', 'fair', 'damaged'] as const;
export type EquipmentCondition = (typeof EQUIPMENT_CONDITIONS)[number];
/** The spec key (器材参数) a model names its measure word with, e.g. { key: '计量单位', value: '盘' }. */
export const EQUIPMENT_MEASURE_SPEC = '计量单位';
/** The measure word of a category when the model names none (台 for machines, 套 for kits, 件 for the rest). */
export const EQUIPMENT_CATEGORY_MEASURE_WORDS: Record<EquipmentCategory, string> = {
  breathing_apparatus: '套',
  gas_detector: '台',
  drone: '台',
  boat: '艘',
  urban_rescue: '套',
  firefighting: '件',
  flood: '件',
  medical: '件',
  communication: '台',
  lighting: '台',
  other: '件',
};
/**
 * The Chinese measure word to count a model's units with ("可借 4 盘" of hoses, not "4 台"): the model's spec
 * 计量单位 (one or two characters), else its category's.
 */
export function measureWord(model: {
  category: EquipmentCategory;
  specs?: ReadonlyArray<{ key: string; value: string }> | null;
}): string {
  const own = model.specs?.find((s) => s.key === EQUIPMENT_MEASURE_SPEC)?.value.trim();
  return own && own.length <= 2 ? own : EQUIPMENT_CATEGORY_MEASURE_WORDS[model.category];
}

export const EQUIPMENT_CONDITION_LABELS: Record<EquipmentCondition, LocalText> = {
  good: { zh: '完好', en: 'Good' },
  fair: { zh: '一般', en: 'Fair' },
  damaged: { zh: '损坏', en: 'Damaged' },
};

export const BORROWER_KINDS = ['enterprise', 'person', 'incident'] as const;
export type BorrowerKind = (typeof BORROWER_KINDS)[number];
export const BORROWER_KIND_LABELS: Record<BorrowerKind, LocalText> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  person: { zh: '个人', en: 'Person' },
  incident: { zh: '救援事件', en: 'Incident' },
};

export const RESERVATION_STATUSES = ['active', 'fulfilled', 'cancelled'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const RESERVATION_STATUS_LABELS: Record<ReservationStatus, LocalText> = {
  active: { zh: '预留中', en: 'Active' },
  fulfilled: { zh: '已领用', en: 'Picked up' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const EQUIPMENT_REQUEST_STATUSES = ['submitted', 'approved', 'rejected', 'cancelled', 'fulfilled'] as const;
export type EquipmentRequestStatus = (typeof EQUIPMENT_REQUEST_STATUSES)[number];
export const EQUIPMENT_REQUEST_STATUS_LABELS: Record<EquipmentRequestStatus, LocalText> = {
  submitted: { zh: '待审批', en: 'Submitted' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  cancelled: { zh: '已撤回', en: 'Cancelled' },
  fulfilled: { zh: '已领用', en: 'Picked up' },
};

export const LOAN_STATES = ['current', 'overdue', 'history'] as const;
export type LoanState = (typeof LOAN_STATES)[number];
export const LOAN_STATE_LABELS: Record<LoanState, LocalText> = {
  current: { zh: '借出中', en: 'On loan' },
  overdue: { zh: '逾期未还', en: 'Overdue' },
  history: { zh: '已归还', en: 'Returned' },
};

export const MAINTENANCE_STATUSES = ['due', 'passed', 'failed'] as const;
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
export const MAINTENANCE_STATUS_LABELS: Record<MaintenanceStatus, LocalText> = {
  due: { zh: '待保养', en: 'Due' },
  passed: { zh: '合格', en: 'Passed' },
  failed: { zh: '不合格', en: 'Failed' },
};
export const MAINTENANCE_SOURCES = ['schedule', 'return_damage', 'manual'] as const;
export type MaintenanceSource = (typeof MAINTENANCE_SOURCES)[number];
export const MAINTENANCE_SOURCE_LABELS: Record<MaintenanceSource, LocalText> = {
  schedule: { zh: '定期保养', en: 'Scheduled' },
  return_damage: { zh: '归还损坏', en: 'Damaged on return' },
  manual: { zh: '人工送修', en: 'Sent by hand' },
};

// ---- the unit state machine ----

/**
 * The one unit state machine (器材状态), used by the api to enforce and by the apps to show the right buttons.
 * `to` lists the states an action may lead to; the first is the usual one (return and stand_down go to
 * maintenance when the unit comes back damaged). `permission` is what the actor needs. `via` is where the action is
 * taken: 'unit' on POST /equipment/units/:id/actions/:action; 'loan' only through the loan routes (check-out,
 * return, recall: they carry a borrower, photos, a signature), which answer 422 on the actions route.
 *
 * `unit.status` describes NOW; reservations are future date ranges. A unit is `reserved` while an approved
 * reservation is current and not picked up; the worker's sweep flips it. fail_maintenance keeps the unit in
 * maintenance and blocks lending (`lendableBlockedReason`) until a later pass.
 */
export const EQUIPMENT_UNIT_TRANSITIONS = {
  reserve: {
    from: ['available'],
    to: ['reserved'],
    permission: 'equipment.lend',
    via: 'unit',
    label: { zh: '预留', en: 'Reserve' },
  },
  release: {
    from: ['reserved'],
    to: ['available'],
    permission: 'equipment.lend',
    via: 'unit',
    label: { zh: '解除预留', en: 'Release' },
  },
  check_out: {
    from: ['available', 'reserved'],
    to: ['on_loan'],
    permission: 'equipment.lend',
    via: 'loan',
    label: { zh: '出借', en: 'Check out' },
  },
  deploy: {
    from: ['available', 'reserved'],
    to: ['deployed'],
    permission: 'equipment.lend',
    via: 'unit',
    label: { zh: '救援出动', en: 'Deploy' },
  },
  recall: {
    from: ['on_loan'],
    to: ['deployed'],
    permission: 'equipment.lend',
    via: 'loan',
    label: { zh: '紧急召回', en: 'Recall' },
  },
  return: {
    from: ['on_loan'],
    to: ['available', 'maintenance'],
    permission: 'equipment.lend',
    via: 'loan',
    label: { zh: '归还入库', en: 'Receive return' },
  },
  stand_down: {
    from: ['deployed'],
    to: ['available', 'maintenance'],
    permission: 'equipment.lend',
    via: 'unit',
    label: { zh: '出动归队', en: 'Stand down' },
  },
  send_to_maintenance: {
    from: ['available', 'reserved'],
    to: ['maintenance'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '送修保养', en: 'Send to maintenance' },
  },
  pass_maintenance: {
    from: ['maintenance'],
    to: ['available'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '保养合格', en: 'Pass maintenance' },
  },
  fail_maintenance: {
    from: ['maintenance'],
    to: ['maintenance'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '保养不合格', en: 'Fail maintenance' },
  },
  retire: {
    from: ['available', 'maintenance'],
    to: ['retired'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '报废', en: 'Retire' },
  },
  report_lost: {
    from: ['on_loan', 'deployed', 'available'],
    to: ['lost'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '报失', en: 'Report lost' },
  },
  found: {
    from: ['lost'],
    to: ['maintenance'],
    permission: 'equipment.manage',
    via: 'unit',
    label: { zh: '找回', en: 'Found' },
  },
} as const satisfies Record<
  string,
  {
    from: readonly EquipmentUnitStatus[];
    to: readonly [EquipmentUnitStatus, ...EquipmentUnitStatus[]];
    permission: Permission;
    via: 'unit' | 'loan';
    label: LocalText;
  }
>;
export type EquipmentUnitAction = keyof typeof EQUIPMENT_UNIT_TRANSITIONS;
export const EQUIPMENT_UNIT_ACTIONS = Object.keys(EQUIPMENT_UNIT_TRANSITIONS) as EquipmentUnitAction[];
/** Actions taken on POST /equipment/units/:id/actions/:action (the others go through the loan routes). */
export const EQUIPMENT_UNIT_DIRECT_ACTIONS = EQUIPMENT_UNIT_ACTIONS.filter((a) => EQUIPMENT_UNIT_TRANSITIONS[a].via === 'unit');

/** Whether `role` may take `action` on a unit in `status` (state and permission; lending blocks are the api's). */
export function canUnitTransition(status: EquipmentUnitStatus, action: EquipmentUnitAction, role: Role): boolean {
  const t = EQUIPMENT_UNIT_TRANSITIONS[action];
  if (!(t.from as readonly EquipmentUnitStatus[]).includes(status)) return false;
  return can(role, t.permission);
}

/** The actions `role` may take on a unit in `status`, in table order (buttons of the unit page). */
export function availableUnitActions(status: EquipmentUnitStatus, role: Role): EquipmentUnitAction[] {
  return EQUIPMENT_UNIT_ACTIONS.filter((a) => canUnitTransition(status, a, role));
}

/** Whether `action` may lead from `from` to `to` (the api checks the state it writes). */
export function unitTransitionTarget(action: EquipmentUnitAction, to: EquipmentUnitStatus): boolean {
  return (EQUIPMENT_UNIT_TRANSITIONS[action].to as readonly EquipmentUnitStatus[]).includes(to);
}

// ---- shared pieces ----

const fileIds = z.array(ref('file')).max(12);
const text = (max: number) => z.string().trim().max(max);
const boolQuery = z.enum(['true', 'false']).optional();
const listQuery = pagingQuery.shape;

/** A specification line of a model (额定工作压力: 30 MPa). */
export const equipmentSpec = z.strictObject({
  key: z.string().trim().min(1).max(40),
  value: z.string().trim().min(1).max(200),
});
/** A maintenance rule of a model: the worker raises a job `intervalMonths` after the unit's last one of `kind`. */
export const maintenanceRule = z.strictObject({
  kind: z.string().regex(/^[a-z0-9_]{1,40}$/),
  label: z.string().trim().min(1).max(60),
  intervalMonths: z.number().int().min(1).max(120),
});
export type MaintenanceRule = z.infer<typeof maintenanceRule>;

// ---- catalogue (器材目录) ----

export const equipmentModel = z.object({
  id: zId,
  category: z.enum(EQUIPMENT_CATEGORIES),
  name: z.string(),
  model: z.string().nullable(),
  manufacturer: z.string().nullable(),
  specs: z.array(z.object({ key: z.string(), value: z.string() })),
  photoFileIds: z.array(zId),
  maintenanceRules: z.array(z.object({ kind: z.string(), label: z.string(), intervalMonths: z.number().int() })),
  lendable: z.boolean(),
  description: z.string().nullable(),
  /** Units not retired or lost. */
  unitCount: z.number().int(),
  /** Units available now (status available, lending not blocked). */
  availableCount: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type EquipmentModel = z.infer<typeof equipmentModel>;

const modelFields = z.strictObject({
  category: z.enum(EQUIPMENT_CATEGORIES),
  name: z.string().trim().min(1).max(100),
  model: text(100).optional(),
  manufacturer: text(100).optional(),
  specs: z.array(equipmentSpec).max(40).default([]),
  photoFileIds: fileIds.default([]),
  maintenanceRules: z
    .array(maintenanceRule)
    .max(10)
    .default([])
    .superRefine((rules, ctx) => {
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (seen.has(r.kind))
          ctx.addIssue(localIssue({ zh: '保养项目重复', en: 'A maintenance kind is listed twice' }, [i, 'kind']));
        seen.add(r.kind);
      });
    }),
  lendable: z.boolean().default(true),
  description: text(2000).optional(),
});
const modelExample = {
  category: 'breathing_apparatus',
  name: '正压式空气呼吸器',
  model: 'RHZKF6.8/30',
  manufacturer: '霍尼韦尔',
  specs: [{ key: '气瓶容积', value: '6.8 L' }],
  maintenanceRules: [
    { kind: 'annual', label: '整机年检', intervalMonths: 12 },
    { kind: 'cylinder', label: '气瓶水压检测', intervalMonths: 36 },
  ],
  lendable: true,
};
export const createEquipmentModelRequest = modelFields.meta({ examples: [modelExample] });
export const updateEquipmentModelRequest = modelFields
  .partial()
  .meta({ examples: [{ lendable: false, description: '仅供救援队使用' }] });
export const equipmentModelsQuery = z.strictObject({
  category: z.enum(EQUIPMENT_CATEGORIES).optional(),
  q: z.string().trim().max(100).optional(),
  lendable: boolQuery,
  ...listQuery,
});
export type EquipmentModelsQuery = z.infer<typeof equipmentModelsQuery>;
export const equipmentModelPage = page(equipmentModel);

// ---- units (器材台账) ----

/** A unit's open loan as its list shows it: only to the keeper and the borrower (others get null, see currentLoan). */
export const unitLoanSummary = z.object({
  id: zId,
  borrowerKind: z.enum(BORROWER_KINDS),
  /** Kept nullable for older clients; the summary itself is null when the caller may not see the loan (not theirs). */
  borrowerName: z.string().nullable(),
  dueAt: isoDateTime,
  overdue: z.boolean(),
});

export const equipmentUnit = z.object({
  id: zId,
  modelId: zId,
  modelName: z.string(),
  category: z.enum(EQUIPMENT_CATEGORIES),
  assetTag: z.string(),
  serial: z.string().nullable(),
  location: z.string().nullable(),
  purchasedOn: isoDate.nullable(),
  warrantyUntil: isoDate.nullable(),
  condition: z.enum(EQUIPMENT_CONDITIONS),
  status: z.enum(EQUIPMENT_UNIT_STATUSES),
  /** Optimistic lock: send it back with every state change; a stale one is 409. */
  version: z.number().int(),
  /** Set by a failed maintenance: the unit cannot be lent until a later pass. */
  lendableBlockedReason: z.string().nullable(),
  nextMaintenanceOn: isoDate.nullable(),
  /** The open loan: null when there is none, or when it is not the caller's (another enterprise's or person's). */
  currentLoan: unitLoanSummary.nullable(),
  /** The next active reservation that has not ended (start, end). */
  nextReservation: z.object({ id: zId, startsAt: isoDateTime, endsAt: isoDateTime }).nullable(),
  /** What the caller may do now (state machine and permissions). */
  actions: z.array(z.enum(EQUIPMENT_UNIT_ACTIONS as [EquipmentUnitAction, ...EquipmentUnitAction[]])),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type EquipmentUnit = z.infer<typeof equipmentUnit>;

const unitFields = {
  assetTag: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .superRefine((v, ctx) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9_./-]*$/.test(v))
        ctx.addIssue(localIssue({ zh: '资产编号为字母、数字及 _./-', en: 'An asset tag is letters, digits and _./-' }));
    }),
  serial: text(80).optional(),
  location: text(100).optional(),
  purchasedOn: recordDate.optional(),
  warrantyUntil: recordDate.optional(),
  condition: z.enum(EQUIPMENT_CONDITIONS).default('good'),
};
export const createEquipmentUnitRequest = z.strictObject({ modelId: ref('equipmentModel'), ...unitFields }).meta({
  examples: [
    {
      modelId: '0190a5b0-0000-7000-8000-000000000001',
      assetTag: 'KHQ-2026-001',
      serial: 'SN2026001',
      location: '器材室 A 架 1 层',
      purchasedOn: '2026-03-01',
    },
  ],
  'x-probe': { modelId: '{equipmentModel}', assetTag: 'PROBE-1' },
});
export type CreateEquipmentUnitRequest = z.infer<typeof createEquipmentUnitRequest>;
/** Ledger fields only; the status changes through actions. */
export const updateEquipmentUnitRequest = z
  .strictObject({
    assetTag: unitFields.assetTag.optional(),
    serial: text(80).nullable().optional(),
    location: text(100).nullable().optional(),
    purchasedOn: recordDate.nullable().optional(),
    warrantyUntil: recordDate.nullable().optional(),
    condition: z.enum(EQUIPMENT_CONDITIONS).optional(),
    nextMaintenanceOn: recordDate.nullable().optional(),
  })
  .meta({ examples: [{ location: '器材室 B 架 2 层', condition: 'fair' }] });
export const equipmentUnitsQuery = z.strictObject({
  status: z.enum(EQUIPMENT_UNIT_STATUSES).optional(),
  category: z.enum(EQUIPMENT_CATEGORIES).optional(),
  modelId: ref('equipmentModel').optional(),
  /** Asset tag, serial or model name. */
  q: z.string().trim().max(100).optional(),
  /** 'true': units on an overdue loan only. */
  overdue: boolQuery,
  ...listQuery,
});
export type EquipmentUnitsQuery = z.infer<typeof equipmentUnitsQuery>;
export const equipmentUnitPage = page(equipmentUnit);

/** Body of POST /equipment/units/:id/actions/:action. */
export const unitActionRequest = z
  .strictObject({
    version: z.number().int().min(1),
    note: text(1000).optional(),
    /** deploy: the incident (事件编号 or a short description). */
    incidentRef: text(100).optional(),
    /** stand_down: the state it comes back in (damaged → maintenance). */
    condition: z.enum(EQUIPMENT_CONDITIONS).optional(),
    photoFileIds: fileIds.optional(),
  })
  .meta({ examples: [{ version: 1, note: '月度检查' }] });
export type UnitActionRequest = z.infer<typeof unitActionRequest>;
export const unitActionParam = z.enum(EQUIPMENT_UNIT_ACTIONS as [EquipmentUnitAction, ...EquipmentUnitAction[]]);

export const byCodeQuery = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(400)
    .meta({ examples: ['YE1.0190a5b0-0000-7000-8000-000000000001.0190a5b0-0000-7000-8000-000000000001.0123456789abcdef'] }),
});

/** GET /equipment/labels.pdf: `ids` (comma-separated unit ids, ≤ 200) or `modelId` (its units). */
export const labelsQuery = z
  .strictObject({
    ids: z
      .string()
      .max(200 * 37)
      .regex(/^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/)
      .optional(),
    modelId: ref('equipmentModel').optional(),
  })
  .superRefine((q, ctx) => {
    if (q.ids === undefined && q.modelId === undefined)
      ctx.addIssue(localIssue({ zh: '请选择器材（ids 或 modelId）', en: 'Choose the units (ids or modelId)' }, ['ids']));
  });

/** One row of an import report, keyed by the asset tag. */
export const equipmentImportRow = importRow('assetTag');
/**
 * POST /equipment/units/import (multipart `file` .xlsx, `commit` 'true' to write; else a dry run). A row whose asset
 * tag is already in the zone updates that unit's ledger fields (序列号, 存放位置, 购置日期, 保修截止, 状况) — so an
 * exported ledger can be edited and imported again; its 器材名称 must be the unit's model.
 */
export const equipmentImportResult = importResult(equipmentImportRow);
export type EquipmentImportResult = z.infer<typeof equipmentImportResult>;
/** Column headers of the import sheet (also the export's first columns). */
export const EQUIPMENT_IMPORT_COLUMNS = [
  '资产编号',
  '器材名称',
  '型号',
  '序列号',
  '存放位置',
  '购置日期',
  '保修截止',
  '状况',
] as const;

// ---- availability ----

/** `from`/`to` are local dates of the zone, inclusive, at most 62 days. */
export const availabilityQuery = z.strictObject({
  modelId: ref('equipmentModel').optional(),
  category: z.enum(EQUIPMENT_CATEGORIES).optional(),
  from: recordDate.meta({ examples: ['2027-01-04'] }),
  to: recordDate.meta({ examples: ['2027-01-10'] }),
});
export const availabilityResponse = z.object({
  from: isoDate,
  to: isoDate,
  models: z.array(
    z.object({
      modelId: zId,
      name: z.string(),
      category: z.enum(EQUIPMENT_CATEGORIES),
      /** Lendable units (not retired, lost or blocked). */
      total: z.number().int(),
      /** Units free for the whole local day. */
      days: z.array(z.object({ date: isoDate, free: z.number().int() })),
    }),
  ),
  /** Per unit free ranges [start, end) within the period; empty for enterprise users (counts only). */
  units: z.array(
    z.object({
      unitId: zId,
      assetTag: z.string(),
      modelId: zId,
      status: z.enum(EQUIPMENT_UNIT_STATUSES),
      free: z.array(z.object({ start: isoDateTime, end: isoDateTime })),
    }),
  ),
});
export type AvailabilityResponse = z.infer<typeof availabilityResponse>;

// ---- borrowers ----

/** Who borrows: an enterprise (enterpriseId), a person (a rescue member, a user) or an incident (incidentRef). */
export const borrowerInput = {
  borrowerKind: z.enum(BORROWER_KINDS),
  enterpriseId: ref('enterprise').optional(),
  borrowerUserId: ref('user').optional(),
  borrowerName: z.string().trim().min(1).max(60),
  borrowerPhone: anyPhone.optional(),
  incidentRef: text(100).optional(),
};
function checkBorrower(
  b: { borrowerKind: BorrowerKind; enterpriseId?: string | undefined; incidentRef?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (b.borrowerKind === 'enterprise' && !b.enterpriseId)
    ctx.addIssue(localIssue({ zh: '请选择借用企业', en: 'Choose the borrowing enterprise' }, ['enterpriseId']));
  if (b.borrowerKind === 'incident' && !b.incidentRef)
    ctx.addIssue(localIssue({ zh: '请填写救援事件', en: 'Name the incident' }, ['incidentRef']));
}
function checkRange(b: { startsAt: string; endsAt: string }, ctx: z.RefinementCtx) {
  if (Date.parse(b.endsAt) <= Date.parse(b.startsAt))
    ctx.addIssue(localIssue({ zh: '结束时间须晚于开始时间', en: 'The end must be after the start' }, ['endsAt']));
  else if (Date.parse(b.endsAt) - Date.parse(b.startsAt) > MAX_BOOKING_DAYS * 86_400_000)
    ctx.addIssue(
      localIssue({ zh: `预约或借用不能超过 ${MAX_BOOKING_DAYS} 天`, en: `A booking cannot exceed ${MAX_BOOKING_DAYS} days` }, [
        'endsAt',
      ]),
    );
}

const borrowerOut = {
  borrowerKind: z.enum(BORROWER_KINDS),
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  borrowerUserId: zId.nullable(),
  borrowerName: z.string(),
  /** Masked for callers who may not see it. */
  borrowerPhone: z.string().nullable(),
  incidentRef: z.string().nullable(),
};

// ---- reservations ----

export const equipmentReservation = z.object({
  id: zId,
  unitId: zId,
  assetTag: z.string(),
  modelName: z.string(),
  /** Half-open [startsAt, endsAt): a reservation ending at 10:00 and one starting at 10:00 do not overlap. */
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  requestId: zId.nullable(),
  ...borrowerOut,
  status: z.enum(RESERVATION_STATUSES),
  createdAt: isoDateTime,
});
export type EquipmentReservation = z.infer<typeof equipmentReservation>;
/** An overlap with an active reservation of the unit is 409 naming the conflicting range. */
export const createReservationRequest = z
  .strictObject({ unitId: ref('equipmentUnit'), startsAt: scheduleDateTime, endsAt: scheduleDateTime, ...borrowerInput })
  .superRefine((b, ctx) => {
    checkBorrower(b, ctx);
    checkRange(b, ctx);
  })
  .meta({
    examples: [
      {
        unitId: '0190a5b0-0000-7000-8000-000000000001',
        startsAt: '2027-01-05T08:00:00+08:00',
        endsAt: '2027-01-07T08:00:00+08:00',
        borrowerKind: 'person',
        borrowerName: '李救援',
        borrowerPhone: '13905790103',
      },
    ],
    'x-probe': {
      unitId: '{equipmentUnit}',
      startsAt: '2027-01-05T08:00:00+08:00',
      endsAt: '2027-01-07T08:00:00+08:00',
      borrowerKind: 'enterprise',
      enterpriseId: '{enterprise}',
      borrowerName: '探针',
    },
  });
export const reservationsQuery = z.strictObject({
  unitId: ref('equipmentUnit').optional(),
  status: z.enum(RESERVATION_STATUSES).optional(),
  /** Reservations overlapping [from, to) (ISO instants). */
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  ...listQuery,
});
export const equipmentReservationPage = page(equipmentReservation);

// ---- requests (借用申请) ----

export const equipmentRequest = z.object({
  id: zId,
  enterpriseId: zId.nullable(),
  enterpriseName: z.string().nullable(),
  requestedBy: zId,
  requestedByName: z.string(),
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  items: z.array(z.object({ modelId: zId, modelName: z.string(), quantity: z.number().int() })),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  purpose: z.string(),
  status: z.enum(EQUIPMENT_REQUEST_STATUSES),
  rejectReason: z.string().nullable(),
  /** The units assigned on approval. */
  reservations: z.array(
    z.object({ id: zId, unitId: zId, assetTag: z.string(), modelId: zId, status: z.enum(RESERVATION_STATUSES) }),
  ),
  decidedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type EquipmentRequest = z.infer<typeof equipmentRequest>;

/** An enterprise user asks for its own enterprise; a rescue member for the team (borrower kind person). */
export const createEquipmentRequestRequest = z
  .strictObject({
    items: z
      .array(z.strictObject({ modelId: ref('equipmentModel'), quantity: z.number().int().min(1).max(50) }))
      .min(1)
      .max(20)
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((it, i) => {
          if (seen.has(it.modelId))
            ctx.addIssue(localIssue({ zh: '同一器材请合并填写', en: 'List each model once' }, [i, 'modelId']));
          seen.add(it.modelId);
        });
      }),
    startsAt: scheduleDateTime,
    endsAt: scheduleDateTime,
    purpose: z.string().trim().min(2).max(500),
    /** Defaults to the requester's name and phone. */
    contactName: text(60).optional(),
    contactPhone: anyPhone.optional(),
  })
  .superRefine(checkRange)
  .meta({
    examples: [
      {
        items: [{ modelId: '0190a5b0-0000-7000-8000-000000000001', quantity: 1 }],
        startsAt: '2027-01-05T08:00:00+08:00',
        endsAt: '2027-01-07T08:00:00+08:00',
        purpose: '厂区有限空间作业应急备用',
      },
    ],
    'x-probe': {
      items: [{ modelId: '{equipmentModel}', quantity: 1 }],
      startsAt: '2027-01-05T08:00:00+08:00',
      endsAt: '2027-01-07T08:00:00+08:00',
      purpose: '探针申请',
    },
  });
export type CreateEquipmentRequestRequest = z.infer<typeof createEquipmentRequestRequest>;
/** Approve: for each item the units picked (exactly `quantity`, of that model, free for the range). */
export const approveEquipmentRequestRequest = z
  .strictObject({
    items: z
      .array(z.strictObject({ modelId: ref('equipmentModel'), unitIds: z.array(ref('equipmentUnit')).min(1).max(50) }))
      .min(1)
      .max(20),
  })
  .meta({
    examples: [
      { items: [{ modelId: '0190a5b0-0000-7000-8000-000000000001', unitIds: ['0190a5b0-0000-7000-8000-000000000001'] }] },
    ],
    'x-probe': { items: [{ modelId: '{equipmentModel}', unitIds: ['{equipmentUnit}'] }] },
  });
export const rejectEquipmentRequestRequest = z
  .strictObject({ reason: z.string().trim().min(2).max(500) })
  .meta({ examples: [{ reason: '该时段器材已全部借出' }] });
export const equipmentRequestsQuery = z.strictObject({
  status: z.enum(EQUIPMENT_REQUEST_STATUSES).optional(),
  enterpriseId: ref('enterprise').optional(),
  /** 'true': the caller's own requests only. */
  mine: boolQuery,
  ...listQuery,
});
export const equipmentRequestPage = page(equipmentRequest);

// ---- loans (借出与归还) ----

export const equipmentLoan = z.object({
  id: zId,
  unitId: zId,
  assetTag: z.string(),
  modelName: z.string(),
  category: z.enum(EQUIPMENT_CATEGORIES),
  ...borrowerOut,
  requestId: zId.nullable(),
  reservationId: zId.nullable(),
  checkedOutAt: isoDateTime,
  checkedOutByName: z.string().nullable(),
  dueAt: isoDateTime,
  outCondition: z.enum(EQUIPMENT_CONDITIONS),
  outPhotoFileIds: z.array(zId),
  signatureFileId: zId.nullable(),
  returnDeclaredAt: isoDateTime.nullable(),
  returnedAt: isoDateTime.nullable(),
  returnedByName: z.string().nullable(),
  returnCondition: z.enum(EQUIPMENT_CONDITIONS).nullable(),
  returnPhotoFileIds: z.array(zId),
  damageNote: z.string().nullable(),
  recalledAt: isoDateTime.nullable(),
  recallReason: z.string().nullable(),
  /** Not returned and past due. */
  overdue: z.boolean(),
  /** Whole days past due (0 when not overdue). */
  overdueDays: z.number().int(),
});
export type EquipmentLoan = z.infer<typeof equipmentLoan>;

/** Check-out (出借): the unit's `version` from the page the keeper saw; a stale one is 409. */
export const checkOutRequest = z
  .strictObject({
    unitId: ref('equipmentUnit'),
    version: z.number().int().min(1),
    ...borrowerInput,
    dueAt: scheduleDateTime,
    /** The reservation being picked up (a request's); a unit reserved for someone else cannot be lent. */
    reservationId: ref('equipmentReservation').optional(),
    outCondition: z.enum(EQUIPMENT_CONDITIONS),
    /** At least one photo of the unit as it leaves. */
    outPhotoFileIds: fileIds.min(1),
    /** The borrower's drawn acceptance (签字确认), an uploaded PNG. */
    signatureFileId: ref('file'),
  })
  .superRefine(checkBorrower)
  .meta({
    examples: [
      {
        unitId: '0190a5b0-0000-7000-8000-000000000001',
        version: 1,
        borrowerKind: 'enterprise',
        enterpriseId: '0190a5b0-0000-7000-8000-000000000001',
        borrowerName: '王安全',
        borrowerPhone: '13905790103',
        dueAt: '2027-01-07T08:00:00+08:00',
        outCondition: 'good',
        outPhotoFileIds: ['0190a5b0-0000-7000-8000-000000000001'],
        signatureFileId: '0190a5b0-0000-7000-8000-000000000001',
      },
    ],
    'x-probe': {
      unitId: '{equipmentUnit}',
      version: 1,
      borrowerKind: 'enterprise',
      enterpriseId: '{enterprise}',
      borrowerName: '探针',
      dueAt: '2027-01-07T08:00:00+08:00',
      outCondition: 'good',
      outPhotoFileIds: ['{file}'],
      signatureFileId: '{file}',
    },
  });
export type CheckOutRequest = z.infer<typeof checkOutRequest>;
export const declareReturnRequest = z.strictObject({ note: text(500).optional() }).meta({ examples: [{ note: '已送回器材室' }] });
/** Receive a return (归还入库); damaged → the unit goes to maintenance with a job (source return_damage). */
export const returnLoanRequest = z
  .strictObject({
    condition: z.enum(EQUIPMENT_CONDITIONS),
    photoFileIds: fileIds.default([]),
    damageNote: text(1000).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.condition === 'damaged' && !b.damageNote)
      ctx.addIssue(localIssue({ zh: '请说明损坏情况', en: 'Describe the damage' }, ['damageNote']));
  })
  .meta({ examples: [{ condition: 'good', photoFileIds: [] }], 'x-probe': { condition: 'good', photoFileIds: ['{file}'] } });
export const recallLoanRequest = z
  .strictObject({
    reason: z.string().trim().min(2).max(500),
    incidentRef: text(100).optional(),
  })
  .meta({ examples: [{ reason: '园区化工企业泄漏事故救援', incidentRef: 'JY-2027-001' }] });
/** 催还: `sent` a message went out now; `alreadySent` the borrower was already reminded today (nothing sent again). */
export const nudgeResponse = z.object({ sent: z.boolean(), alreadySent: z.boolean(), loans: z.number().int() });
export const loansQuery = z.strictObject({
  state: z.enum(LOAN_STATES).optional(),
  enterpriseId: ref('enterprise').optional(),
  unitId: ref('equipmentUnit').optional(),
  /** 'true': loans the caller borrowed (person) or their enterprise's. */
  mine: boolQuery,
  q: z.string().trim().max(100).optional(),
  ...listQuery,
});
export type LoansQuery = z.infer<typeof loansQuery>;
export const equipmentLoanPage = page(equipmentLoan);

// ---- maintenance (保养) ----

export const equipmentMaintenance = z.object({
  id: zId,
  unitId: zId,
  assetTag: z.string(),
  modelName: z.string(),
  kind: z.string(),
  label: z.string(),
  dueOn: isoDate,
  status: z.enum(MAINTENANCE_STATUSES),
  source: z.enum(MAINTENANCE_SOURCES),
  resultNote: z.string().nullable(),
  photoFileIds: z.array(zId),
  performedByName: z.string().nullable(),
  performedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type EquipmentMaintenance = z.infer<typeof equipmentMaintenance>;
export const maintenanceQuery = z.strictObject({
  status: z.enum(MAINTENANCE_STATUSES).optional(),
  /** Jobs due on or before this local date. */
  due: isoDate.optional(),
  unitId: ref('equipmentUnit').optional(),
  ...listQuery,
});
export const equipmentMaintenancePage = page(equipmentMaintenance);
/** pass / fail: a fail needs a note (why it cannot be lent). */
export const maintenanceResultRequest = z
  .strictObject({
    note: text(1000).optional(),
    photoFileIds: fileIds.default([]),
  })
  .meta({ examples: [{ note: '气密性检测合格' }], 'x-probe': { note: '探针', photoFileIds: ['{file}'] } });

// ---- detail ----

export const equipmentUnitDetail = equipmentUnit.extend({
  model: equipmentModel,
  /** Reservations, newest first (enterprise users: their own only). */
  reservations: z.array(equipmentReservation),
  loans: z.array(equipmentLoan),
  maintenance: z.array(equipmentMaintenance),
});
export type EquipmentUnitDetail = z.infer<typeof equipmentUnitDetail>;

/**
 * A unit's label QR code: `YE1.<tenantId>.<unitId>.<hmac16>` (signed by the api, api/src/core/crypto/signed-code.ts).
 * The apps send the scanned text as is to GET /equipment/units/by-code?code=.
 */
export const EQUIPMENT_QR_VERSION = 'YE1';
export const unitCodeResponse = equipmentUnitDetail;
/** GET /equipment/units/:id/qr: the unit's signed payload and its QR as SVG (for a single label on screen). */
export const unitQrResponse = z.object({ payload: z.string(), svg: z.string() });

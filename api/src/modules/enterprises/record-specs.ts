import {
  certificate,
  certificateInput,
  chemical,
  chemicalInput,
  contact,
  contactInput,
  drill,
  drillInput,
  plan,
  planInput,
  riskPoint,
  riskPointInput,
  supply,
  supplyInput,
  teamMember,
  teamMemberInput,
} from '@yuanan/contracts';
import { addDays, findCategory, findTable1 } from '@yuanan/domain';
import { chemicalIdentity } from './major-hazard.ts';
import { maskPhone } from '../../core/crypto/pii.ts';
import { StoredFile } from '../../core/files/file.entity.ts';
import { AppError, notFound } from '../../core/http/problem.ts';
import { isoReq } from '../../core/http/serialize.ts';
import { emitEvent } from '../../core/queue/outbox.ts';
import type { FileService } from '../files/file.service.ts';
import { RiskPoint } from '../risk/risk.entity.ts';
import { activeRiskModel, assess } from '../risk/risk-model.ts';
import type { TaskService } from '../tasks/task.service.ts';
import {
  CertifiedWorker,
  Drill,
  EmergencyPlan,
  EmergencySupply,
  EmergencyTeamMember,
  EnterpriseContact,
  HazardousChemical,
} from './enterprise-records.entity.ts';
import { INPUTS_CHANGED } from './enterprise.service.ts';
import type { RecordContext, RecordSpec } from './records.ts';
import { can, isEnterpriseRole } from '@yuanan/contracts';

type In = Record<string, unknown>;

function phoneFor(ctx: RecordContext, sealed: string | null | undefined, masked: string | null | undefined): string | null {
  if (!sealed) return masked ?? null;
  return can(ctx.actor.role, 'pii.view') || isEnterpriseRole(ctx.actor.role) ? ctx.c.cipher.open(sealed) : (masked ?? null);
}
function sealPhone(ctx: RecordContext, phone: unknown) {
  const p = (phone as string | null | undefined) ?? null;
  return { phoneSealed: p ? ctx.c.cipher.seal(p) : null, phoneMasked: p ? maskPhone(p) : null };
}
const inputsChanged = (ctx: RecordContext, reason: string): void =>
  void emitEvent(ctx.em, INPUTS_CHANGED, { enterpriseId: ctx.enterprise.id, reason });

export function certificateState(expiresOn: string, today: string, reminderDays: number[]): 'valid' | 'expiring' | 'expired' {
  if (expiresOn < today) return 'expired';
  return expiresOn <= addDays(today, Math.max(0, ...reminderDays)) ? 'expiring' : 'valid';
}

export function recordSpecs(deps: { tasks: TaskService; files: FileService }): RecordSpec[] {
  const contacts: RecordSpec = {
    path: 'contacts',
    ref: 'contact',
    label: '联系人',
    entity: EnterpriseContact as never,
    input: contactInput,
    output: contact,
    orderBy: { createdAt: 'asc' },
    zonePermission: 'enterprises.manage',
    duplicateMessage: '该联系人（同名同电话）已登记',
    sameAs: (b, r, ctx) => {
      const row = r as unknown as EnterpriseContact;
      if (row.name.trim() !== String(b.name).trim()) return false;
      const phone = (b.phone as string | null | undefined) ?? null;
      return phone === (row.phoneSealed ? ctx.c.cipher.open(row.phoneSealed) : null);
    },
    toRow: (b, ctx) => ({
      name: b.name,
      title: b.title ?? null,
      isEmergencyContact: b.isEmergencyContact ?? false,
      ...sealPhone(ctx, b.phone),
    }),
    toDtos: (rows, ctx) =>
      (rows as unknown as EnterpriseContact[]).map((r) => ({
        id: r.id,
        enterpriseId: r.enterpriseId,
        name: r.name,
        title: r.title ?? null,
        phone: phoneFor(ctx, r.phoneSealed, r.phoneMasked),
        isEmergencyContact: r.isEmergencyContact,
      })),
  };

  const certificates: RecordSpec = {
    path: 'certificates',
    ref: 'certificate',
    label: '持证人员',
    entity: CertifiedWorker as never,
    input: certificateInput,
    output: certificate,
    orderBy: { expiresOn: 'asc' },
    duplicateMessage: '该证书编号已登记',
    toRow: (b) => ({
      personName: b.personName,
      certKind: b.certKind,
      category: b.category,
      certNumber: b.certNumber,
      post: b.post ?? null,
      issuedOn: b.issuedOn,
      expiresOn: b.expiresOn,
      // Special-operation certificates are reviewed every 3 years (DOMAIN.md).
      reviewDueOn:
        (b.reviewDueOn as string | undefined) ??
        (b.certKind === 'special_operation' ? addDays(b.issuedOn as string, 3 * 365) : null),
    }),
    toDtos: (rows, ctx) =>
      (rows as unknown as CertifiedWorker[]).map((r) => ({
        id: r.id,
        enterpriseId: r.enterpriseId,
        personName: r.personName,
        certKind: r.certKind,
        category: r.category,
        certNumber: r.certNumber,
        post: r.post ?? null,
        issuedOn: r.issuedOn,
        expiresOn: r.expiresOn,
        reviewDueOn: r.reviewDueOn ?? null,
        state: certificateState(r.expiresOn, ctx.today, ctx.tenant.settings.certificateReminderDays),
      })),
    afterChange: async (row, op, ctx) => {
      emitEvent(ctx.em, 'certificate.changed', { certificateId: row.id, op });
      inputsChanged(ctx, 'certificate');
      const cert = row as unknown as CertifiedWorker;
      if (op === 'delete' || cert.expiresOn >= ctx.today) await deps.tasks.close(ctx.em, 'certificate_expired', row.id);
    },
  };

  const chemicals: RecordSpec = {
    path: 'chemicals',
    ref: 'chemical',
    label: '危险化学品',
    entity: HazardousChemical as never,
    input: chemicalInput,
    output: chemical,
    orderBy: { unitName: 'asc', name: 'asc' },
    duplicateMessage: '同一单元内已有同名化学品',
    toRow: (b) => {
      if (b.table1No) {
        const row = findTable1({ label: String(b.name), table1No: b.table1No as number });
        if (b.cas && row && !row.cas.includes(String(b.cas))) {
          throw new AppError(400, 'validation_failed', 'CAS does not match the GB 18218 row', {
            errors: [
              {
                path: 'table1No',
                code: 'mismatch',
                message: `GB 18218 表1第${String(b.table1No)}项的 CAS 号不是 ${String(b.cas)}`,
              },
            ],
          });
        }
      }
      const categories = (b.categories as string[] | undefined) ?? [];
      const unknown = categories.flatMap((c, i) => (findCategory(c) ? [] : [i]));
      if (unknown.length) {
        throw new AppError(400, 'validation_failed', 'unknown GB 18218 category', {
          errors: unknown.map((i) => ({
            path: `categories.${i}`,
            code: 'invalid_value',
            message: `未知的危险性类别“${categories[i]!}”（应为 GB 18218 表2 的符号，如 W5.3、J2）`,
          })),
        });
      }
      return {
        name: b.name,
        cas: b.cas ?? null,
        table1No: b.table1No ?? null,
        categories,
        maxQuantity: b.maxQuantity,
        unit: b.unit ?? 't',
        unitName: b.unitName ?? '全厂',
        storagePlace: b.storagePlace ?? null,
        keySupervised: b.keySupervised ?? false,
      };
    },
    toDtos: (rows) =>
      (rows as unknown as HazardousChemical[]).map((r) => {
        const id = chemicalIdentity(r);
        return {
          id: r.id,
          enterpriseId: r.enterpriseId,
          name: r.name,
          cas: r.cas ?? null,
          table1No: r.table1No ?? null,
          categories: r.categories ?? [],
          maxQuantity: Number(r.maxQuantity),
          unit: r.unit,
          unitName: r.unitName,
          storagePlace: r.storagePlace ?? null,
          keySupervised: r.keySupervised,
          ...id,
        };
      }),
    afterChange: (_row, _op, ctx) => inputsChanged(ctx, 'chemical'),
  };

  const supplies: RecordSpec = {
    path: 'supplies',
    ref: 'supply',
    label: '应急物资',
    entity: EmergencySupply as never,
    input: supplyInput,
    output: supply,
    orderBy: { name: 'asc' },
    duplicateMessage: '同一存放地点已有同名物资',
    toRow: (b) => ({
      code: b.code ?? null,
      name: b.name,
      quantity: b.quantity,
      unit: b.unit,
      location: b.location ?? '',
      expiresOn: b.expiresOn ?? null,
      minimumStock: b.minimumStock ?? null,
    }),
    toDtos: (rows, ctx) =>
      (rows as unknown as EmergencySupply[]).map((r) => ({
        id: r.id,
        enterpriseId: r.enterpriseId,
        code: r.code ?? null,
        name: r.name,
        quantity: r.quantity,
        unit: r.unit,
        location: r.location,
        expiresOn: r.expiresOn ?? null,
        minimumStock: r.minimumStock ?? null,
        expired: Boolean(r.expiresOn && r.expiresOn < ctx.today),
        belowMinimum: r.minimumStock != null && r.quantity < r.minimumStock,
        updatedAt: isoReq(r.updatedAt ?? new Date()),
      })),
    // Expired or below-minimum supplies raise a task by themselves; fixing them closes it.
    afterChange: async (row, op, ctx) => {
      const s = row as unknown as EmergencySupply;
      emitEvent(ctx.em, 'supply.changed', { supplyId: s.id, op });
      if (op === 'delete' || s.minimumStock == null || s.quantity >= s.minimumStock)
        await deps.tasks.close(ctx.em, 'supply_below_minimum', s.id);
      else
        await deps.tasks.raise(ctx.em, {
          kind: 'supply_below_minimum',
          subjectType: 'EmergencySupply',
          subjectId: s.id,
          enterpriseId: s.enterpriseId,
          title: `应急物资不足：${s.name}`,
          detail: `现有 ${s.quantity}${s.unit}，最低库存 ${s.minimumStock}${s.unit}（${s.location || '未注明地点'}）`,
          cause: String(s.minimumStock),
        });
      if (op === 'delete' || !s.expiresOn || s.expiresOn >= ctx.today) await deps.tasks.close(ctx.em, 'supply_expired', s.id);
      else
        await deps.tasks.raise(ctx.em, {
          kind: 'supply_expired',
          subjectType: 'EmergencySupply',
          subjectId: s.id,
          enterpriseId: s.enterpriseId,
          title: `应急物资已过期：${s.name}`,
          detail: `有效期至 ${s.expiresOn}（${s.location || '未注明地点'}）`,
          cause: s.expiresOn,
        });
    },
  };

  const team: RecordSpec = {
    path: 'team',
    ref: 'teamMember',
    label: '应急队伍成员',
    entity: EmergencyTeamMember as never,
    input: teamMemberInput,
    output: teamMember,
    orderBy: { createdAt: 'asc' },
    toRow: (b, ctx) => ({ name: b.name, role: b.role, skills: b.skills ?? null, ...sealPhone(ctx, b.phone) }),
    toDtos: (rows, ctx) =>
      (rows as unknown as EmergencyTeamMember[]).map((r) => ({
        id: r.id,
        enterpriseId: r.enterpriseId,
        name: r.name,
        role: r.role,
        phone: phoneFor(ctx, r.phoneSealed, r.phoneMasked),
        skills: r.skills ?? null,
      })),
  };

  const plans: RecordSpec = {
    path: 'plans',
    ref: 'plan',
    label: '应急预案',
    entity: EmergencyPlan as never,
    input: planInput,
    output: plan,
    orderBy: { kind: 'asc', createdAt: 'asc' },
    toRow: async (b, ctx) => {
      if (b.fileId) await deps.files.assertUsable(ctx.em, ctx.actor, [b.fileId as string]);
      return { kind: b.kind, title: b.title, fileId: b.fileId ?? null, issuedOn: b.issuedOn ?? null };
    },
    toDtos: async (rows, ctx) => {
      const list = rows as unknown as EmergencyPlan[];
      const drills = await ctx.em.find(Drill, { enterpriseId: ctx.enterprise.id }, { fields: ['planId', 'kind', 'heldOn'] });
      const months = ctx.tenant.settings.drillIntervalMonths;
      const fileIds = list.map((p) => p.fileId).filter((x): x is string => Boolean(x));
      const files = fileIds.length ? await ctx.em.find(StoredFile, { id: { $in: fileIds } }) : [];
      return list.map((p) => {
        const mine = drills.filter((d) => d.planId === p.id || (!d.planId && d.kind === p.kind)).map((d) => d.heldOn);
        const last = mine.sort().at(-1) ?? null;
        const since = last ?? p.issuedOn ?? isoReq(p.createdAt).slice(0, 10);
        const file = files.find((f) => f.id === p.fileId);
        return {
          id: p.id,
          enterpriseId: p.enterpriseId,
          kind: p.kind,
          title: p.title,
          fileId: p.fileId ?? null,
          fileUrl: file ? deps.files.signedUrl(file) : null,
          issuedOn: p.issuedOn ?? null,
          lastDrillOn: last,
          drillOverdue: addDays(since, Math.round(months[p.kind] * 30.44)) < ctx.today,
        };
      });
    },
  };

  const drills: RecordSpec = {
    path: 'drills',
    ref: 'drill',
    label: '演练记录',
    entity: Drill as never,
    input: drillInput,
    output: drill,
    orderBy: { heldOn: 'desc' },
    toRow: async (b, ctx) => {
      if (b.planId && !(await ctx.em.count(EmergencyPlan, { id: b.planId as string, enterpriseId: ctx.enterprise.id })))
        throw notFound('plan');
      if (b.heldOn && (b.heldOn as string) > ctx.today) {
        throw new AppError(400, 'validation_failed', 'a drill cannot be in the future', {
          errors: [{ path: 'heldOn', code: 'future', message: '演练日期不能晚于今天' }],
        });
      }
      const fileIds = (b.fileIds as string[] | undefined) ?? [];
      await deps.files.assertUsable(ctx.em, ctx.actor, fileIds);
      return {
        planId: b.planId ?? null,
        kind: b.kind,
        heldOn: b.heldOn,
        participants: b.participants ?? null,
        summary: b.summary ?? null,
        fileIds,
      };
    },
    toDtos: (rows) =>
      (rows as unknown as Drill[]).map((d) => ({
        id: d.id,
        enterpriseId: d.enterpriseId,
        planId: d.planId ?? null,
        kind: d.kind,
        heldOn: d.heldOn,
        participants: d.participants ?? null,
        summary: d.summary ?? null,
        fileIds: d.fileIds ?? [],
      })),
    afterChange: async (row, _op, ctx) => {
      const d = row as unknown as Drill;
      await deps.tasks.close(ctx.em, 'drill_overdue', d.planId ?? `${ctx.enterprise.id}:${d.kind}`);
    },
  };

  const riskPoints: RecordSpec = {
    path: 'risk-points',
    ref: 'riskPoint',
    label: '风险点',
    entity: RiskPoint as never,
    input: riskPointInput,
    output: riskPoint,
    orderBy: { score: 'desc' },
    zonePermission: 'risk.manage',
    toRow: async (b: In, ctx) => {
      const model = await activeRiskModel(ctx.em);
      const { score, colour } = assess(b.method as 'LEC' | 'LS', b.factors as Record<string, number>, model.params);
      return {
        name: b.name,
        area: b.area ?? null,
        method: b.method,
        factors: b.factors,
        score,
        colour,
        hazardFactors: b.hazardFactors ?? null,
        controlMeasures: b.controlMeasures ?? null,
        responsiblePerson: b.responsiblePerson ?? null,
        reviewDate: b.reviewDate ?? null,
      };
    },
    toDtos: (rows, ctx) =>
      (rows as unknown as RiskPoint[]).map((r) => ({
        id: r.id,
        enterpriseId: r.enterpriseId,
        name: r.name,
        area: r.area ?? null,
        method: r.method,
        factors: r.factors,
        score: Number(r.score),
        colour: r.colour,
        hazardFactors: r.hazardFactors ?? null,
        controlMeasures: r.controlMeasures ?? null,
        responsiblePerson: r.responsiblePerson ?? null,
        reviewDate: r.reviewDate ?? null,
        reviewOverdue: Boolean(r.reviewDate && r.reviewDate < ctx.today),
      })),
    afterChange: (_row, _op, ctx) => inputsChanged(ctx, 'risk_point'),
  };

  return [contacts, certificates, chemicals, supplies, team, plans, drills, riskPoints];
}

import { can, isEnterpriseRole, type InspectionRecordedAnswer, type SubmitInspectionRequest } from '@yuanan/contracts';
import {
  CURRENT_CHECKLIST,
  validateInspectionSubmission,
  type EvaluatedInspectionAnswer,
  type InspectionSection,
} from '@yuanan/domain';
import type { Actor } from '../../core/context/request-scope.ts';
import { alreadyDecided, compareAndSet } from '../../core/db/compare-and-set.ts';
import type { Em } from '../../core/db/orm.ts';
import { AppError, t } from '../../core/http/problem.ts';
import type { TenantInfo } from '../../core/tenancy/tenant-directory.ts';
import { Enterprise } from '../enterprises/enterprise.entity.ts';
import type { FileService } from '../files/file.service.ts';
import type { HazardService } from '../hazards/hazard.service.ts';
import { CatalogItem } from '../tenants/tenant.entity.ts';
import { CLOCK_SKEW_MS, lastCheckIn, performableTask } from './check-in.ts';
import { InspectionTask, InspectionTemplate } from './inspection.entity.ts';
import { originTask } from './recheck.ts';

type HazardInput = Parameters<HazardService['create']>[3];

const invalid = (path: string, code: string, zh: string, en: string) =>
  new AppError(422, 'validation_failed', t(zh, en), { errors: [{ path, code, message: t(zh, en) }] });

/**
 * Where a hazard raised by the inspection comes from (隐患来源): the enterprise's own self-inspection, a grid
 * worker's patrol, a third-party agency's check, else the safety office's inspection.
 */
export function hazardSource(actor: Actor, task: Pick<InspectionTask, 'agencyId'>): HazardInput['source'] {
  if (isEnterpriseRole(actor.role)) return 'self_check';
  if (actor.role === 'grid_worker') return 'grid_patrol';
  if (actor.role === 'inspector' || task.agencyId) return 'third_party';
  return 'safety_inspection';
}

/** The hazard's description: the question, what was found and the inspector's note. */
export function hazardDescription(e: EvaluatedInspectionAnswer): string {
  const { item, answer } = e;
  let found = '';
  if (item.kind === 'number' && typeof answer.value === 'number') {
    const range =
      item.min !== undefined && item.max !== undefined
        ? `${item.min}–${item.max}`
        : item.min !== undefined
          ? `≥${item.min}`
          : `≤${item.max}`;
    found = `（实测 ${answer.value}${item.unit ?? ''}，要求 ${range}${item.unit ?? ''}）`;
  } else if (item.kind === 'choice') {
    const label = item.options?.find((o) => o.value === answer.value)?.label;
    if (label) found = `（${label}）`;
  } else if (item.kind === 'yes_no') found = '（否）';
  const note = answer.note?.trim();
  const text = `检查发现不合格：${item.text}${found}${note ? `。${note}` : ''}`;
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

/**
 * The sections a task's answers are checked against: the whole template, or for a re-check (复查) only the item(s)
 * whose failure raised the hazard being re-checked (answers to other items of the template are accepted and
 * ignored, so the form may show the whole checklist or that one item).
 */
async function sectionsFor(
  em: Em,
  task: InspectionTask,
  template: InspectionTemplate,
): Promise<{ sections: InspectionSection[]; only: Set<string> | null }> {
  const sections = template.sections as InspectionSection[];
  if (task.kind !== 'recheck' || !task.recheckOfHazardId) return { sections, only: null };
  const origin = await originTask(em, { id: task.recheckOfHazardId, enterpriseId: task.enterpriseId });
  const keys = new Set((origin?.answers ?? []).filter((a) => a.hazardId === task.recheckOfHazardId).map((a) => a.itemKey));
  if (!keys.size) return { sections, only: null };
  return {
    sections: sections.map((s) => ({ ...s, items: s.items.filter((i) => keys.has(i.key)) })).filter((s) => s.items.length > 0),
    only: keys,
  };
}

/**
 * When the inspection counts as finished: the device's `finishedAt` (an offline record is synced later), but never
 * before the check-in nor (beyond clock skew) after the server's now.
 */
export function completionTime(finishedAt: string, task: Pick<InspectionTask, 'checkIn' | 'startedAt'>, now: Date): Date {
  const given = new Date(finishedAt).getTime();
  const floor = Math.max(
    task.checkIn ? new Date(task.checkIn.at).getTime() : 0,
    task.startedAt ? task.startedAt.getTime() - CLOCK_SKEW_MS : 0,
  );
  return new Date(Math.min(Math.max(given, floor), now.getTime()));
}

/**
 * 提交检查记录: checks the answers against the task's template version, then — under the task's row lock
 * (compare-and-set: of two submissions only one finds the task in progress) and in one transaction — raises one
 * hazard per failed item through the hazard service (major with its 部令第10号 clause when the item names one;
 * confirmed at once when office staff inspect, else reported for confirmation), and records the answers, the
 * signature, the summary, `late` and the hazards; the task is done. A retry with the same Idempotency-Key is
 * answered by the router from the first answer; any other second submission is 409.
 */
export async function submitInspection(
  em: Em,
  deps: { hazards: HazardService; files: FileService },
  actor: Actor,
  tenant: TenantInfo,
  id: string,
  body: SubmitInspectionRequest,
  opts: { keyed: boolean },
): Promise<InspectionTask> {
  const seen = await performableTask(em, actor, tenant, id);
  // References first: a photo, signature or template of another zone is "not found" whatever else is wrong.
  const refs = [
    ...body.answers.flatMap((a, i) => a.photos.map((p, j) => ({ path: `answers.${i}.photos.${j}.fileId`, fileId: p.fileId }))),
    { path: 'signature.fileId', fileId: body.signature.fileId },
  ];
  const files = await deps.files.assertUsable(em, actor, [...new Set(refs.map((r) => r.fileId))]);
  // A file is proof once: one photo of one item, or the signature — and only a file the submitter uploaded.
  const firstUse = new Map<string, string>();
  for (const r of refs) {
    const before = firstUse.get(r.fileId);
    if (before)
      throw invalid(
        r.path,
        'duplicate_file',
        `同一文件不能重复作为检查证据（已用于 ${before}）`,
        `The same file cannot be proof twice (already used at ${before})`,
      );
    firstUse.set(r.fileId, r.path);
  }
  const uploader = new Map(files.map((f) => [f.id, f.uploadedBy]));
  const foreign = refs.find((r) => uploader.get(r.fileId) !== actor.userId);
  if (foreign)
    throw invalid(
      foreign.path,
      'file_not_yours',
      '检查照片和签名须由提交人本人上传',
      'Photos and the signature must have been uploaded by the person submitting',
    );
  if (body.templateId !== seen.templateId) {
    if (!(await em.count(InspectionTemplate, { id: body.templateId })))
      throw new AppError(404, 'not_found', t('未找到该检查表', 'Checklist template not found'));
    throw invalid(
      'templateId',
      'template_mismatch',
      '检查表版本与任务不一致，请刷新任务后重新填写',
      'The answers are for another version of the checklist than the task’s; reload the task',
    );
  }
  // The router answers a retry with a known key from the first answer; without a key an offline retry could
  // submit twice, so none is accepted.
  if (!opts.keyed)
    throw new AppError(
      400,
      'validation_failed',
      t('提交检查记录须带 Idempotency-Key 请求头', 'Submitting an inspection needs an Idempotency-Key header'),
      {
        errors: [
          {
            path: 'Idempotency-Key',
            code: 'required',
            message: t('缺少 Idempotency-Key 请求头', 'The Idempotency-Key header is missing'),
          },
        ],
      },
    );
  if (seen.status === 'done') throw alreadyDecided(t('该检查已提交', 'This inspection was already submitted'));
  const template = await em.findOne(InspectionTemplate, { id: seen.templateId });
  if (!template) throw new AppError(404, 'not_found', t('未找到该检查表', 'Checklist template not found'));
  const { sections, only } = await sectionsFor(em, seen, template);
  if (only) {
    const known = new Set((template.sections as InspectionSection[]).flatMap((s) => s.items.map((i) => i.key)));
    const unknown = body.answers.findIndex((a) => !known.has(a.itemKey));
    if (unknown >= 0)
      throw invalid(
        `answers.${unknown}.itemKey`,
        'unknown_item',
        `检查表中没有该检查项（${body.answers[unknown]!.itemKey}）`,
        `The checklist has no item ${body.answers[unknown]!.itemKey}`,
      );
  }
  const answers = only ? body.answers.filter((a) => only.has(a.itemKey)) : body.answers;
  const evaluation = validateInspectionSubmission(sections, answers);
  if (!evaluation.ok)
    throw new AppError(422, 'validation_failed', evaluation.problems[0]!.message, {
      errors: evaluation.problems.map((p) => ({
        // paths point into the body as sent (a re-check checks a subset of the answers)
        path: p.path.replace(/^answers\.(\d+)/, (_m, i: string) => `answers.${body.answers.indexOf(answers[Number(i)]!)}`),
        code: p.code,
        message: p.message,
      })),
    });
  const enterprise = await em.findOneOrFail(Enterprise, { id: seen.enterpriseId });
  const categories = new Set(
    (await em.find(CatalogItem, { kind: 'hazard_category', enabled: true }, { fields: ['code'] })).map((c) => c.code),
  );
  const office = !isEnterpriseRole(actor.role) && can(actor.role, 'hazards.manage');
  const raise = seen.kind !== 'recheck';

  return compareAndSet(em, {
    entity: InspectionTask,
    where: { id: seen.id },
    what: 'inspection_task',
    lost: () => alreadyDecided(t('该检查已提交', 'This inspection was already submitted')),
    expect: (task) => {
      if (task.status === 'done') return alreadyDecided(t('该检查已提交', 'This inspection was already submitted'));
      if (task.status !== 'in_progress' || !task.checkIn)
        return new AppError(409, 'invalid_transition', t('请先签到再提交检查记录', 'Check in before submitting the inspection'));
      const by = lastCheckIn(task.checkIn).by;
      if (by && by.userId !== actor.userId)
        return new AppError(
          409,
          'invalid_transition',
          t(
            `该任务由 ${by.name} 签到，须由签到人本人提交；请先签到`,
            `${by.name} checked in to this task: only the person who checked in may submit; check in first`,
          ),
        );
      return null;
    },
    set: async (task, tx) => {
      const now = new Date();
      const recorded: InspectionRecordedAnswer[] = [];
      const hazardIds: string[] = [];
      for (const e of evaluation.answers) {
        let hazardId: string | null = null;
        if (raise && e.outcome === 'fail') {
          const clause =
            e.item.majorClause && CURRENT_CHECKLIST.items.some((c) => c.code === e.item.majorClause) ? e.item.majorClause : null;
          const photo = e.answer.photos?.find((p) => p.lat !== undefined && p.lng !== undefined);
          const at = photo ?? task.checkIn;
          const input: HazardInput = {
            enterpriseId: task.enterpriseId,
            source: hazardSource(actor, task),
            categoryCode:
              e.item.categoryCode && categories.has(e.item.categoryCode)
                ? e.item.categoryCode
                : categories.has('other')
                  ? 'other'
                  : [...categories][0]!,
            description: hazardDescription(e),
            place: e.section.slice(0, 100),
            location: at && at.lat != null && at.lng != null ? { lat: at.lat, lng: at.lng } : undefined,
            photoIds: (e.answer.photos ?? []).map((p) => p.fileId).slice(0, 12),
            legalBasis: e.item.legalBasis,
            // The failed item's cited articles go with the hazard it raises (its notice quotes them).
            citations: e.item.citations?.length ? e.item.citations : undefined,
            majorChecklistItems: clause ? [clause] : undefined,
            majorChecklistVersion: clause ? CURRENT_CHECKLIST.id : undefined,
            ...(office
              ? {
                  grade: clause ? ('major' as const) : ('general' as const),
                  responsibleName: enterprise.principalName?.trim() || '企业主要负责人',
                }
              : {}),
          };
          // The task is in the actor's scope (performableTask): so is its enterprise, also for an agency's inspector.
          const h = await deps.hazards.create(tx, actor, tenant, input, enterprise, { dropMissingCitations: true });
          hazardId = h.id;
          hazardIds.push(h.id);
        }
        recorded.push({
          itemKey: e.item.key,
          value: e.answer.value ?? null,
          outcome: e.outcome,
          photos: (e.answer.photos ?? []).map((p) => ({
            fileId: p.fileId,
            takenAt: p.takenAt ? new Date(p.takenAt).toISOString() : null,
            lat: p.lat ?? null,
            lng: p.lng ?? null,
          })),
          note: e.answer.note?.trim() || null,
          hazardId,
        });
      }
      const completedAt = completionTime(body.finishedAt, task, now);
      task.answers = recorded;
      task.signature = { fileId: body.signature.fileId, signerName: body.signature.signerName };
      task.summary = evaluation.summary;
      task.hazardIds = hazardIds;
      task.hazardCount = hazardIds.length;
      task.completedAt = completedAt;
      task.late = completedAt.getTime() > task.dueAt.getTime();
      task.status = 'done';
      return task;
    },
  });
}

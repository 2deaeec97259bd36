import { z } from 'zod';
import { enterprisesQuery, importJob, ref } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import type { Actor } from '../../../core/context/request-scope.ts';
import type { FieldCipher } from '../../../core/crypto/pii.ts';
import type { Em } from '../../../core/db/orm.ts';
import { readUpload } from '../../../core/files/upload.ts';
import { callerOf } from '../../../core/http/client-info.ts';
import { AppError, notFound } from '../../../core/http/problem.ts';
import { langOf } from '../../../core/http/router.ts';
import { can, isEnterpriseRole } from '@yuanan/contracts';
import { defineRoute, type AnyRoute } from '../../../core/http/route.ts';
import { iso, isoReq } from '../../../core/http/serialize.ts';
import type { FileService } from '../../files/file.service.ts';
import { CatalogItem } from '../../tenants/tenant.entity.ts';
import { Enterprise } from '../enterprise.entity.ts';
import {
  CertifiedWorker,
  EmergencySupply,
  EnterpriseContact,
  HazardousChemical,
  ImportJob,
} from '../enterprise-records.entity.ts';
import type { EnterpriseService } from '../enterprise.service.ts';
import { tooManyRows } from './import.jobs.ts';
import { importRowLimit, scanWorkbook, UnreadableWorkbook } from './workbook.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function importJobDto(j: ImportJob) {
  return {
    id: j.id,
    kind: j.kind,
    dryRun: j.dryRun,
    status: j.status,
    processed: j.processed,
    total: j.total,
    summary: j.summary ?? null,
    report: j.report ?? [],
    error: j.error ?? null,
    createdAt: isoReq(j.createdAt),
    finishedAt: iso(j.finishedAt),
  };
}

function attachment(ctx: { set: (k: string, v: string) => void }, name: string) {
  ctx.set('Content-Type', XLSX);
  ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
  ctx.set('Cache-Control', 'no-store');
}

/**
 * Feeds the export: the filtered enterprises page by page and, with `withRecords`, their sub-records, in the
 * import's own columns. Phones as this role sees them in the api (full with pii.view, else masked).
 */
async function exportRows(
  cipher: FieldCipher,
  em: Em,
  actor: Actor,
  svc: EnterpriseService,
  q: z.infer<typeof enterprisesQuery>,
  add: (kind: 'enterprises' | 'certificates' | 'chemicals' | 'supplies' | 'contacts', row: Record<string, unknown>) => void,
  withRecords: boolean,
) {
  const seePhones = can(actor.role, 'pii.view') || isEnterpriseRole(actor.role);
  const grids = new Map(
    (await em.find(CatalogItem, { kind: { $in: ['grid', 'key_place_tag'] } })).map((g) => [
      g.kind === 'grid' ? g.id : `tag:${g.code}`,
      g.name,
    ]),
  );
  for (let page = 1; ; page++) {
    const r = await svc.list(em, actor, { ...q, page, pageSize: 200 });
    const codes = new Map<string, string>();
    const landlords = r.items.filter((e) => e.landlordEnterpriseId).map((e) => e.landlordEnterpriseId!);
    const llCodes = new Map(
      landlords.length
        ? (await em.find(Enterprise, { id: { $in: landlords } }, { fields: ['id', 'creditCode'] })).map((e) => [
            e.id,
            e.creditCode,
          ])
        : [],
    );
    for (const e of r.items) {
      codes.set(e.id, e.creditCode);
      add('enterprises', {
        ...e,
        gridId: e.gridId ? grids.get(e.gridId) : null,
        hasSprinklers: e.hasSprinklers == null ? null : e.hasSprinklers ? '是' : '否',
        landlordCreditCode: e.landlordEnterpriseId ? llCodes.get(e.landlordEnterpriseId) : null,
        keyPlaceTags: e.keyPlaceTags.map((t) => grids.get(`tag:${t}`) ?? t).join('、'),
      });
    }
    if (withRecords && r.items.length) {
      const ids = r.items.map((e) => e.id);
      const yes = (b: boolean) => (b ? '是' : '否');
      for (const c of await em.find(CertifiedWorker, { enterpriseId: { $in: ids } }))
        add('certificates', {
          ...c,
          creditCode: codes.get(c.enterpriseId),
          certKind: c.certKind === 'special_operation' ? '特种作业' : '特种设备',
        });
      for (const c of await em.find(HazardousChemical, { enterpriseId: { $in: ids } }))
        add('chemicals', {
          ...c,
          creditCode: codes.get(c.enterpriseId),
          maxQuantity: Number(c.maxQuantity),
          keySupervised: yes(c.keySupervised),
        });
      for (const s of await em.find(EmergencySupply, { enterpriseId: { $in: ids } }))
        add('supplies', { ...s, creditCode: codes.get(s.enterpriseId) });
      for (const ct of await em.find(EnterpriseContact, { enterpriseId: { $in: ids } }))
        add('contacts', {
          ...ct,
          creditCode: codes.get(ct.enterpriseId),
          // As the api shows it to this role (the 企业 sheet does the same); a masked number imports back unchanged.
          phone: seePhones && ct.phoneSealed ? cipher.open(ct.phoneSealed) : ct.phoneMasked,
          isEmergencyContact: yes(ct.isEmergencyContact),
        });
    }
    em.clear();
    if (!r.nextCursor) break; // the total is capped at 10,000: follow the pages, not the count
  }
}

export function importRoutes(c: Container, svc: EnterpriseService, files: FileService): AnyRoute[] {
  const tags = ['企业档案 Enterprise file'];
  return [
    defineRoute({
      method: 'get',
      path: '/enterprises/import/template',
      operationId: 'enterprises.importTemplate',
      summary: 'The Excel template (all sheets and an instructions sheet)',
      tags,
      auth: 'enterprises.import',
      responseType: 'raw',
      handler: async ({ ctx }) => {
        attachment(ctx, '园安企业档案导入模板.xlsx');
        const { templateWorkbook } = await import('./workbook-writer.ts'); // exceljs loads on first use
        ctx.body = await templateWorkbook();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/enterprises/import',
      operationId: 'enterprises.import',
      summary: 'Upload a workbook: dry run (preview and report) or import; runs in the worker with live progress',
      tags,
      auth: 'enterprises.import',
      bodyType: 'multipart',
      idempotent: true,
      body: z.object({ file: z.string().meta({ format: 'binary' }), dryRun: z.enum(['true', 'false']).optional() }),
      response: importJob,
      status: 202,
      handler: async ({ ctx }) => {
        const { em, actor } = callerOf(ctx);
        const up = await readUpload(ctx, c.config.UPLOAD_MAX_BYTES);
        if (up.fields.dryRun && !['true', 'false'].includes(up.fields.dryRun))
          throw new AppError(400, 'validation_failed', 'dryRun must be true or false');
        const file = await files.upload(em, actor, { ...up, fields: { purpose: 'import' } });
        if (file.mime !== XLSX) throw new AppError(415, 'file_type_not_allowed', '请上传 .xlsx 文件');
        // Refuse what would not fit the import's memory budget now, with the limit, rather than in the report.
        const en = langOf(ctx) === 'en';
        let scan;
        try {
          scan = await scanWorkbook(up.data);
        } catch (e) {
          if (!(e instanceof UnreadableWorkbook)) throw e;
          throw new AppError(
            415,
            'file_type_not_allowed',
            en ? 'not a readable .xlsx workbook' : '文件不是有效的 Excel（.xlsx）工作簿',
          );
        }
        const budget = c.config.IMPORT_MEMORY_BUDGET_MB;
        const limit = importRowLimit(budget, scan);
        const rows = scan.totalRows - scan.sheets.length;
        if (rows > limit)
          throw new AppError(
            413,
            'file_too_large',
            en
              ? `${rows} rows; one import takes at most ${limit} rows (from the import memory budget of ${budget} MB): split the file`
              : tooManyRows(rows, limit, budget),
          );
        const job = em.create(ImportJob, {
          kind: 'enterprises',
          dryRun: up.fields.dryRun !== 'false',
          fileId: file.id,
          userId: actor.actingAs?.platformUserId ?? actor.userId,
          status: 'queued',
          processed: 0,
          total: 0,
          summary: null,
          report: null,
          error: null,
          finishedAt: null,
        });
        await em.flush();
        await c.queues.add(
          'enterprises.import',
          { tenantId: job.tenantId, importJobId: job.id },
          { jobId: `import.${job.id}`, attempts: 1 },
        );
        return importJobDto(job);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/imports/:id',
      operationId: 'imports.get',
      summary: 'Progress, summary and row-by-row report of an import',
      tags,
      auth: 'enterprises.import',
      params: z.strictObject({ id: ref('importJob') }),
      response: importJob,
      handler: async ({ ctx, params }) => {
        const j = await callerOf(ctx).em.findOne(ImportJob, { id: params.id });
        if (!j) throw notFound('import');
        return importJobDto(j);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/enterprises/export',
      operationId: 'enterprises.export',
      summary: 'The filtered list as a workbook that can be imported again',
      tags,
      auth: 'enterprises.export',
      apiKeyScope: 'enterprises.read',
      query: enterprisesQuery.extend({ records: z.enum(['true', 'false']).optional() }),
      responseType: 'raw',
      handler: async ({ ctx, query }) => {
        const { em, actor } = callerOf(ctx);
        const { records, ...q } = query;
        const withRecords = records === 'true';
        attachment(ctx, `企业档案导出-${new Date().toISOString().slice(0, 10)}.xlsx`);
        const { exportWorkbook } = await import('./workbook-writer.ts');
        const out = exportWorkbook(
          (add) => exportRows(c.cipher, em, actor, svc, q, add, withRecords),
          withRecords ? ['enterprises', 'certificates', 'chemicals', 'supplies', 'contacts'] : ['enterprises'],
        );
        ctx.body = out.stream;
      },
    }),
  ];
}

import { REALTIME_EVENTS } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import { tenantEm } from '../../../core/db/orm.ts';
import { StoredFile } from '../../../core/files/file.entity.ts';
import type { EventSubscriberDef, JobHandler } from '../../../core/queue/job-registry.ts';
import { ImportJob } from '../enterprise-records.entity.ts';
import { checkImport, commitImport, IMPORTED } from './enterprise-import.ts';
import { importRowLimit, scanWorkbook, UnreadableWorkbook, type ReportLine } from './workbook.ts';

/** The refusal of a file over the memory-derived row limit (zh-CN; the report's language). */
export function tooManyRows(rows: number, limit: number, budgetMb: number): string {
  return `共 ${rows} 行，超过单次导入上限 ${limit} 行（按导入内存预算 ${budgetMb} MB 计算），请分批导入`;
}

/**
 * Runs an import in the worker: validate everything first, then (not a dry run, no errors) write it all in one
 * transaction. Progress goes to the uploader live; a failure leaves nothing half-saved.
 */
export function importJobs(
  c: Container,
  after: (tenantId: string) => Promise<unknown>,
): { handlers: JobHandler[]; subscribers: EventSubscriberDef[] } {
  const handlers: JobHandler[] = [
    {
      name: 'enterprises.import',
      handle: async (p) => {
        const em = tenantEm(c.orm, String(p.tenantId));
        const job = await em.findOne(ImportJob, { id: String(p.importJobId) });
        if (!job || job.status === 'done' || job.status === 'failed') return { skipped: true };
        const progress = async (phase: string, processed: number) => {
          await em.nativeUpdate(ImportJob, { id: job.id }, { processed, status: 'running' });
          c.realtime.toUser(job.tenantId, job.userId, REALTIME_EVENTS.importProgress, {
            id: job.id,
            phase,
            processed,
            total: job.total,
          });
        };
        const finish = async (summary: Record<string, number>, report: ReportLine[]) => {
          em.clear();
          const fresh = await em.findOneOrFail(ImportJob, { id: job.id });
          fresh.status = 'done';
          fresh.processed = fresh.total;
          fresh.summary = summary;
          fresh.report = report;
          fresh.finishedAt = new Date();
          await em.flush();
          c.realtime.toUser(fresh.tenantId, fresh.userId, REALTIME_EVENTS.importProgress, {
            id: fresh.id,
            phase: 'done',
            processed: fresh.total,
            total: fresh.total,
          });
          return fresh.summary;
        };
        job.status = 'running';
        await em.flush();
        try {
          const file = await em.findOneOrFail(StoredFile, { id: job.fileId });
          // The compressed file stays in memory (bounded by UPLOAD_MAX_BYTES and counted in the budget); the
          // workbook is streamed from it, twice at most (check, then write), never parsed whole.
          const chunks: Buffer[] = [];
          for await (const ch of await c.storage.get(file.storageKey)) chunks.push(ch as Buffer);
          const buf = Buffer.concat(chunks);
          const fail = async (reason: string) => {
            const report: ReportLine[] = [{ sheet: '', row: 0, field: '', reason }];
            await finish({ rows: 0, errors: 1, saved: 0 }, report);
            return { rows: 0 };
          };
          let scan;
          try {
            scan = await scanWorkbook(buf);
          } catch (e) {
            if (e instanceof UnreadableWorkbook) return await fail('文件不是有效的 Excel（.xlsx）工作簿');
            throw e;
          }
          const limit = importRowLimit(c.config.IMPORT_MEMORY_BUDGET_MB, scan);
          const dataRows = scan.totalRows - scan.sheets.length;
          if (dataRows > limit) return await fail(tooManyRows(dataRows, limit, c.config.IMPORT_MEMORY_BUDGET_MB));
          job.total = job.dryRun ? dataRows : dataRows * 2;
          await em.flush();
          const check = await checkImport(em, buf, scan, (n) => void progress('validate', n));
          em.clear();
          const valid = check.report.length === 0;
          let written: Record<string, number> = {};
          if (valid && !job.dryRun)
            written = await commitImport(
              c,
              em.fork({ clear: true }),
              buf,
              scan,
              check,
              (n) => void progress('write', dataRows + n),
            );
          return await finish({ ...check.summary, ...written, saved: valid && !job.dryRun ? 1 : 0 }, check.report);
        } catch (e) {
          em.clear();
          await em.nativeUpdate(
            ImportJob,
            { id: job.id },
            { status: 'failed', error: String((e as Error).message).slice(0, 500), finishedAt: new Date() },
          );
          c.realtime.toUser(job.tenantId, job.userId, REALTIME_EVENTS.importProgress, {
            id: job.id,
            phase: 'failed',
            processed: 0,
            total: job.total,
          });
          c.logger.error({ err: e, importJobId: job.id }, 'import failed');
          return { failed: true };
        }
      },
    },
  ];
  const subscribers: EventSubscriberDef[] = [
    { event: IMPORTED, name: 'enterprises.afterImport', handle: async (p) => after(String(p.tenantId)) },
  ];
  return { handlers, subscribers };
}

import { REALTIME_EVENTS } from '@yuanan/contracts';
import type { Container } from '../../../core/container.ts';
import { tenantEm } from '../../../core/db/orm.ts';
import { StoredFile } from '../../../core/files/file.entity.ts';
import type { EventSubscriberDef, JobHandler } from '../../../core/queue/job-registry.ts';
import { ImportJob } from '../enterprise-records.entity.ts';
import { commitImport, IMPORTED, planImport } from './enterprise-import.ts';

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
        job.status = 'running';
        await em.flush();
        try {
          const file = await em.findOneOrFail(StoredFile, { id: job.fileId });
          const chunks: Buffer[] = [];
          for await (const ch of await c.storage.get(file.storageKey)) chunks.push(ch as Buffer);
          // exceljs loads on the first import, not in every idle worker.
          const { readWorkbook } = await import('./workbook.ts');
          const wb = await readWorkbook(Buffer.concat(chunks));
          const rows = wb.sheets.reduce((a, s) => a + s.rows.length, 0);
          job.total = job.dryRun ? rows : rows * 2;
          await em.flush();
          const plan = await planImport(em, wb, (n) => void progress('validate', n));
          const valid = plan.report.length === 0;
          let written: Record<string, number> = {};
          if (valid && !job.dryRun)
            written = await commitImport(c, em.fork({ clear: true }), plan, (n) => void progress('write', rows + n));
          em.clear();
          const fresh = await em.findOneOrFail(ImportJob, { id: job.id });
          fresh.status = 'done';
          fresh.processed = fresh.total;
          fresh.summary = { ...plan.summary, ...written, saved: valid && !job.dryRun ? 1 : 0 };
          fresh.report = plan.report;
          fresh.finishedAt = new Date();
          await em.flush();
          c.realtime.toUser(fresh.tenantId, fresh.userId, REALTIME_EVENTS.importProgress, {
            id: fresh.id,
            phase: 'done',
            processed: fresh.total,
            total: fresh.total,
          });
          return fresh.summary;
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

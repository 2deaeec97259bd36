import { existsSync } from 'node:fs';
import type { Container } from '../../core/container.ts';
import { runInScope } from '../../core/context/request-scope.ts';
import { systemEm, tenantEm } from '../../core/db/orm.ts';
import type { AnyRoute } from '../../core/http/route.ts';
import { LawCitationService } from './law-citation.service.ts';
import { LawSynonymGroup } from './law.entity.ts';
import { DEFAULT_REGULATIONS_DIR } from './law-import.ts';
import { LawService } from './law.service.ts';
import { lawRoutes } from './laws.routes.ts';
import { LawSearchService } from './search/law-search.service.ts';
import { DEFAULT_SYNONYM_GROUPS } from './search/default-synonyms.ts';
import { lawSearchRoutes } from './search/laws-search.routes.ts';
import { checkTerms } from './search/synonym.service.ts';

/**
 * The law library (法律法规在线查询, issue 13): documents, versions, articles, uploads, diffs, citations (A) and
 * search, suggestions, synonyms (B, search/). modules/index.ts keeps the result as `services.laws` and hands
 * `laws.citations` (the citation service, `c.lawCitations` in the design) to hazards and inspection templates.
 * Every write that changes versions calls `laws.service.notifyLawIndex()`, which runs `service.indexHooks`:
 * the search part pushes its refresh there.
 */
export function lawsModule(c: Container) {
  const citations = new LawCitationService();
  const service = new LawService(c, citations);
  const coreRoutes = lawRoutes(service);

  // ---- search (B): the FTS5 index (one per process, derived from MariaDB), its sync, /laws/search,
  // /laws/suggest, /laws/synonyms; each committed write refreshes the index at once; closed with the container.
  const search = new LawSearchService(c);
  service.indexHooks.push(() => void search.refresh().catch(() => undefined));
  const closeContainer = c.close;
  c.close = async () => (search.close(), await closeContainer());
  const searchRoutes: AnyRoute[] = lawSearchRoutes(search);

  return {
    service,
    citations,
    search,
    // Fixed paths (/laws/search, /laws/suggest, /laws/synonyms) do not collide with A's; search first anyway.
    routes: [...searchRoutes, ...coreRoutes] as AnyRoute[],
    /**
     * At api boot: import the seed texts of `REGULATIONS_DIR` (default ../shared/regulations) into the platform
     * library, in the background — in practice when it is empty or an earlier import was cut short, since the
     * import skips every text already imported (sha256) — correcting the type and issuer of those an older guess got
     * wrong (LawService.importRegulationDir). One transaction holding the platform tenant's row lock:
     * api processes booting together import once, and a crash leaves nothing half-imported. Off under
     * NODE_ENV=test unless REGULATIONS_DIR is set (tests import explicitly). Never fails the boot.
     */
    async bootImport(): Promise<void> {
      const dir = c.config.REGULATIONS_DIR ?? DEFAULT_REGULATIONS_DIR;
      if (c.config.NODE_ENV === 'test' && !c.config.REGULATIONS_DIR) return;
      if (!existsSync(dir)) {
        c.logger.info({ dir }, 'law library: no seed directory, nothing imported');
        return;
      }
      try {
        const platform = (await systemEm(c.orm)
          .getConnection()
          .execute("SELECT id FROM tenants WHERE kind = 'platform' ORDER BY created_at LIMIT 1")) as Array<{ id: string }>;
        const platformId = platform[0]?.id;
        if (!platformId) return;
        const em = tenantEm(c.orm, platformId);
        const r = await runInScope(
          {
            requestId: 'boot:laws.import',
            tenantId: platformId,
            em,
            actor: null,
            ip: null,
            userAgent: 'boot',
            action: 'laws.import',
          },
          () =>
            em.transactional(async (tx) => {
              await tx
                .getConnection()
                .execute('SELECT id FROM tenants WHERE id = ? FOR UPDATE', [platformId], 'all', tx.getTransactionContext());
              const imported = await service.importRegulationDir(tx, dir);
              // The first import also brings the starting synonym groups; afterwards they are the operator's data.
              if (imported.imported.length && (await tx.count(LawSynonymGroup, {})) === 0)
                for (const g of DEFAULT_SYNONYM_GROUPS)
                  tx.create(LawSynonymGroup, { terms: checkTerms(g.terms), note: g.note || null } as never);
              return imported;
            }),
        );
        if (r.imported.length || r.corrected.length) {
          service.notifyLawIndex();
          c.logger.info(
            { dir, imported: r.imported.length, skipped: r.skipped.length, corrected: r.corrected, failed: r.failed },
            'law library: seed texts imported into the platform library',
          );
        } else if (r.failed.length) c.logger.warn({ dir, failed: r.failed }, 'law library: seed texts not imported');
      } catch (e) {
        c.logger.warn({ err: (e as Error).message, dir }, 'law library: seed import failed');
      }
    },
  };
}
export type LawsModule = ReturnType<typeof lawsModule>;

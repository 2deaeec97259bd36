import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13, search at scale: the law search index catches up by reading the documents whose `updated_at` is at or
 * after its watermark (index-sync.ts, at most once a second per api process); without an index that read scans
 * every document. `law_versions.updated_at` has had its index since the laws migration. Plain SQL: the same on
 * MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261210120000_law_documents_updated_at extends Migration {
  override name = 'Migration20261210120000_law_documents_updated_at';

  override up(): void | Promise<void> {
    this.addSql('alter table `law_documents` add index `law_documents_updated_at_index` (`updated_at`);');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `law_documents` drop index `law_documents_updated_at_index`;');
  }
}

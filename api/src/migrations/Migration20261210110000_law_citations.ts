import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13, citations on other records: a hazard cites law articles by reference (`hazards.citations`, a JSON array
 * of `{ versionId, articleKey }`, null on the hazards filed before). The reverse index (`law_citations`) is the laws
 * migration's; checklist items keep theirs inside the template's `sections` JSON. Plain SQL: the same on
 * MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261210110000_law_citations extends Migration {
  override name = 'Migration20261210110000_law_citations';

  override up(): void | Promise<void> {
    this.addSql('alter table `hazards` add `citations` json null;');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `hazards` drop column `citations`;');
  }
}

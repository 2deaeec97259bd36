import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9, coverage (覆盖率) bound by an index: `hazard_count` (how many hazards a done inspection raised, set at
 * submit with `hazard_ids`) and a covering index for the coverage aggregate — the zone, the complete-by range, then
 * every column the query reads (status, late, hazard_count, who the task is for) — so a year of a zone's tasks is
 * summed from the index alone, without reading a row or parsing its JSON. Existing done tasks get their count from
 * `hazard_ids`. Plain `ALTER TABLE … ADD`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261202120000_inspection_coverage extends Migration {
  override name = 'Migration20261202120000_inspection_coverage';

  override up(): void | Promise<void> {
    this.addSql('alter table `inspection_tasks` add `hazard_count` int not null default 0;');
    this.addSql(
      "update `inspection_tasks` set `hazard_count` = json_length(`hazard_ids`) where `hazard_ids` <> '[]' and json_length(`hazard_ids`) > 0;",
    );
    this.addSql(
      'alter table `inspection_tasks` add index `inspection_tasks_coverage_index` (`tenant_id`, `due_at`, `status`, `late`, `hazard_count`, `assignee_role`, `assignee_user_id`, `grid_id`, `agency_id`);',
    );
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `inspection_tasks` drop index `inspection_tasks_coverage_index`;');
    this.addSql('alter table `inspection_tasks` drop column `hazard_count`;');
  }
}

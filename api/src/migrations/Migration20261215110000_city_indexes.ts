import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §2, city views: covering indexes for the cross-zone aggregates of city-queries.ts, tenant_id first so a
 * bureau's `tenant_id IN (…)` reads one range per zone and no row:
 * - hazards_city_open_index (tenant, status, grade, deadline): open / overdue / major open / major overdue;
 * - hazards_city_closed_index (tenant, status, closed_at, deadline): closed in the last 90 days, on time or not;
 * - hazards_city_stats_index (tenant, reported_at, status, grade, closed_at, deadline): the quarterly statistics
 *   in one scan.
 * Plain `ALTER TABLE … ADD INDEX`: MariaDB 10.11, MySQL 8 and TiDB alike.
 */
export class Migration20261215110000_city_indexes extends Migration {
  override name = 'Migration20261215110000_city_indexes';

  override up(): void | Promise<void> {
    this.addSql(
      'alter table `hazards` add index `hazards_city_open_index` (`tenant_id`, `status`, `grade`, `deadline`), add index `hazards_city_closed_index` (`tenant_id`, `status`, `closed_at`, `deadline`), add index `hazards_city_stats_index` (`tenant_id`, `reported_at`, `status`, `grade`, `closed_at`, `deadline`);',
    );
  }

  override down(): void | Promise<void> {
    this.addSql(
      'alter table `hazards` drop index `hazards_city_open_index`, drop index `hazards_city_closed_index`, drop index `hazards_city_stats_index`;',
    );
  }
}

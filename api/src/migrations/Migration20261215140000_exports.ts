import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §5, exports for other systems: export targets and their runs, and the index an incremental export reads
 * a zone's hazards by — `(tenant_id, updated_at, id)`, keyset order after a watermark. Enterprises already have
 * `(tenant_id, updated_at)` (the risk map's), which InnoDB extends with the primary key, so it serves the same
 * order. Plain SQL: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261215140000_exports extends Migration {
  override name = 'Migration20261215140000_exports';

  override up(): void | Promise<void> {
    this.addSql(
      "create table `export_targets` (`id` varchar(36) not null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null, `tenant_id` varchar(36) not null, `name` varchar(60) not null, `profile_id` varchar(60) not null, `profile_version` int not null, `format` enum('json','xlsx') not null, `schedule` enum('none','daily','weekly') not null default 'none', `schedule_hour` int not null default 2, `schedule_weekday` int not null default 1, `incremental` tinyint(1) not null default false, `enabled` tinyint(1) not null default true, `last_watermark_at` datetime(3) null, `last_watermark_id` varchar(36) null, `created_by` varchar(36) null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
    );
    this.addSql('alter table `export_targets` add unique `export_targets_tenant_id_name_unique` (`tenant_id`, `name`);');
    this.addSql(
      "create table `export_runs` (`id` varchar(36) not null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null, `tenant_id` varchar(36) not null, `target_id` varchar(36) not null, `target_name` varchar(60) not null, `trigger` enum('manual','schedule') not null, `status` enum('running','succeeded','failed') not null default 'running', `profile_id` varchar(60) not null, `profile_version` int not null, `format` enum('json','xlsx') not null, `incremental` tinyint(1) not null, `since_at` datetime(3) null, `since_id` varchar(36) null, `until_at` datetime(3) not null, `last_row_at` datetime(3) null, `last_row_id` varchar(36) null, `row_count` int not null default 0, `flagged_count` int not null default 0, `file_id` varchar(36) null, `file_name` varchar(120) null, `sha256` varchar(64) null, `bytes` int null, `error` varchar(500) null, `started_at` datetime(3) not null, `finished_at` datetime(3) null, `created_by` varchar(36) null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
    );
    this.addSql(
      'alter table `export_runs` add index `export_runs_tenant_id_target_id_started_at_index` (`tenant_id`, `target_id`, `started_at`);',
    );
    this.addSql('alter table `export_runs` add index `export_runs_tenant_id_started_at_index` (`tenant_id`, `started_at`);');
    this.addSql('alter table `hazards` add index `hazards_updated_index` (`tenant_id`, `updated_at`, `id`);');
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `hazards` drop index `hazards_updated_index`;');
    this.addSql('drop table if exists `export_runs`;');
    this.addSql('drop table if exists `export_targets`;');
  }
}

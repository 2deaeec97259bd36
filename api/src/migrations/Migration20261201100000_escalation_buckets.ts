import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 §1: escalation alarms live in the database (`next_escalation_at`, `next_escalation_stage`) and are swept
 * per zone and instant from the (tenant_id, next_escalation_at) index, woken by one BullMQ job per bucket instead of
 * one per hazard. Existing open hazards get their alarms from the reconciler at the next worker start.
 * Plain `ALTER TABLE … ADD`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261201100000_escalation_buckets extends Migration {
  override name = 'Migration20261201100000_escalation_buckets';

  override up(): void | Promise<void> {
    this.addSql(
      'alter table `hazards` add `next_escalation_at` datetime(3) null, add `next_escalation_stage` varchar(32) null;',
    );
    this.addSql(
      'alter table `hazards` add index `hazards_tenant_id_next_escalation_at_index` (`tenant_id`, `next_escalation_at`);',
    );
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `hazards` drop index `hazards_tenant_id_next_escalation_at_index`;');
    this.addSql('alter table `hazards` drop column `next_escalation_at`, drop column `next_escalation_stage`;');
  }
}

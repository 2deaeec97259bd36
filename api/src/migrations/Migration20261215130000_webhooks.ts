import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §4: webhook subscriptions and deliveries (both tenant-scoped, `tenant_id` first in every index). The
 * unique key (tenant, subscription, event, replay key) makes the fan-out idempotent under the at-least-once outbox
 * relay; `replay_key` is '' for originals (MariaDB lets NULLs repeat in a unique index). Plain SQL: MariaDB 10.11,
 * MySQL 8 and TiDB.
 */
export class Migration20261215130000_webhooks extends Migration {
  override name = 'Migration20261215130000_webhooks';

  override up(): void | Promise<void> {
    this.addSql(
      "create table `webhook_subscriptions` (`id` varchar(36) not null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null, `tenant_id` varchar(36) not null, `name` varchar(60) not null, `url` varchar(2048) not null, `events` json not null, `secret_enc` varchar(200) not null, `status` enum('active','disabled') not null default 'active', `disabled_reason` enum('manual','failures') null, `disabled_at` datetime(3) null, `consecutive_failures` int not null default 0, `created_by` varchar(36) null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
    );
    this.addSql(
      'alter table `webhook_subscriptions` add index `webhook_subscriptions_tenant_status_index` (`tenant_id`, `status`);',
    );
    this.addSql(
      "create table `webhook_deliveries` (`id` varchar(36) not null, `created_at` datetime(3) not null, `updated_at` datetime(3) not null, `tenant_id` varchar(36) not null, `subscription_id` varchar(36) not null, `event_id` varchar(80) not null, `event_type` varchar(40) not null, `payload` json not null, `status` enum('pending','sending','succeeded','failed') not null default 'pending', `attempts` int not null default 0, `next_attempt_at` datetime(3) null, `lease_until` datetime(3) null, `last_status_code` int null, `last_error` varchar(500) null, `last_duration_ms` int null, `delivered_at` datetime(3) null, `replay_of` varchar(36) null, `replay_key` varchar(36) not null default '', primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
    );
    this.addSql(
      'alter table `webhook_deliveries` add unique `webhook_deliveries_event_unique` (`tenant_id`, `subscription_id`, `event_id`, `replay_key`);',
    );
    this.addSql(
      'alter table `webhook_deliveries` add index `webhook_deliveries_due_index` (`tenant_id`, `status`, `next_attempt_at`);',
    );
    this.addSql(
      'alter table `webhook_deliveries` add index `webhook_deliveries_subscription_index` (`tenant_id`, `subscription_id`, `created_at`);',
    );
    this.addSql('alter table `webhook_deliveries` add index `webhook_deliveries_created_index` (`tenant_id`, `created_at`);');
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `webhook_deliveries`;');
    this.addSql('drop table if exists `webhook_subscriptions`;');
  }
}

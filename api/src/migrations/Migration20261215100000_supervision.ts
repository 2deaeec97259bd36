import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §1, city supervision: tenants of kind 'bureau' (市/县应急管理局), the platform-owned grants of a bureau over
 * zones (`supervision_grants`, not tenant-scoped) and the zone's log of reads by supervisors (`supervision_reads`,
 * tenant = the zone read). The role city_supervisor now lives only in bureaus: a zone user holding it would read
 * without a grant, so existing ones are disabled and signed out (fail closed). Plain SQL: MariaDB 10.11, MySQL 8.
 */
export class Migration20261215100000_supervision extends Migration {
  override name = 'Migration20261215100000_supervision';

  override up(): void | Promise<void> {
    this.addSql("alter table `tenants` modify `kind` enum('zone','platform','bureau') not null;");
    this.addSql(
      `create table \`supervision_grants\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`bureau_id\` varchar(36) not null, \`zone_id\` varchar(36) not null, \`valid_from\` datetime(3) not null, \`valid_until\` datetime(3) not null, \`revoked_at\` datetime(3) null, \`revoked_by\` varchar(64) null, \`created_by\` varchar(64) not null, \`note\` varchar(200) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      'alter table `supervision_grants` add index `supervision_grants_bureau_id_zone_id_index` (`bureau_id`, `zone_id`);',
    );
    this.addSql('alter table `supervision_grants` add index `supervision_grants_zone_id_index` (`zone_id`);');
    this.addSql(
      `create table \`supervision_reads\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`bureau_id\` varchar(36) not null, \`grant_id\` varchar(36) null, \`user_id\` varchar(36) not null, \`user_name\` varchar(64) not null, \`bureau_name\` varchar(64) not null, \`operation_id\` varchar(80) not null, \`method\` varchar(8) not null, \`path\` varchar(255) not null, \`resource_id\` varchar(64) null, \`status\` int not null, \`at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql('alter table `supervision_reads` add index `supervision_reads_tenant_id_at_index` (`tenant_id`, `at`);');
    this.addSql('alter table `supervision_reads` add index `supervision_reads_bureau_id_at_index` (`bureau_id`, `at`);');
    // city_supervisor only in bureaus: sign out and disable any zone user holding it.
    this.addSql(
      "update `sessions` s join `users` u on u.id = s.user_id and u.tenant_id = s.tenant_id join `tenants` t on t.id = u.tenant_id set s.revoked_at = coalesce(s.revoked_at, now(3)) where u.role = 'city_supervisor' and t.kind = 'zone';",
    );
    this.addSql(
      "update `users` u join `tenants` t on t.id = u.tenant_id set u.status = 'disabled', u.updated_at = now(3) where u.role = 'city_supervisor' and t.kind = 'zone';",
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `supervision_reads`;');
    this.addSql('drop table if exists `supervision_grants`;');
    this.addSql("delete from `tenants` where `kind` = 'bureau';");
    this.addSql("alter table `tenants` modify `kind` enum('zone','platform') not null;");
  }
}

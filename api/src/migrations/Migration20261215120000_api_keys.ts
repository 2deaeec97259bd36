import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §3: API keys of a zone (`api_keys`, tenant-scoped). `key_prefix` is unique across all zones: the key
 * text carries no tenant, so authentication finds the row by its prefix. Only the sha256 of the key is stored.
 * Plain SQL: MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261215120000_api_keys extends Migration {
  override name = 'Migration20261215120000_api_keys';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`api_keys\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`name\` varchar(60) not null, \`key_prefix\` varchar(12) not null, \`secret_hash\` varchar(64) not null, \`scopes\` json not null, \`rate_limit_per_minute\` int not null default 120, \`expires_at\` datetime(3) not null, \`last_used_at\` datetime(3) null, \`last_used_ip\` varchar(45) null, \`revoked_at\` datetime(3) null, \`rotated_to_id\` varchar(36) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`api_keys\` add index \`api_keys_tenant_id_created_at_index\` (\`tenant_id\`, \`created_at\`);`,
    );
    this.addSql(`alter table \`api_keys\` add unique \`api_keys_key_prefix_unique\` (\`key_prefix\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `api_keys`;');
  }
}

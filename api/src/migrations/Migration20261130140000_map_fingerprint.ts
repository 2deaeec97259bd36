import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 §2: the risk map's cache fingerprint (`MAX(updated_at)`, `MAX(colour_computed_at)` per zone, see
 * map-data.ts) read from an index in O(log n) instead of a scan of the zone's enterprises.
 * Plain `ALTER TABLE … ADD/DROP INDEX`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261130140000_map_fingerprint extends Migration {
  override name = 'Migration20261130140000_map_fingerprint';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_map_updated_index\` (\`tenant_id\`, \`updated_at\`);`,
    );
    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_map_coloured_index\` (\`tenant_id\`, \`colour_computed_at\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_map_updated_index\`;`);
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_map_coloured_index\`;`);
  }
}

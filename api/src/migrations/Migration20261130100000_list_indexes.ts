import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 8 §2: indexes that make the hot lists index-bound (see hazard-ledger.ts, enterprise-list.ts, map-data.ts).
 * Plain `ALTER TABLE … ADD/DROP INDEX`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261130100000_list_indexes extends Migration {
  override name = 'Migration20261130100000_list_indexes';

  override up(): void | Promise<void> {
    this.addSql(
      `alter table \`hazards\` add index \`hazards_ledger_status_index\` (\`tenant_id\`, \`status\`, \`reported_at\`, \`id\`, \`deadline\`);`,
    );
    this.addSql(
      `alter table \`hazards\` add index \`hazards_ledger_grid_index\` (\`tenant_id\`, \`grid_id\`, \`status\`, \`reported_at\`, \`id\`, \`deadline\`);`,
    );
    this.addSql(`alter table \`hazards\` drop index \`hazards_tenant_id_grid_id_status_index\`;`);

    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_tenant_id_grid_id_name_index\` (\`tenant_id\`, \`grid_id\`, \`name\`);`,
    );
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_tenant_id_grid_id_index\`;`);
    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_list_colour_index\` (\`tenant_id\`, \`risk_colour\`, \`name\`, \`id\`, \`key_place_tags_text\`);`,
    );
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_tenant_id_risk_colour_index\`;`);
    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_map_markers_index\` (\`tenant_id\`, \`status\`, \`risk_colour\`, \`name\`, \`risk_score\`, \`lat\`, \`lng\`, \`plan_x\`, \`plan_y\`, \`grid_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_map_markers_index\`;`);
    this.addSql(
      `alter table \`enterprises\` add index \`enterprises_tenant_id_risk_colour_index\` (\`tenant_id\`, \`risk_colour\`);`,
    );
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_list_colour_index\`;`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_grid_id_index\` (\`tenant_id\`, \`grid_id\`);`);
    this.addSql(`alter table \`enterprises\` drop index \`enterprises_tenant_id_grid_id_name_index\`;`);
    this.addSql(
      `alter table \`hazards\` add index \`hazards_tenant_id_grid_id_status_index\` (\`tenant_id\`, \`grid_id\`, \`status\`);`,
    );
    this.addSql(`alter table \`hazards\` drop index \`hazards_ledger_grid_index\`;`);
    this.addSql(`alter table \`hazards\` drop index \`hazards_ledger_status_index\`;`);
  }
}

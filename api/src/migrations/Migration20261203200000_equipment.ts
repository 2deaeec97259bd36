import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: the equipment room (器材室) — catalogue (equipment_models), units with an optimistic-lock version,
 * reservations (half-open ranges; overlap refused under the unit's row lock), requests, loans, maintenance jobs and
 * the once-only reminder ledger equipment_notices (unique tenant, kind, borrower, day).
 * Plain `CREATE TABLE`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261203200000_equipment extends Migration {
  override name = 'Migration20261203200000_equipment';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`equipment_loans\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`unit_id\` varchar(36) not null, \`borrower_kind\` enum('enterprise','person','incident') not null, \`enterprise_id\` varchar(36) null, \`borrower_user_id\` varchar(36) null, \`borrower_name\` varchar(60) not null, \`borrower_phone\` varchar(40) null, \`incident_ref\` varchar(100) null, \`request_id\` varchar(36) null, \`reservation_id\` varchar(36) null, \`checked_out_at\` datetime(3) not null, \`checked_out_by\` varchar(36) not null, \`due_at\` datetime(3) not null, \`out_condition\` enum('good','fair','damaged') not null, \`out_photo_file_ids\` json not null, \`signature_file_id\` varchar(36) null, \`return_declared_at\` datetime(3) null, \`return_declared_note\` varchar(500) null, \`returned_at\` datetime(3) null, \`returned_by\` varchar(36) null, \`return_condition\` enum('good','fair','damaged') null, \`return_photo_file_ids\` json not null, \`damage_note\` varchar(1000) null, \`recalled_at\` datetime(3) null, \`recall_reason\` varchar(500) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_loans\` add index \`equipment_loans_tenant_id_returned_at_due_at_index\` (\`tenant_id\`, \`returned_at\`, \`due_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_loans\` add index \`equipment_loans_tenant_id_enterprise_id_returned_at_index\` (\`tenant_id\`, \`enterprise_id\`, \`returned_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_loans\` add index \`equipment_loans_tenant_id_borrower_user_id_returned_at_index\` (\`tenant_id\`, \`borrower_user_id\`, \`returned_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_loans\` add index \`equipment_loans_tenant_id_unit_id_checked_out_at_index\` (\`tenant_id\`, \`unit_id\`, \`checked_out_at\`);`,
    );
    this.addSql(
      `create table \`equipment_maintenance\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`unit_id\` varchar(36) not null, \`kind\` varchar(40) not null, \`label\` varchar(60) not null, \`due_on\` varchar(10) not null, \`status\` enum('due','passed','failed') not null default 'due', \`source\` enum('schedule','return_damage','manual') not null, \`result_note\` varchar(1000) null, \`photo_file_ids\` json not null, \`performed_by\` varchar(36) null, \`performed_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_maintenance\` add index \`equipment_maintenance_tenant_id_status_due_on_index\` (\`tenant_id\`, \`status\`, \`due_on\`);`,
    );
    this.addSql(
      `alter table \`equipment_maintenance\` add index \`equipment_maintenance_tenant_id_unit_id_kind_index\` (\`tenant_id\`, \`unit_id\`, \`kind\`);`,
    );
    this.addSql(
      `create table \`equipment_models\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`category\` enum('breathing_apparatus','gas_detector','drone','boat','urban_rescue','firefighting','flood','medical','communication','lighting','other') not null, \`name\` varchar(100) not null, \`model\` varchar(100) null, \`manufacturer\` varchar(100) null, \`specs\` json not null, \`photo_file_ids\` json not null, \`maintenance_rules\` json not null, \`lendable\` tinyint(1) not null default true, \`description\` varchar(2000) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_models\` add index \`equipment_models_tenant_id_category_index\` (\`tenant_id\`, \`category\`);`,
    );
    this.addSql(
      `create table \`equipment_notices\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`kind\` enum('overdue','escalation') not null, \`borrower_key\` varchar(80) not null, \`day\` varchar(10) not null, \`loan_ids\` json not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_notices\` add unique \`equipment_notices_once\` (\`tenant_id\`, \`kind\`, \`borrower_key\`, \`day\`);`,
    );
    this.addSql(
      `create table \`equipment_requests\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) null, \`requested_by\` varchar(36) not null, \`contact_name\` varchar(60) not null, \`contact_phone\` varchar(40) null, \`items\` json not null, \`starts_at\` datetime(3) not null, \`ends_at\` datetime(3) not null, \`purpose\` varchar(500) not null, \`status\` enum('submitted','approved','rejected','cancelled','fulfilled') not null default 'submitted', \`reject_reason\` varchar(500) null, \`decided_by\` varchar(36) null, \`decided_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_requests\` add index \`equipment_requests_tenant_id_status_created_at_index\` (\`tenant_id\`, \`status\`, \`created_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_requests\` add index \`equipment_requests_tenant_id_enterprise_id_status_index\` (\`tenant_id\`, \`enterprise_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`equipment_requests\` add index \`equipment_requests_tenant_id_requested_by_index\` (\`tenant_id\`, \`requested_by\`);`,
    );
    this.addSql(
      `create table \`equipment_reservations\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`unit_id\` varchar(36) not null, \`starts_at\` datetime(3) not null, \`ends_at\` datetime(3) not null, \`request_id\` varchar(36) null, \`borrower_kind\` enum('enterprise','person','incident') not null, \`enterprise_id\` varchar(36) null, \`borrower_user_id\` varchar(36) null, \`borrower_name\` varchar(60) not null, \`borrower_phone\` varchar(40) null, \`incident_ref\` varchar(100) null, \`status\` enum('active','fulfilled','cancelled') not null default 'active', \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_reservations\` add index \`equipment_reservations_unit_index\` (\`tenant_id\`, \`unit_id\`, \`status\`, \`starts_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_reservations\` add index \`equipment_reservations_tenant_id_status_starts_at_index\` (\`tenant_id\`, \`status\`, \`starts_at\`);`,
    );
    this.addSql(
      `alter table \`equipment_reservations\` add index \`equipment_reservations_tenant_id_request_id_index\` (\`tenant_id\`, \`request_id\`);`,
    );
    this.addSql(
      `create table \`equipment_units\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`model_id\` varchar(36) not null, \`asset_tag\` varchar(40) not null, \`serial\` varchar(80) null, \`location\` varchar(100) null, \`purchased_on\` varchar(10) null, \`warranty_until\` varchar(10) null, \`condition\` enum('good','fair','damaged') not null default 'good', \`status\` enum('available','reserved','on_loan','deployed','maintenance','retired','lost') not null default 'available', \`lendable_blocked_reason\` varchar(500) null, \`next_maintenance_on\` varchar(10) null, \`incident_ref\` varchar(100) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`equipment_units\` add index \`equipment_units_tenant_id_model_id_status_index\` (\`tenant_id\`, \`model_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`equipment_units\` add index \`equipment_units_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`equipment_units\` add unique \`equipment_units_tenant_id_asset_tag_unique\` (\`tenant_id\`, \`asset_tag\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `equipment_models`;');
    this.addSql('drop table if exists `equipment_units`;');
    this.addSql('drop table if exists `equipment_reservations`;');
    this.addSql('drop table if exists `equipment_requests`;');
    this.addSql('drop table if exists `equipment_loans`;');
    this.addSql('drop table if exists `equipment_maintenance`;');
    this.addSql('drop table if exists `equipment_notices`;');
  }
}

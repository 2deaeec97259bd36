import { Migration } from '@mikro-orm/migrations';
import { detectSqlEngine } from '../core/db/sql-engine.ts';

export class Migration20261124011534_enterprise_file extends Migration {

  override name = 'Migration20261124011534_enterprise_file';

  override async up(): Promise<void> {
    // TiDB has no triggers (the audit_log append-only triggers are skipped there; see sql-engine.ts).
    const triggers = (await detectSqlEngine((sql) => this.execute(sql))) !== 'tidb';
    this.addSql(`create table \`certified_workers\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`person_name\` varchar(32) not null, \`cert_kind\` enum('special_operation','special_equipment') not null, \`category\` varchar(40) not null, \`cert_number\` varchar(40) not null, \`post\` varchar(40) null, \`issued_on\` varchar(10) not null, \`expires_on\` varchar(10) not null, \`review_due_on\` varchar(10) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`certified_workers\` add index \`certified_workers_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`certified_workers\` add index \`certified_workers_tenant_id_expires_on_index\` (\`tenant_id\`, \`expires_on\`);`);
    this.addSql(`alter table \`certified_workers\` add unique \`certified_workers_tenant_id_enterprise_id_cert_number_unique\` (\`tenant_id\`, \`enterprise_id\`, \`cert_number\`);`);

    this.addSql(`create table \`drills\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`plan_id\` varchar(36) null, \`kind\` enum('comprehensive','special','onsite') not null, \`held_on\` varchar(10) not null, \`participants\` int null, \`summary\` varchar(500) null, \`file_ids\` json not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`drills\` add index \`drills_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);

    this.addSql(`create table \`emergency_plans\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`kind\` enum('comprehensive','special','onsite') not null, \`title\` varchar(100) not null, \`file_id\` varchar(36) null, \`issued_on\` varchar(10) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`emergency_plans\` add index \`emergency_plans_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);

    this.addSql(`create table \`emergency_supplies\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`code\` varchar(7) null, \`name\` varchar(60) not null, \`quantity\` int not null, \`unit\` varchar(10) not null, \`location\` varchar(60) not null default '', \`expires_on\` varchar(10) null, \`minimum_stock\` int null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`emergency_supplies\` add index \`emergency_supplies_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`emergency_supplies\` add index \`emergency_supplies_tenant_id_expires_on_index\` (\`tenant_id\`, \`expires_on\`);`);
    this.addSql(`alter table \`emergency_supplies\` add unique \`emergency_supplies_tenant_id_enterprise_id_name_location_unique\` (\`tenant_id\`, \`enterprise_id\`, \`name\`, \`location\`);`);

    this.addSql(`create table \`emergency_team_members\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`name\` varchar(32) not null, \`role\` varchar(20) not null, \`phone_sealed\` varchar(200) null, \`phone_masked\` varchar(20) null, \`skills\` varchar(200) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`emergency_team_members\` add index \`emergency_team_members_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);

    this.addSql(`create table \`enterprise_change_requests\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`requested_by\` varchar(36) not null, \`requested_by_name\` varchar(32) not null, \`changes\` json not null, \`status\` enum('pending','approved','rejected','superseded') not null default 'pending', \`decided_by\` varchar(36) null, \`decided_at\` datetime(3) null, \`comment\` varchar(300) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`enterprise_change_requests\` add index \`enterprise_change_requests_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`enterprise_change_requests\` add index \`enterprise_change_requests_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`);

    this.addSql(`create table \`enterprise_colours\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`model_version\` int not null, \`score\` numeric(8,2) not null, \`colour\` enum('red','orange','yellow','blue') not null, \`result\` json not null, \`reason\` varchar(40) not null, \`computed_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`enterprise_colours\` add index \`enterprise_colours_tenant_id_enterprise_id_computed_at_index\` (\`tenant_id\`, \`enterprise_id\`, \`computed_at\`);`);

    this.addSql(`create table \`enterprise_contacts\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`name\` varchar(32) not null, \`title\` varchar(40) null, \`phone_sealed\` varchar(200) null, \`phone_masked\` varchar(20) null, \`is_emergency_contact\` tinyint(1) not null default false, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`enterprise_contacts\` add index \`enterprise_contacts_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);

    this.addSql(`create table \`fired_effects\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`key\` varchar(150) not null, \`fired_at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`fired_effects\` add unique \`fired_effects_tenant_id_key_unique\` (\`tenant_id\`, \`key\`);`);

    this.addSql(`create table \`hazardous_chemicals\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`name\` varchar(80) not null, \`cas\` varchar(20) null, \`table1no\` int null, \`category\` varchar(8) null, \`max_quantity\` numeric(14,3) not null, \`unit\` enum('t','kg','m3','L') not null default 't', \`unit_name\` varchar(60) not null default '全厂', \`storage_place\` varchar(80) null, \`key_supervised\` tinyint(1) not null default false, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`hazardous_chemicals\` add index \`hazardous_chemicals_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`hazardous_chemicals\` add unique \`hazardous_chemicals_tenant_id_enterprise_id_name_u_69940_unique\` (\`tenant_id\`, \`enterprise_id\`, \`name\`, \`unit_name\`);`);

    this.addSql(`create table \`import_jobs\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`kind\` varchar(30) not null, \`dry_run\` tinyint(1) not null, \`file_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`status\` enum('queued','running','done','failed') not null default 'queued', \`processed\` int not null default 0, \`total\` int not null default 0, \`summary\` json null, \`report\` json null, \`error\` varchar(500) null, \`finished_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`import_jobs\` add index \`import_jobs_tenant_id_created_at_index\` (\`tenant_id\`, \`created_at\`);`);

    this.addSql(`create table \`risk_models\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`version\` int not null, \`params\` json not null, \`active\` tinyint(1) not null, \`note\` varchar(200) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`risk_models\` add unique \`risk_models_tenant_id_version_unique\` (\`tenant_id\`, \`version\`);`);

    this.addSql(`create table \`risk_points\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) not null, \`name\` varchar(60) not null, \`area\` varchar(60) null, \`method\` enum('LEC','LS') not null, \`factors\` json not null, \`score\` numeric(10,2) not null, \`colour\` enum('red','orange','yellow','blue') not null, \`hazard_factors\` varchar(500) null, \`control_measures\` varchar(1000) null, \`responsible_person\` varchar(32) null, \`review_date\` varchar(10) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`risk_points\` add index \`risk_points_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`risk_points\` add index \`risk_points_tenant_id_colour_index\` (\`tenant_id\`, \`colour\`);`);

    this.addSql(`create table \`saved_views\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`page\` varchar(40) not null, \`name\` varchar(40) not null, \`query\` json not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`saved_views\` add index \`saved_views_tenant_id_user_id_page_index\` (\`tenant_id\`, \`user_id\`, \`page\`);`);

    this.addSql(`create table \`tasks\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) null, \`kind\` varchar(40) not null, \`subject_type\` varchar(40) not null, \`subject_id\` varchar(36) not null, \`title\` varchar(120) not null, \`detail\` varchar(500) null, \`status\` enum('open','done','dismissed') not null default 'open', \`due_at\` datetime(3) null, \`dedupe_key\` varchar(150) not null, \`resolved_at\` datetime(3) null, \`resolved_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`tasks\` add index \`tasks_tenant_id_enterprise_id_status_index\` (\`tenant_id\`, \`enterprise_id\`, \`status\`);`);
    this.addSql(`alter table \`tasks\` add index \`tasks_tenant_id_status_kind_index\` (\`tenant_id\`, \`status\`, \`kind\`);`);
    this.addSql(`alter table \`tasks\` add unique \`tasks_tenant_id_dedupe_key_unique\` (\`tenant_id\`, \`dedupe_key\`);`);

    if (triggers) this.addSql(`drop trigger if exists \`audit_log_append_only\`;`);
    this.addSql(`alter table \`audit_log\` add \`scope_id\` varchar(36) null;`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_tenant_id_scope_id_index\` (\`tenant_id\`, \`scope_id\`);`);
    if (triggers) this.addSql(`create trigger \`audit_log_append_only\` BEFORE UPDATE on \`audit_log\` for each ROW begin IF OLD.hash IS NOT NULL OR NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.at <=> NEW.at AND OLD.actor_id <=> NEW.actor_id AND OLD.actor_name <=> NEW.actor_name AND OLD.role <=> NEW.role AND OLD.action <=> NEW.action AND OLD.entity_type <=> NEW.entity_type AND OLD.entity_id <=> NEW.entity_id AND OLD.scope_id <=> NEW.scope_id AND OLD.op <=> NEW.op AND OLD.diff <=> NEW.diff AND OLD.ip <=> NEW.ip AND OLD.user_agent <=> NEW.user_agent AND OLD.request_id <=> NEW.request_id) THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF; end;`);

    this.addSql(`alter table \`enterprises\` add \`key_place_tags_text\` varchar(500) not null default ',', add \`people_within500m\` int null;`);
  }

  override async down(): Promise<void> {
    const triggers = (await detectSqlEngine((sql) => this.execute(sql))) !== 'tidb';
    this.addSql(`drop table if exists \`certified_workers\`;`);
    this.addSql(`drop table if exists \`drills\`;`);
    this.addSql(`drop table if exists \`emergency_plans\`;`);
    this.addSql(`drop table if exists \`emergency_supplies\`;`);
    this.addSql(`drop table if exists \`emergency_team_members\`;`);
    this.addSql(`drop table if exists \`enterprise_change_requests\`;`);
    this.addSql(`drop table if exists \`enterprise_colours\`;`);
    this.addSql(`drop table if exists \`enterprise_contacts\`;`);
    this.addSql(`drop table if exists \`fired_effects\`;`);
    this.addSql(`drop table if exists \`hazardous_chemicals\`;`);
    this.addSql(`drop table if exists \`import_jobs\`;`);
    this.addSql(`drop table if exists \`risk_models\`;`);
    this.addSql(`drop table if exists \`risk_points\`;`);
    this.addSql(`drop table if exists \`saved_views\`;`);
    this.addSql(`drop table if exists \`tasks\`;`);

    this.addSql(`alter table \`audit_log\` drop index \`audit_log_tenant_id_scope_id_index\`;`);
    if (triggers) this.addSql(`drop trigger if exists \`audit_log_append_only\`;`);
    this.addSql(`alter table \`audit_log\` drop column \`scope_id\`;`);
    if (triggers) this.addSql(`create trigger \`audit_log_append_only\` BEFORE UPDATE on \`audit_log\` for each ROW begin IF OLD.hash IS NOT NULL
   OR NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.at <=> NEW.at AND OLD.actor_id <=> NEW.actor_id
           AND OLD.actor_name <=> NEW.actor_name AND OLD.role <=> NEW.role AND OLD.action <=> NEW.action
           AND OLD.entity_type <=> NEW.entity_type AND OLD.entity_id <=> NEW.entity_id AND OLD.op <=> NEW.op
           AND OLD.diff <=> NEW.diff AND OLD.ip <=> NEW.ip AND OLD.user_agent <=> NEW.user_agent
           AND OLD.request_id <=> NEW.request_id)
THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'; END IF; end;`);

    this.addSql(`alter table \`enterprises\` drop column \`key_place_tags_text\`, drop column \`people_within500m\`;`);
  }

}

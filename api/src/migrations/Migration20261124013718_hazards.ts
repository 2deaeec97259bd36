import { Migration } from '@mikro-orm/migrations';

export class Migration20261124013718_hazards extends Migration {

  override name = 'Migration20261124013718_hazards';

  override up(): void | Promise<void> {
    this.addSql(`create table \`hazards\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`code\` varchar(24) not null, \`enterprise_id\` varchar(36) not null, \`grid_id\` varchar(36) null, \`source\` varchar(20) not null, \`category_code\` varchar(40) not null, \`grade\` enum('general','major') null, \`treatment\` enum('immediate','deadline') null, \`status\` enum('reported','confirmed','rectifying','pending_review','closed','dismissed') not null, \`description\` text not null, \`place\` varchar(100) null, \`lat\` double null, \`lng\` double null, \`photo_ids\` json not null, \`after_photo_ids\` json not null, \`responsible_name\` varchar(32) null, \`responsible_user_id\` varchar(36) null, \`deadline\` datetime(3) null, \`measures\` varchar(1000) null, \`cost\` numeric(14,2) null, \`legal_basis\` varchar(1000) null, \`major_checklist_items\` json not null, \`reported_by\` varchar(36) null, \`reported_by_name\` varchar(64) null, \`reported_at\` datetime(3) not null, \`confirmed_at\` datetime(3) null, \`closed_at\` datetime(3) null, \`dismiss_reason\` varchar(500) null, \`governance_plan\` json null, \`supervision_listed_at\` datetime(3) null, \`supervision_listed_by\` varchar(64) null, \`supervision_ledger_no\` varchar(40) null, \`supervision_cancelled_at\` datetime(3) null, \`reported_to_authority_at\` datetime(3) null, \`acceptance_requested_at\` datetime(3) null, \`accepted_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`hazards\` add index \`hazards_tenant_id_status_deadline_index\` (\`tenant_id\`, \`status\`, \`deadline\`);`);
    this.addSql(`alter table \`hazards\` add index \`hazards_tenant_id_enterprise_id_status_index\` (\`tenant_id\`, \`enterprise_id\`, \`status\`);`);
    this.addSql(`alter table \`hazards\` add index \`hazards_tenant_id_reported_at_index\` (\`tenant_id\`, \`reported_at\`);`);
    this.addSql(`alter table \`hazards\` add index \`hazards_tenant_id_grid_id_status_index\` (\`tenant_id\`, \`grid_id\`, \`status\`);`);
    this.addSql(`alter table \`hazards\` add index \`hazards_tenant_id_category_code_index\` (\`tenant_id\`, \`category_code\`);`);
    this.addSql(`alter table \`hazards\` add unique \`hazards_tenant_id_code_unique\` (\`tenant_id\`, \`code\`);`);

    this.addSql(`create table \`hazard_counters\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`day\` varchar(8) not null, \`value\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`hazard_counters\` add unique \`hazard_counters_tenant_id_day_unique\` (\`tenant_id\`, \`day\`);`);

    this.addSql(`create table \`hazard_events\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`hazard_id\` varchar(36) not null, \`action\` varchar(30) not null, \`from_status\` varchar(20) null, \`to_status\` varchar(20) null, \`actor_id\` varchar(36) null, \`actor_name\` varchar(64) null, \`role\` varchar(32) null, \`comment\` varchar(1000) null, \`photo_ids\` json not null, \`lat\` double null, \`lng\` double null, \`at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`hazard_events\` add index \`hazard_events_tenant_id_hazard_id_index\` (\`tenant_id\`, \`hazard_id\`);`);

    this.addSql(`create table \`hazard_extensions\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`hazard_id\` varchar(36) not null, \`requested_by\` varchar(36) not null, \`requested_by_name\` varchar(64) not null, \`current_deadline\` datetime(3) null, \`requested_deadline\` varchar(10) not null, \`reason\` varchar(500) not null, \`status\` enum('pending','approved','rejected') not null default 'pending', \`decided_by\` varchar(36) null, \`decided_at\` datetime(3) null, \`comment\` varchar(500) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`hazard_extensions\` add index \`hazard_extensions_tenant_id_hazard_id_index\` (\`tenant_id\`, \`hazard_id\`);`);
    this.addSql(`alter table \`hazard_extensions\` add index \`hazard_extensions_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`hazards\`;`);
    this.addSql(`drop table if exists \`hazard_counters\`;`);
    this.addSql(`drop table if exists \`hazard_events\`;`);
    this.addSql(`drop table if exists \`hazard_extensions\`;`);
  }

}

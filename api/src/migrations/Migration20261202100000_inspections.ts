import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9: inspections (日常留痕监管) — checklist templates (versioned), plans, tasks with their records (the unique
 * (tenant, plan, enterprise, period) makes generation idempotent), agencies and their contracts; and the
 * enterprises' own geofence (null = the zone's radius around the enterprise's location).
 * Plain `CREATE TABLE` / `ALTER TABLE … ADD`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261202100000_inspections extends Migration {
  override name = 'Migration20261202100000_inspections';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`inspection_agencies\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`name\` varchar(100) not null, \`credit_code\` varchar(18) null, \`contact_name\` varchar(32) not null, \`contact_phone\` varchar(40) not null, \`member_user_ids\` json not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`inspection_agencies\` add index \`inspection_agencies_tenant_id_name_index\` (\`tenant_id\`, \`name\`);`,
    );
    this.addSql(
      `create table \`inspection_contracts\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`agency_id\` varchar(36) not null, \`name\` varchar(100) not null, \`enterprise_ids\` json not null, \`template_ids\` json not null, \`start_date\` varchar(10) not null, \`end_date\` varchar(10) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`inspection_contracts\` add index \`inspection_contracts_tenant_id_agency_id_index\` (\`tenant_id\`, \`agency_id\`);`,
    );
    this.addSql(
      `alter table \`inspection_contracts\` add index \`inspection_contracts_tenant_id_end_date_index\` (\`tenant_id\`, \`end_date\`);`,
    );
    this.addSql(
      `create table \`inspection_plans\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`name\` varchar(100) not null, \`kind\` enum('routine','campaign') not null, \`assignee_kind\` enum('user','role','agency') not null, \`assignee_user_id\` varchar(36) null, \`assignee_role\` varchar(32) null, \`agency_id\` varchar(36) null, \`target\` json not null, \`template_ids\` json not null, \`frequency\` enum('by_colour','weekly','fortnightly','monthly','quarterly','once') not null, \`start_date\` varchar(10) not null, \`end_date\` varchar(10) null, \`window_days\` int null, \`enabled\` tinyint(1) not null default true, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`inspection_plans\` add index \`inspection_plans_tenant_id_enabled_index\` (\`tenant_id\`, \`enabled\`);`,
    );
    this.addSql(
      `create table \`inspection_tasks\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`plan_id\` varchar(36) null, \`enterprise_id\` varchar(36) not null, \`grid_id\` varchar(36) null, \`template_id\` varchar(36) not null, \`kind\` enum('routine','campaign','self_check','recheck') not null, \`assignee_user_id\` varchar(36) null, \`assignee_role\` varchar(32) null, \`agency_id\` varchar(36) null, \`period_key\` varchar(20) not null, \`start_at\` datetime(3) not null, \`due_at\` datetime(3) not null, \`status\` enum('scheduled','open','in_progress','done','missed') not null default 'scheduled', \`late\` tinyint(1) not null default false, \`started_at\` datetime(3) null, \`completed_at\` datetime(3) null, \`check_in\` json null, \`answers\` json null, \`signature\` json null, \`summary\` json null, \`hazard_ids\` json not null, \`recheck_of_hazard_id\` varchar(36) null, \`reminder_sent_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`inspection_tasks\` add index \`inspection_tasks_tenant_id_status_due_at_index\` (\`tenant_id\`, \`status\`, \`due_at\`);`,
    );
    this.addSql(
      `alter table \`inspection_tasks\` add index \`inspection_tasks_assignee_index\` (\`tenant_id\`, \`assignee_user_id\`, \`status\`, \`due_at\`);`,
    );
    this.addSql(
      `alter table \`inspection_tasks\` add index \`inspection_tasks_tenant_id_enterprise_id_status_index\` (\`tenant_id\`, \`enterprise_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`inspection_tasks\` add index \`inspection_tasks_agency_index\` (\`tenant_id\`, \`agency_id\`, \`status\`, \`due_at\`);`,
    );
    this.addSql(
      `alter table \`inspection_tasks\` add unique \`inspection_tasks_period_unique\` (\`tenant_id\`, \`plan_id\`, \`enterprise_id\`, \`period_key\`);`,
    );
    this.addSql(
      `create table \`inspection_templates\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`code\` varchar(40) not null, \`version\` int not null, \`status\` enum('draft','published','retired') not null default 'draft', \`name\` varchar(100) not null, \`description\` varchar(500) null, \`industries\` json not null, \`tags\` json not null, \`sections\` json not null, \`needs_expert_review\` tinyint(1) not null default false, \`published_at\` datetime(3) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`inspection_templates\` add index \`inspection_templates_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`inspection_templates\` add unique \`inspection_templates_tenant_id_code_version_unique\` (\`tenant_id\`, \`code\`, \`version\`);`,
    );
    this.addSql(
      `alter table \`enterprises\` add \`geofence\` json null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `enterprises` drop column `geofence`;');
    this.addSql('drop table if exists `inspection_agencies`;');
    this.addSql('drop table if exists `inspection_contracts`;');
    this.addSql('drop table if exists `inspection_plans`;');
    this.addSql('drop table if exists `inspection_tasks`;');
    this.addSql('drop table if exists `inspection_templates`;');
  }
}

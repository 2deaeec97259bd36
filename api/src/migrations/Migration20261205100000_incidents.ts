import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 12: incidents and emergency linkage (应急联动), the core tables — incidents (unique number and SOS client key
 * per zone, optimistic-lock version, casualties with the loss in 万元 as decimal(14,2)), the append-only timeline
 * incident_events, structured response plans, an incident's checklist, and the per-zone daily number counter.
 * Dispatch, equipment, warnings and sensitive targets come in Migration20261205110000_incident_dispatch.
 */
export class Migration20261205100000_incidents extends Migration {
  override name = 'Migration20261205100000_incidents';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`incidents\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`no\` varchar(20) not null, \`type\` enum('fire','explosion','leak_poisoning','confined_space','flood_typhoon','mechanical_injury','electric_shock','other') not null, \`source\` enum('sos','iot_alarm','phone','desk') not null, \`status\` enum('reported','responding','controlled','closed','cancelled') not null default 'reported', \`level\` enum('I','II','III','IV') not null, \`severity\` tinyint not null, \`is_drill\` tinyint(1) not null default false, \`enterprise_id\` varchar(36) null, \`alarm_id\` varchar(36) null, \`lat\` double null, \`lng\` double null, \`plan_x\` double null, \`plan_y\` double null, \`address\` varchar(200) null, \`description\` varchar(2000) not null, \`reporter_user_id\` varchar(36) null, \`reporter_name\` varchar(60) not null, \`reporter_phone\` varchar(60) null, \`occurred_at\` datetime(3) not null, \`learned_at\` datetime(3) not null, \`sos_client_key\` varchar(36) null, \`accuracy_m\` double null, \`file_ids\` json not null, \`response_plan_id\` varchar(36) null, \`deaths\` int not null default 0, \`missing\` int not null default 0, \`serious_injuries\` int not null default 0, \`minor_injuries\` int not null default 0, \`direct_loss_wan\` numeric(14,2) not null default 0, \`grade\` enum('especially_major','major','larger','general') null, \`authority_reported_at\` datetime(3) null, \`authority_report\` json null, \`follow_up_until\` datetime(3) null, \`wind_from_deg\` double null, \`wind_speed\` double null, \`wind_source\` enum('tower','manual') null, \`wind_at\` datetime(3) null, \`controlled_at\` datetime(3) null, \`closed_at\` datetime(3) null, \`closed_by\` varchar(36) null, \`summary\` text null, \`cancel_reason\` varchar(500) null, \`drill_record_id\` varchar(36) null, \`clock_stage\` varchar(10) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incidents\` add index \`incidents_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add index \`incidents_tenant_id_created_at_index\` (\`tenant_id\`, \`created_at\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add index \`incidents_tenant_id_reporter_user_id_created_at_index\` (\`tenant_id\`, \`reporter_user_id\`, \`created_at\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add index \`incidents_tenant_id_learned_at_index\` (\`tenant_id\`, \`learned_at\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add index \`incidents_tenant_id_enterprise_id_created_at_index\` (\`tenant_id\`, \`enterprise_id\`, \`created_at\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add unique \`incidents_tenant_id_no_unique\` (\`tenant_id\`, \`no\`);`,
    );
    this.addSql(
      `alter table \`incidents\` add unique \`incidents_tenant_id_sos_client_key_unique\` (\`tenant_id\`, \`sos_client_key\`);`,
    );
    this.addSql(
      `create table \`incident_checklist_items\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`incident_id\` varchar(36) not null, \`step_key\` varchar(40) not null, \`order\` int not null, \`who\` varchar(60) not null, \`role\` varchar(30) null, \`action\` varchar(500) not null, \`due_at\` datetime(3) not null, \`done_at\` datetime(3) null, \`done_by\` varchar(36) null, \`done_by_name\` varchar(60) null, \`note\` varchar(500) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_checklist_items\` add index \`incident_checklist_items_tenant_id_incident_id_order_index\` (\`tenant_id\`, \`incident_id\`, \`order\`);`,
    );
    this.addSql(
      `create table \`incident_counters\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`day\` varchar(8) not null, \`value\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_counters\` add unique \`incident_counters_tenant_id_day_unique\` (\`tenant_id\`, \`day\`);`,
    );
    this.addSql(
      `create table \`incident_events\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`incident_id\` varchar(36) not null, \`at\` datetime(3) not null, \`kind\` enum('reported','sos_merged','updated','status','plan_applied','checklist_done','dispatched','acknowledged','ack_late','escalated','en_route','on_scene','done','stood_down','equipment_deployed','equipment_recalled','equipment_released','warning_sent','warning_acked','roll_call','roll_call_answered','roll_call_missed','casualties','authority_reported','authority_due','note','photo','reading','closed','cancelled') not null, \`actor_id\` varchar(36) null, \`actor_name\` varchar(60) not null, \`text\` varchar(2000) not null, \`data\` json null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_events\` add index \`incident_events_tenant_id_incident_id_at_index\` (\`tenant_id\`, \`incident_id\`, \`at\`);`,
    );
    this.addSql(
      `create table \`response_plans\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`enterprise_id\` varchar(36) null, \`enterprise_plan_id\` varchar(36) null, \`title\` varchar(100) not null, \`incident_types\` json not null, \`levels\` json not null, \`steps\` json not null, \`active\` tinyint(1) not null default true, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`response_plans\` add index \`response_plans_tenant_id_active_enterprise_id_index\` (\`tenant_id\`, \`active\`, \`enterprise_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `incident_checklist_items`;');
    this.addSql('drop table if exists `incident_events`;');
    this.addSql('drop table if exists `incident_counters`;');
    this.addSql('drop table if exists `response_plans`;');
    this.addSql('drop table if exists `incidents`;');
  }
}

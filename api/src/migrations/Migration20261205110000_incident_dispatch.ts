import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 12, dispatch and warnings of an incident (应急联动): the people dispatched (incident_dispatches, with the
 * acknowledgement deadline the escalation job and its reconciler read: index (tenant, ack_due_at)), the equipment
 * deployed or recalled for it, the zone's sensitive targets, and the downwind warnings (unique per incident and
 * enterprise / target: warning again updates the row). Plain SQL: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261205110000_incident_dispatch extends Migration {
  override name = 'Migration20261205110000_incident_dispatch';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`incident_dispatches\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`incident_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`user_name\` varchar(60) not null, \`phone\` varchar(20) null, \`team_id\` varchar(36) null, \`is_leader\` tinyint(1) not null default false, \`status\` enum('pending_ack','acknowledged','en_route','on_scene','done','escalated','stood_down') not null default 'pending_ack', \`dispatched_at\` datetime(3) not null, \`dispatched_by\` varchar(36) null, \`ack_due_at\` datetime(3) not null, \`acknowledged_at\` datetime(3) null, \`late_ack\` tinyint(1) not null default false, \`escalated_at\` datetime(3) null, \`replaces_dispatch_id\` varchar(36) null, \`en_route_at\` datetime(3) null, \`on_scene_at\` datetime(3) null, \`done_at\` datetime(3) null, \`stand_down_at\` datetime(3) null, \`roll_call_due_at\` datetime(3) null, \`roll_call_sent_at\` datetime(3) null, \`last_accounted_at\` datetime(3) null, \`lat\` double null, \`lng\` double null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_dispatches\` add index \`incident_dispatches_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`incident_dispatches\` add index \`incident_dispatches_tenant_id_user_id_status_index\` (\`tenant_id\`, \`user_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`incident_dispatches\` add index \`incident_dispatches_tenant_id_ack_due_at_index\` (\`tenant_id\`, \`ack_due_at\`);`,
    );
    this.addSql(
      `alter table \`incident_dispatches\` add index \`incident_dispatches_tenant_id_incident_id_index\` (\`tenant_id\`, \`incident_id\`);`,
    );
    this.addSql(
      `create table \`incident_equipment\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`incident_id\` varchar(36) not null, \`unit_id\` varchar(36) not null, \`asset_tag\` varchar(60) not null, \`model_name\` varchar(100) not null, \`how\` enum('deployed','recalled') not null, \`loan_id\` varchar(36) null, \`borrower_name\` varchar(100) null, \`at\` datetime(3) not null, \`released_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_equipment\` add index \`incident_equipment_tenant_id_incident_id_index\` (\`tenant_id\`, \`incident_id\`);`,
    );
    this.addSql(
      `alter table \`incident_equipment\` add index \`incident_equipment_tenant_id_unit_id_index\` (\`tenant_id\`, \`unit_id\`);`,
    );
    this.addSql(
      `create table \`incident_warnings\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`incident_id\` varchar(36) not null, \`target_kind\` enum('enterprise','sensitive_target') not null, \`target_key\` varchar(40) not null, \`enterprise_id\` varchar(36) null, \`target_id\` varchar(36) null, \`name\` varchar(100) not null, \`distance_m\` int not null, \`bearing_deg\` int not null, \`message\` varchar(500) not null, \`sent_at\` datetime(3) not null, \`simulated\` tinyint(1) not null default false, \`sms_sent_at\` datetime(3) null, \`acknowledged_at\` datetime(3) null, \`acknowledged_by\` varchar(36) null, \`acknowledged_by_name\` varchar(60) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`incident_warnings\` add index \`incident_warnings_tenant_id_enterprise_id_sent_at_index\` (\`tenant_id\`, \`enterprise_id\`, \`sent_at\`);`,
    );
    this.addSql(
      `alter table \`incident_warnings\` add unique \`incident_warnings_tenant_id_incident_id_target_key_unique\` (\`tenant_id\`, \`incident_id\`, \`target_key\`);`,
    );
    this.addSql(
      `create table \`sensitive_targets\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`kind\` varchar(20) not null, \`name\` varchar(100) not null, \`lat\` double not null, \`lng\` double not null, \`plan_x\` double null, \`plan_y\` double null, \`population\` int null, \`contact_name\` varchar(60) null, \`contact_phone\` varchar(20) null, \`note\` varchar(500) null, \`active\` tinyint(1) not null default true, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`sensitive_targets\` add index \`sensitive_targets_tenant_id_active_index\` (\`tenant_id\`, \`active\`);`,
    );
  }

  override down(): void | Promise<void> {
    for (const t of ['incident_warnings', 'sensitive_targets', 'incident_equipment', 'incident_dispatches'])
      this.addSql(`drop table if exists \`${t}\`;`);
  }
}

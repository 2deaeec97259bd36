import { Migration } from '@mikro-orm/migrations';

/** Days of `iot_readings` partitions the migration creates before and after today (UTC). */
const PARTITION_DAYS_BACK = 3;
const PARTITION_DAYS_AHEAD = 7;

/** `p20261204` holds 2026-12-04 (UTC): rows with ts < 2026-12-05 00:00. */
export function readingsPartitionName(day: Date): string {
  return `p${day.toISOString().slice(0, 10).replace(/-/g, '')}`;
}
/** The partition clause of one UTC day. */
export function readingsPartitionClause(day: Date): string {
  const next = new Date(day.getTime() + 86400_000).toISOString().slice(0, 10);
  return `partition \`${readingsPartitionName(day)}\` values less than ('${next} 00:00:00')`;
}

/**
 * Issue 11: IoT monitoring (物联网实时监测) — devices (unique code per zone, optimistic-lock version), versioned rule
 * sets, alarms with the unique (tenant, active_key) that keeps one active alarm per device and type, their timeline,
 * the rejected-readings counters, and the raw readings table `iot_readings`: not an entity (raw SQL only), primary key
 * (tenant, device, quantity, ts) — also the duplicate check of `INSERT IGNORE` — and `PARTITION BY RANGE COLUMNS(ts)`
 * in daily UTC partitions from 3 days back to 7 days ahead plus `pmax`; the retention job keeps adding days ahead and
 * drops whole old partitions. Plain SQL: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261204100000_iot extends Migration {
  override name = 'Migration20261204100000_iot';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`iot_alarms\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`device_id\` varchar(36) not null, \`enterprise_id\` varchar(36) null, \`type\` varchar(60) not null, \`kind\` enum('threshold','rate_of_rise','offline') not null, \`quantity\` varchar(20) null, \`severity\` enum('critical','major','minor','warning') not null, \`peak_severity\` enum('critical','major','minor','warning') null, \`level\` tinyint null, \`active_key\` varchar(120) null, \`started_at\` datetime(3) not null, \`last_at\` datetime(3) not null, \`cleared_at\` datetime(3) null, \`first_value\` double null, \`last_value\` double null, \`peak_value\` double null, \`count\` int not null default 1, \`acknowledged_at\` datetime(3) null, \`acknowledged_by\` varchar(36) null, \`assignee_id\` varchar(36) null, \`closed_at\` datetime(3) null, \`closed_by\` varchar(36) null, \`handling\` json null, \`hazard_id\` varchar(36) null, \`rule_version\` int null, \`escalation_stage\` varchar(32) null, \`next_escalation_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add index \`iot_alarms_tenant_id_cleared_at_started_at_index\` (\`tenant_id\`, \`cleared_at\`, \`started_at\`);`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add index \`iot_alarms_tenant_id_enterprise_id_started_at_index\` (\`tenant_id\`, \`enterprise_id\`, \`started_at\`);`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add index \`iot_alarms_tenant_id_device_id_started_at_index\` (\`tenant_id\`, \`device_id\`, \`started_at\`);`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add index \`iot_alarms_tenant_id_next_escalation_at_index\` (\`tenant_id\`, \`next_escalation_at\`);`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add index \`iot_alarms_tenant_id_closed_at_started_at_index\` (\`tenant_id\`, \`closed_at\`, \`started_at\`);`,
    );
    this.addSql(
      `alter table \`iot_alarms\` add unique \`iot_alarms_tenant_id_active_key_unique\` (\`tenant_id\`, \`active_key\`);`,
    );
    this.addSql(
      `create table \`iot_alarm_events\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`alarm_id\` varchar(36) not null, \`action\` enum('raise','level','ack','assign','comment','clear','escalate','close','hazard','reopen') not null, \`actor_id\` varchar(36) null, \`actor_name\` varchar(60) not null, \`at\` datetime(3) not null, \`level\` tinyint null, \`value\` double null, \`comment\` varchar(1000) null, \`data\` json null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`iot_alarm_events\` add index \`iot_alarm_events_tenant_id_alarm_id_at_index\` (\`tenant_id\`, \`alarm_id\`, \`at\`);`,
    );
    this.addSql(
      `create table \`iot_devices\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`code\` varchar(40) not null, \`name\` varchar(100) not null, \`type\` enum('gas_combustible','gas_nh3','gas_h2s','gas_co','gas_cl2','smoke','flame','temperature','weather_tower','camera','gateway') not null, \`enterprise_id\` varchar(36) null, \`key_place\` varchar(60) null, \`location\` varchar(200) null, \`map_x\` double null, \`map_y\` double null, \`lat\` double null, \`lng\` double null, \`installed_on\` varchar(10) null, \`calibration_due_on\` varchar(10) null, \`certificate_no\` varchar(60) null, \`interval_seconds\` int not null, \`status\` enum('enabled','disabled') not null default 'enabled', \`gateway_id\` varchar(36) null, \`credential_version\` int not null default 1, \`credential_issued_at\` datetime(3) null, \`last_seen_at\` datetime(3) null, \`online\` tinyint(1) not null default false, \`manufacturer\` varchar(100) null, \`model\` varchar(100) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`iot_devices\` add index \`iot_devices_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`,
    );
    this.addSql(
      `alter table \`iot_devices\` add index \`iot_devices_tenant_id_status_last_seen_at_index\` (\`tenant_id\`, \`status\`, \`last_seen_at\`);`,
    );
    this.addSql(
      `alter table \`iot_devices\` add unique \`iot_devices_tenant_id_code_unique\` (\`tenant_id\`, \`code\`);`,
    );
    this.addSql(
      `create table \`iot_ingest_stats\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`day\` varchar(10) not null, \`source\` enum('mqtt','http') not null, \`reason\` varchar(30) not null, \`count\` int not null default 0, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`iot_ingest_stats\` add unique \`iot_ingest_stats_tenant_id_day_source_reason_unique\` (\`tenant_id\`, \`day\`, \`source\`, \`reason\`);`,
    );
    this.addSql(
      `create table \`iot_rules\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`scope\` enum('type','device') not null, \`device_type\` enum('gas_combustible','gas_nh3','gas_h2s','gas_co','gas_cl2','smoke','flame','temperature','weather_tower','camera','gateway') null, \`device_id\` varchar(36) null, \`version\` int not null, \`rules\` json not null, \`active\` tinyint(1) not null default true, \`note\` varchar(500) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`iot_rules\` add index \`iot_rules_tenant_id_scope_device_type_active_index\` (\`tenant_id\`, \`scope\`, \`device_type\`, \`active\`);`,
    );
    this.addSql(
      `alter table \`iot_rules\` add index \`iot_rules_tenant_id_device_id_active_index\` (\`tenant_id\`, \`device_id\`, \`active\`);`,
    );
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    const days: Date[] = [];
    for (let d = -PARTITION_DAYS_BACK; d <= PARTITION_DAYS_AHEAD; d++) days.push(new Date(today.getTime() + d * 86400_000));
    this.addSql(
      `create table \`iot_readings\` (\`tenant_id\` varchar(36) not null, \`device_id\` varchar(36) not null, \`quantity\` varchar(20) not null, \`ts\` datetime(3) not null, \`value\` double not null, primary key (\`tenant_id\`, \`device_id\`, \`quantity\`, \`ts\`)) default character set utf8mb4 engine = InnoDB partition by range columns(\`ts\`) (${days.map(readingsPartitionClause).join(', ')}, partition \`pmax\` values less than (MAXVALUE));`,
    );
  }

  override down(): void | Promise<void> {
    for (const t of ['iot_readings', 'iot_alarm_events', 'iot_alarms', 'iot_ingest_stats', 'iot_rules', 'iot_devices'])
      this.addSql(`drop table if exists \`${t}\`;`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 10: rescue duty (值班) — teams and members, rotations, overrides, swaps, leave, duty-room check-ins and the
 * once-only ledger of the duty sweep (duty_notices: unique (tenant, kind, team, user, slot start)).
 * Plain `CREATE TABLE`: the same on MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261203100000_duty extends Migration {
  override name = 'Migration20261203100000_duty';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`duty_check_ins\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`open_user_id\` varchar(36) null, \`checked_in_at\` datetime(3) not null, \`checked_out_at\` datetime(3) null, \`method\` enum('qr','button') not null, \`slot_start\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_check_ins\` add index \`duty_check_ins_tenant_id_team_id_checked_in_at_index\` (\`tenant_id\`, \`team_id\`, \`checked_in_at\`);`,
    );
    this.addSql(
      `alter table \`duty_check_ins\` add index \`duty_check_ins_tenant_id_user_id_checked_in_at_index\` (\`tenant_id\`, \`user_id\`, \`checked_in_at\`);`,
    );
    this.addSql(
      `alter table \`duty_check_ins\` add unique \`duty_check_ins_tenant_id_open_user_id_unique\` (\`tenant_id\`, \`open_user_id\`);`,
    );
    this.addSql(
      `create table \`duty_leaves\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) null, \`user_id\` varchar(36) not null, \`starts_at\` datetime(3) not null, \`ends_at\` datetime(3) not null, \`reason\` varchar(200) null, \`status\` enum('requested','approved','rejected') not null default 'requested', \`decided_by\` varchar(36) null, \`decided_at\` datetime(3) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_leaves\` add index \`duty_leaves_tenant_id_user_id_starts_at_index\` (\`tenant_id\`, \`user_id\`, \`starts_at\`);`,
    );
    this.addSql(
      `alter table \`duty_leaves\` add index \`duty_leaves_tenant_id_status_starts_at_index\` (\`tenant_id\`, \`status\`, \`starts_at\`);`,
    );
    this.addSql(
      `create table \`duty_notices\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`kind\` enum('reminder','gap') not null, \`team_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`slot_start\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_notices\` add unique \`duty_notices_once_unique\` (\`tenant_id\`, \`kind\`, \`team_id\`, \`user_id\`, \`slot_start\`);`,
    );
    this.addSql(
      `create table \`duty_overrides\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) not null, \`starts_at\` datetime(3) not null, \`ends_at\` datetime(3) not null, \`user_id\` varchar(36) not null, \`replaces_user_id\` varchar(36) null, \`reason\` varchar(200) null, \`source\` enum('manual','swap') not null default 'manual', \`swap_id\` varchar(36) null, \`created_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_overrides\` add index \`duty_overrides_tenant_id_team_id_starts_at_index\` (\`tenant_id\`, \`team_id\`, \`starts_at\`);`,
    );
    this.addSql(
      `alter table \`duty_overrides\` add index \`duty_overrides_tenant_id_user_id_starts_at_index\` (\`tenant_id\`, \`user_id\`, \`starts_at\`);`,
    );
    this.addSql(
      `create table \`duty_rotations\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) not null, \`name\` varchar(60) not null, \`pattern\` enum('daily24','day_night','weekly') not null, \`handoff_time\` varchar(5) not null, \`per_shift\` int not null default 1, \`order\` json null, \`weekday_pattern\` json null, \`starts_on\` varchar(10) not null, \`ends_on\` varchar(10) null, \`active\` tinyint(1) not null default true, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_rotations\` add index \`duty_rotations_tenant_id_team_id_index\` (\`tenant_id\`, \`team_id\`);`,
    );
    this.addSql(
      `create table \`duty_swaps\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) not null, \`requester_id\` varchar(36) not null, \`requester_slot_start\` datetime(3) not null, \`requester_slot_end\` datetime(3) not null, \`counterpart_id\` varchar(36) not null, \`counterpart_slot_start\` datetime(3) null, \`counterpart_slot_end\` datetime(3) null, \`reason\` varchar(200) null, \`status\` enum('requested','accepted','approved','declined','rejected','cancelled') not null default 'requested', \`decided_by\` varchar(36) null, \`decided_at\` datetime(3) null, \`decision_note\` varchar(200) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_swaps\` add index \`duty_swaps_tenant_id_status_team_id_index\` (\`tenant_id\`, \`status\`, \`team_id\`);`,
    );
    this.addSql(
      `alter table \`duty_swaps\` add index \`duty_swaps_tenant_id_counterpart_id_status_index\` (\`tenant_id\`, \`counterpart_id\`, \`status\`);`,
    );
    this.addSql(
      `alter table \`duty_swaps\` add index \`duty_swaps_tenant_id_requester_id_status_index\` (\`tenant_id\`, \`requester_id\`, \`status\`);`,
    );
    this.addSql(
      `create table \`duty_teams\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`name\` varchar(100) not null, \`kind\` enum('rescue_squad','centre_staff','other') not null, \`leader_user_id\` varchar(36) null, \`min_on_duty\` int not null default 1, \`duty_room_qr\` varchar(160) not null, \`active\` tinyint(1) not null default true, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_teams\` add index \`duty_teams_tenant_id_leader_user_id_index\` (\`tenant_id\`, \`leader_user_id\`);`,
    );
    this.addSql(
      `create table \`duty_team_members\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`team_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`skills\` json not null, \`certificates\` json not null, \`active\` tinyint(1) not null default true, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`duty_team_members\` add index \`duty_team_members_tenant_id_user_id_index\` (\`tenant_id\`, \`user_id\`);`,
    );
    this.addSql(
      `alter table \`duty_team_members\` add unique \`duty_team_members_tenant_id_team_id_user_id_unique\` (\`tenant_id\`, \`team_id\`, \`user_id\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `duty_notices`;');
    this.addSql('drop table if exists `duty_check_ins`;');
    this.addSql('drop table if exists `duty_leaves`;');
    this.addSql('drop table if exists `duty_swaps`;');
    this.addSql('drop table if exists `duty_overrides`;');
    this.addSql('drop table if exists `duty_rotations`;');
    this.addSql('drop table if exists `duty_team_members`;');
    this.addSql('drop table if exists `duty_teams`;');
  }
}

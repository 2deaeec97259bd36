import { Migration } from '@mikro-orm/migrations';

export class Migration20261124001657_init extends Migration {

  override name = 'Migration20261124001657_init';

  override up(): void | Promise<void> {
    this.addSql(`create table \`audit_heads\` (\`tenant_id\` varchar(36) not null, \`last_seq\` bigint not null, \`last_hash\` varchar(64) not null, \`last_id\` bigint not null, primary key (\`tenant_id\`)) default character set utf8mb4 engine = InnoDB;`);

    this.addSql(`create table \`audit_log\` (\`id\` bigint unsigned not null auto_increment primary key, \`tenant_id\` varchar(36) not null, \`seq\` bigint null, \`at\` datetime(3) not null, \`actor_id\` varchar(36) null, \`actor_name\` varchar(64) null, \`role\` varchar(32) null, \`action\` varchar(100) not null, \`entity_type\` varchar(60) not null, \`entity_id\` varchar(64) null, \`op\` enum('create','update','delete','event') not null, \`diff\` json not null, \`ip\` varchar(64) null, \`user_agent\` varchar(300) null, \`request_id\` varchar(64) null, \`prev_hash\` varchar(64) null, \`hash\` varchar(64) null) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_tenant_id_entity_type_entity_id_index\` (\`tenant_id\`, \`entity_type\`, \`entity_id\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_tenant_id_at_index\` (\`tenant_id\`, \`at\`);`);
    this.addSql(`alter table \`audit_log\` add index \`audit_log_tenant_id_hash_index\` (\`tenant_id\`, \`hash\`);`);
    this.addSql(`alter table \`audit_log\` add unique \`audit_log_tenant_id_seq_unique\` (\`tenant_id\`, \`seq\`);`);

    this.addSql(`create table \`catalog_items\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`kind\` varchar(32) not null, \`code\` varchar(40) not null, \`name\` varchar(40) not null, \`group\` varchar(20) null, \`sort\` int not null default 0, \`enabled\` tinyint(1) not null default true, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`catalog_items\` add unique \`catalog_items_tenant_id_kind_code_unique\` (\`tenant_id\`, \`kind\`, \`code\`);`);

    this.addSql(`create table \`enterprises\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`credit_code\` varchar(18) not null, \`name\` varchar(100) not null, \`legal_representative\` varchar(32) null, \`principal_name\` varchar(32) not null, \`principal_phone_sealed\` varchar(200) null, \`principal_phone_masked\` varchar(20) null, \`safety_manager_name\` varchar(32) null, \`safety_manager_phone_sealed\` varchar(200) null, \`safety_manager_phone_masked\` varchar(20) null, \`industry_code\` varchar(8) null, \`industry_name\` varchar(60) null, \`is_industry_trade\` tinyint(1) not null default true, \`ownership\` varchar(20) null, \`employees\` int null, \`annual_revenue\` numeric(14,2) null, \`annual_output\` numeric(14,2) null, \`size_band\` enum('large','medium','small','micro') null, \`address\` varchar(200) null, \`lat\` double null, \`lng\` double null, \`plan_x\` double null, \`plan_y\` double null, \`grid_id\` varchar(36) null, \`building_structure\` varchar(20) null, \`has_sprinklers\` tinyint(1) null, \`landlord_enterprise_id\` varchar(36) null, \`standardisation_level\` varchar(20) null, \`key_place_tags\` json not null, \`status\` enum('active','closed') not null default 'active', \`risk_colour\` enum('red','orange','yellow','blue') null, \`risk_score\` numeric(8,2) null, \`colour_computed_at\` datetime(3) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_grid_id_index\` (\`tenant_id\`, \`grid_id\`);`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_risk_colour_index\` (\`tenant_id\`, \`risk_colour\`);`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_industry_code_index\` (\`tenant_id\`, \`industry_code\`);`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_name_index\` (\`tenant_id\`, \`name\`);`);
    this.addSql(`alter table \`enterprises\` add index \`enterprises_tenant_id_size_band_index\` (\`tenant_id\`, \`size_band\`);`);
    this.addSql(`alter table \`enterprises\` add unique \`enterprises_tenant_id_credit_code_unique\` (\`tenant_id\`, \`credit_code\`);`);

    this.addSql(`create table \`idempotency_records\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`key\` varchar(100) not null, \`request_hash\` varchar(64) not null, \`status\` int not null, \`response\` json null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`idempotency_records\` add unique \`idempotency_records_tenant_id_user_id_key_unique\` (\`tenant_id\`, \`user_id\`, \`key\`);`);

    this.addSql(`create table \`invitations\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`code\` varchar(8) not null, \`role\` varchar(32) not null, \`name\` varchar(32) null, \`phone_sealed\` varchar(200) null, \`phone_masked\` varchar(20) null, \`enterprise_id\` varchar(36) null, \`created_by\` varchar(36) null, \`expires_at\` datetime(3) not null, \`used_at\` datetime(3) null, \`used_by\` varchar(36) null, \`revoked_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`invitations\` add unique \`invitations_tenant_id_code_unique\` (\`tenant_id\`, \`code\`);`);

    this.addSql(`create table \`notifications\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`kind\` varchar(60) not null, \`title\` varchar(120) not null, \`body\` varchar(1000) not null, \`link\` varchar(300) null, \`severity\` enum('info','warning','critical') not null default 'info', \`dedupe_key\` varchar(200) not null, \`read_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`notifications\` add index \`notifications_tenant_id_user_id_read_at_index\` (\`tenant_id\`, \`user_id\`, \`read_at\`);`);
    this.addSql(`alter table \`notifications\` add unique \`notifications_tenant_id_dedupe_key_unique\` (\`tenant_id\`, \`dedupe_key\`);`);

    this.addSql(`create table \`notification_deliveries\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`notification_id\` varchar(36) not null, \`channel\` enum('wechat','sms') not null, \`status\` enum('pending','sent','failed','skipped') not null default 'pending', \`attempts\` int not null default 0, \`provider_message_id\` varchar(100) null, \`last_error\` varchar(500) null, \`sent_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`notification_deliveries\` add index \`notification_deliveries_tenant_id_status_index\` (\`tenant_id\`, \`status\`);`);
    this.addSql(`alter table \`notification_deliveries\` add unique \`notification_deliveries_tenant_id_notification_id_channel_unique\` (\`tenant_id\`, \`notification_id\`, \`channel\`);`);

    this.addSql(`create table \`outbox_events\` (\`id\` varchar(36) not null, \`tenant_id\` varchar(36) not null, \`type\` varchar(80) not null, \`payload\` json not null, \`created_at\` datetime(3) not null, \`available_at\` datetime(3) not null, \`dispatched_at\` datetime(3) null, \`attempts\` int not null default 0, \`last_error\` varchar(500) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`outbox_events\` add index \`outbox_events_dispatched_at_available_at_index\` (\`dispatched_at\`, \`available_at\`);`);
    this.addSql(`alter table \`outbox_events\` add index \`outbox_events_tenant_id_type_index\` (\`tenant_id\`, \`type\`);`);

    this.addSql(`create table \`refresh_tokens\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`session_id\` varchar(36) not null, \`token_hash\` varchar(64) not null, \`expires_at\` datetime(3) not null, \`used_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`refresh_tokens\` add unique \`refresh_tokens_token_hash_unique\` (\`token_hash\`);`);
    this.addSql(`alter table \`refresh_tokens\` add index \`refresh_tokens_tenant_id_session_id_index\` (\`tenant_id\`, \`session_id\`);`);

    this.addSql(`create table \`sessions\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`user_id\` varchar(36) not null, \`client\` enum('console','miniapp') not null, \`ip\` varchar(64) null, \`user_agent\` varchar(300) null, \`last_used_at\` datetime(3) not null, \`expires_at\` datetime(3) not null, \`revoked_at\` datetime(3) null, \`revoke_reason\` varchar(40) null, \`acting_platform_user_id\` varchar(36) null, \`acting_reason\` varchar(200) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`sessions\` add index \`sessions_tenant_id_user_id_index\` (\`tenant_id\`, \`user_id\`);`);

    this.addSql(`create table \`files\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`purpose\` varchar(32) not null, \`mime\` varchar(100) not null, \`size\` int not null, \`sha256\` varchar(64) not null, \`storage_key\` varchar(300) not null, \`original_name\` varchar(200) null, \`width\` int null, \`height\` int null, \`taken_at\` datetime(3) null, \`lat\` double null, \`lng\` double null, \`enterprise_id\` varchar(36) null, \`uploaded_by\` varchar(36) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`files\` add index \`files_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`files\` add index \`files_tenant_id_sha256_index\` (\`tenant_id\`, \`sha256\`);`);

    this.addSql(`create table \`tenants\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`code\` varchar(32) not null, \`name\` varchar(64) not null, \`region\` varchar(64) not null, \`time_zone\` varchar(64) not null, \`kind\` enum('zone','platform') not null, \`status\` enum('active','disabled') not null, \`settings\` json not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`tenants\` add unique \`tenants_code_unique\` (\`code\`);`);

    this.addSql(`create table \`users\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`username\` varchar(32) null, \`name\` varchar(32) not null, \`role\` varchar(32) not null, \`enterprise_id\` varchar(36) null, \`grid_ids\` json not null, \`password_hash\` varchar(200) null, \`must_change_password\` tinyint(1) not null default false, \`phone_sealed\` varchar(200) null, \`phone_masked\` varchar(20) null, \`status\` enum('active','disabled') not null default 'active', \`mfa_secret_sealed\` varchar(200) null, \`mfa_enabled\` tinyint(1) not null default false, \`mfa_last_step\` bigint null, \`last_login_at\` datetime(3) null, \`notification_prefs\` json null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`users\` add index \`users_tenant_id_role_index\` (\`tenant_id\`, \`role\`);`);
    this.addSql(`alter table \`users\` add index \`users_tenant_id_enterprise_id_index\` (\`tenant_id\`, \`enterprise_id\`);`);
    this.addSql(`alter table \`users\` add unique \`users_tenant_id_username_unique\` (\`tenant_id\`, \`username\`);`);

    this.addSql(`create table \`wechat_bindings\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`openid\` varchar(64) not null, \`unionid\` varchar(64) null, \`user_id\` varchar(36) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`);
    this.addSql(`alter table \`wechat_bindings\` add index \`wechat_bindings_tenant_id_user_id_index\` (\`tenant_id\`, \`user_id\`);`);
    this.addSql(`alter table \`wechat_bindings\` add unique \`wechat_bindings_tenant_id_openid_unique\` (\`tenant_id\`, \`openid\`);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists \`audit_heads\`;`);
    this.addSql(`drop table if exists \`audit_log\`;`);
    this.addSql(`drop table if exists \`catalog_items\`;`);
    this.addSql(`drop table if exists \`enterprises\`;`);
    this.addSql(`drop table if exists \`idempotency_records\`;`);
    this.addSql(`drop table if exists \`invitations\`;`);
    this.addSql(`drop table if exists \`notifications\`;`);
    this.addSql(`drop table if exists \`notification_deliveries\`;`);
    this.addSql(`drop table if exists \`outbox_events\`;`);
    this.addSql(`drop table if exists \`refresh_tokens\`;`);
    this.addSql(`drop table if exists \`sessions\`;`);
    this.addSql(`drop table if exists \`files\`;`);
    this.addSql(`drop table if exists \`tenants\`;`);
    this.addSql(`drop table if exists \`users\`;`);
    this.addSql(`drop table if exists \`wechat_bindings\`;`);
  }

}

import { Migration } from '@mikro-orm/migrations';
import { detectSqlEngine } from '../core/db/sql-engine.ts';

/**
 * The audit trail is append-only in the database itself: a chained row cannot be changed, an unchained row can
 * only receive its chain fields, and nothing can be deleted. (The tamper test drops these to play the attacker.)
 * TiDB has no triggers: there the hash chain alone detects tampering (README, "Past one machine").
 */
export class Migration20261124001700_audit_append_only extends Migration {
  override name = 'Migration20261124001700_audit_append_only';

  override async up(): Promise<void> {
    if ((await detectSqlEngine((sql) => this.execute(sql))) === 'tidb') return;
    this.addSql(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW
IF OLD.hash IS NOT NULL
   OR NOT (OLD.tenant_id <=> NEW.tenant_id AND OLD.at <=> NEW.at AND OLD.actor_id <=> NEW.actor_id
           AND OLD.actor_name <=> NEW.actor_name AND OLD.role <=> NEW.role AND OLD.action <=> NEW.action
           AND OLD.entity_type <=> NEW.entity_type AND OLD.entity_id <=> NEW.entity_id AND OLD.op <=> NEW.op
           AND OLD.diff <=> NEW.diff AND OLD.ip <=> NEW.ip AND OLD.user_agent <=> NEW.user_agent
           AND OLD.request_id <=> NEW.request_id)
THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
END IF`);
    this.addSql(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only'`);
  }

  override async down(): Promise<void> {
    if ((await detectSqlEngine((sql) => this.execute(sql))) === 'tidb') return;
    this.addSql('DROP TRIGGER IF EXISTS audit_log_append_only');
    this.addSql('DROP TRIGGER IF EXISTS audit_log_no_delete');
  }
}

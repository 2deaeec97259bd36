import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14 §4, rotating a webhook secret without an outage: the previous secret keeps signing beside the new one
 * until `previous_secret_until` (each POST then carries two `v1=` signatures, which the sdk's verifier accepts), so a
 * receiver can switch over in its own time.
 */
export class Migration20261215150000_webhook_secret_grace extends Migration {
  override name = 'Migration20261215150000_webhook_secret_grace';

  override up(): void | Promise<void> {
    this.addSql(
      'alter table `webhook_subscriptions` add `previous_secret_enc` varchar(200) null, add `previous_secret_until` datetime(3) null;',
    );
  }

  override down(): void | Promise<void> {
    this.addSql('alter table `webhook_subscriptions` drop column `previous_secret_enc`, drop column `previous_secret_until`;');
  }
}

/** Seeds the demo zones (开发区四期 siqi, 苏溪工业功能区 suxi) and prints the logins. Idempotent; refused in production. */
import { DEMO_USERS } from './demo/demo-data.ts';
import { seedDemo } from './demo/demo-seed.ts';
import { withCli } from './cli-context.ts';
import { createOrm } from '../core/db/orm.ts';
import { migrateUp } from '../core/db/migrate.ts';
import { entities } from '../modules/entities.ts';
import { migrations } from '../migrations/index.ts';
import { configOrExit } from '../core/boot.ts';

const config = configOrExit();
if (config.NODE_ENV === 'production') {
  console.error('demo:seed refuses to run with NODE_ENV=production.');
  process.exit(1);
}
const orm = await createOrm(config, { entities, migrations });
await migrateUp(orm);
await orm.close(true);

await withCli('demo.seed', async (c, s, cfg) => {
  const report = await seedDemo(c, s, cfg.DEMO_PASSWORD);
  console.log('\n园安 demo data ready:');
  for (const z of report.zones) {
    const h = z.hazards;
    console.log(
      `  ${z.name} (zone code ${z.code}): ${z.enterprises} enterprises (${Object.entries(z.colours)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}), ${z.users} users, ` +
        (h.skipped
          ? 'hazard history already seeded'
          : `${h.hazards} hazards (${Object.entries(h.byStatus)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ')}; ${h.overdue} overdue, ${h.majorListed} under 挂牌督办)`) +
        `, ${z.alarms} escalation alarms — ${z.seconds} s`,
    );
  }
  console.log(`  seeded in ${report.seconds} s`);
  console.log(
    '\nLogins (every password is DEMO_PASSWORD' + (process.env.DEMO_PASSWORD ? '' : `, default ${cfg.DEMO_PASSWORD}`) + '):',
  );
  console.log('  platform operator: zone code platform, username operator');
  console.log(`  each zone (siqi, suxi): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
  console.log('  city supervision: zone code yiwu, username city (义乌市应急管理局); zone code jinhua, username jhcity');
});

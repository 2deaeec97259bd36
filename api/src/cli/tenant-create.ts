/**
 * Provisions a zone (idempotent): npm run tenant:create -- --code suxi --name 苏溪工业功能区 --region 浙江省义乌市 --admin admin
 * The platform operator's own pseudo-zone: --code platform --name 平台运营 --admin operator
 */
import { passwordProblems } from '../core/auth/passwords.ts';
import { parseArgs, withCli } from './cli-context.ts';

const { values } = parseArgs({
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    region: { type: 'string', default: '浙江省' },
    'time-zone': { type: 'string', default: 'Asia/Shanghai' },
    admin: { type: 'string', default: 'admin' },
    'admin-name': { type: 'string', default: '园区管理员' },
    password: { type: 'string' },
  },
});
if (!values.code || !values.name) {
  console.error('Usage: npm run tenant:create -- --code <code> --name <名称> [--region 浙江省] [--admin admin] [--password …]');
  process.exit(2);
}
if (!/^[a-z][a-z0-9-]{1,31}$/.test(values.code)) {
  console.error('--code must be 2–32 lower-case letters, digits or dashes, starting with a letter');
  process.exit(2);
}
if (values.password && passwordProblems(values.password, values.admin).length) {
  console.error(`--password: ${passwordProblems(values.password, values.admin).join('; ')}`);
  process.exit(2);
}
await withCli('tenants.provision', async (_c, s) => {
  const r = await s.tenants.provision({
    code: values.code!,
    name: values.name!,
    region: values.region!,
    timeZone: values['time-zone'],
    admin: { username: values.admin!, name: values['admin-name']!, password: values.password },
  });
  console.log(
    `${r.created ? 'Created' : 'Already existed, defaults completed'}: ${r.tenant.name} (${r.tenant.code}, ${r.tenant.id})`,
  );
  if (r.adminCreated)
    console.log(
      `Admin: ${values.admin}  password: ${r.initialPassword ?? '(as given)'}${r.initialPassword ? '  (must change at first login)' : ''}`,
    );
  else console.log(`Admin ${values.admin} already exists; password unchanged.`);
});

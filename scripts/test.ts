/**
 * `npm test`: the whole suite, in the order a reviewer would want failures: lint and formatting, type checks,
 * the front-end builds (needed by the browser tests), then every jest project (unit, api integration against
 * the real MariaDB and Redis, browser tests in Chromium). Pass jest arguments after `--`.
 * Set SKIP_BUILD=1 to reuse existing builds, SKIP_STATIC=1 to skip lint and type checks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { missingServices } from './lib/services.ts';
import { elapsed, run } from './lib/run.ts';

const ROOT = join(import.meta.dirname, '..');
if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
const t0 = performance.now();
const jestArgs = process.argv.slice(2);
const step = async (name: string, cmd: string, a: string[]) => {
  const t = performance.now();
  console.log(`\n▶ ${name}`);
  const code = await run(cmd, a, { cwd: ROOT });
  console.log(`${code === 0 ? '✔' : '✘'} ${name} (${elapsed(t)})`);
  if (code !== 0) {
    console.error(`\nnpm test failed at: ${name}`);
    process.exit(code);
  }
};

const missing = await missingServices();
if (missing.length) {
  console.error(`The tests need real services:\n  - ${missing.join('\n  - ')}\n(.ci/run starts them when they are absent.)`);
  process.exit(1);
}
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`Browser tests need Chromium at ${chromium}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}

if (!process.env.SKIP_STATIC) {
  await step('lint (eslint) and formatting (prettier)', 'npm', ['run', 'lint', '--silent']);
  await step('type checks', 'npx', ['turbo', 'run', 'typecheck', '--output-logs=errors-only']);
}
if (!process.env.SKIP_BUILD) {
  await step('front-end builds (admin, mini-program weapp + h5)', 'npx', [
    'turbo',
    'run',
    'build',
    '--output-logs=errors-only',
    '--filter=@yuanan/admin',
    '--filter=@yuanan/miniapp',
  ]);
}
await step('jest: unit, api integration, browser', 'node', [
  '--experimental-vm-modules',
  'node_modules/jest/bin/jest.js',
  '--maxWorkers=2',
  ...jestArgs,
]);
console.log(`\nAll tests passed in ${elapsed(t0)}.`);

/** `npm run bench`: runs every *.bench.ts under test/bench one after another; each prints JSON figures. */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`# ${f}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=4096', join(dir, f)], {
    stdio: 'inherit',
    env: { ...process.env, TEST_LOG_LEVEL: 'warn' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

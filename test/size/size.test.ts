/** The size targets hold (the builds are made by npm test before jest runs): WeChat refuses a main package over 2 MB. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('weapp main package ≤ 1 MB (limit 2 MB) and the admin console’s initial download ≤ 360 KB gzip', () => {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'size.ts')], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  const figures = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { figure: string; bytes: number })
      .map((f) => [f.figure, f.bytes]),
  );
  expect(figures['weapp-main']).toBeGreaterThan(50_000);
  expect(figures['weapp-main']).toBeLessThanOrEqual(1024 * 1024);
  expect(figures['weapp-total']).toBeGreaterThanOrEqual(figures['weapp-main']!);
  expect(figures['admin-initial-gzip']).toBeLessThanOrEqual(360 * 1024);
  expect(figures['h5-initial-gzip']).toBeGreaterThan(10_000);
});

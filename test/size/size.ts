/**
 * `npm run size`: builds what is missing, then prints one JSON line per figure:
 *   weapp-main (WeChat refuses > 2 MB; target ≤ 1 MB), weapp-total, admin-initial-gzip (target ≤ 350 KB),
 *   h5-initial-gzip. "Initial" = the scripts and styles the entry HTML loads before any route-level chunk.
 * Pass --rebuild to build again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '..', '..');
const rebuild = process.argv.includes('--rebuild');

function build(check: string, args: string[]) {
  if (!rebuild && existsSync(check)) return;
  const r = spawnSync('npm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`build failed: npm ${args.join(' ')}`);
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)],
  );
}
const size = (f: string) => statSync(f).size;
const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;

/** Scripts and stylesheets referenced by an entry HTML file (module preloads included). */
function initialAssets(distDir: string, html = 'index.html'): string[] {
  const text = readFileSync(join(distDir, html), 'utf8');
  const refs = [...text.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) =>
    m[1]!.replace(/^\//, '').replace(/^\.\//, ''),
  );
  return [...new Set(refs)].map((r) => join(distDir, r)).filter((f) => existsSync(f));
}

const out = (figure: string, bytes: number, extra: Record<string, unknown> = {}) =>
  console.log(JSON.stringify({ figure, bytes, ...extra }));

build(join(ROOT, 'miniapp', 'dist', 'weapp', 'app.json'), ['run', 'build:weapp', '-w', '@yuanan/miniapp']);
build(join(ROOT, 'miniapp', 'dist', 'h5', 'index.html'), ['run', 'build:h5', '-w', '@yuanan/miniapp']);
build(join(ROOT, 'admin', 'dist', 'index.html'), ['run', 'build', '-w', '@yuanan/admin']);

const weapp = join(ROOT, 'miniapp', 'dist', 'weapp');
const app = JSON.parse(readFileSync(join(weapp, 'app.json'), 'utf8')) as {
  subPackages?: Array<{ root: string }>;
  subpackages?: Array<{ root: string }>;
};
const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
const all = files(weapp).filter((f) => !f.endsWith('.map'));
const inSub = (f: string) => roots.some((r) => relative(weapp, f).startsWith(`${r}/`));
const total = all.reduce((a, f) => a + size(f), 0);
const main = all.filter((f) => !inSub(f)).reduce((a, f) => a + size(f), 0);
out('weapp-main', main, { limit: 2 * 1024 * 1024, target: 1024 * 1024 });
out('weapp-total', total, { subpackages: roots.length });
for (const r of roots)
  out(
    `weapp-subpackage:${r}`,
    all.filter((f) => relative(weapp, f).startsWith(`${r}/`)).reduce((a, f) => a + size(f), 0),
  );

const admin = join(ROOT, 'admin', 'dist');
const adminInitial = initialAssets(admin);
out(
  'admin-initial-gzip',
  adminInitial.reduce((a, f) => a + gz(f), 0),
  { target: 350 * 1024, files: adminInitial.length },
);
const h5 = join(ROOT, 'miniapp', 'dist', 'h5');
const h5Initial = initialAssets(h5);
out(
  'h5-initial-gzip',
  h5Initial.reduce((a, f) => a + gz(f), 0),
  { files: h5Initial.length },
);

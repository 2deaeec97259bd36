/**
 * The console's first download: the entry script, the chunks it imports statically (what index.html preloads)
 * and the CSS, gzip-compressed as a server would send them. Lazy page chunks are not counted.
 * Usage: npm run size -w @yuanan/admin  (after a build)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);

/** Static imports of a chunk (`import … from "./x.js"` / `import "./x.js"`), not dynamic `import()`. */
function staticImports(file: string): string[] {
  const code = readFileSync(join(dist, file), 'utf8');
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\/[^"']+)["']/g))
    out.push(`assets/${m[1]!.slice(2)}`);
  return out;
}

const seen = new Set<string>();
const queue = [...refs];
while (queue.length) {
  const f = queue.shift()!;
  if (seen.has(f)) continue;
  seen.add(f);
  if (f.endsWith('.js')) queue.push(...staticImports(f));
}

let raw = 0;
let gz = 0;
const rows = [...seen].map((f) => {
  const buf = readFileSync(join(dist, f));
  const g = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += g;
  return { f, raw: buf.length, gz: g };
});
rows.sort((a, b) => b.gz - a.gz);
const out = (line: string) => process.stdout.write(`${line}\n`);
for (const r of rows) out(`${(r.gz / 1024).toFixed(1).padStart(8)} KB gz ${(r.raw / 1024).toFixed(1).padStart(8)} KB  ${r.f}`);
out(`${(gz / 1024).toFixed(1).padStart(8)} KB gz ${(raw / 1024).toFixed(1).padStart(8)} KB  initial load (${rows.length} files)`);
const budget = 350;
if (gz / 1024 > budget) {
  console.error(`over the ${budget} KB gzip budget`);
  process.exitCode = 1;
}

import { readFileSync } from 'node:fs';
import { WORKER_NODE_FLAGS } from './worker-flags.ts';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');

test('every way of starting the worker passes the same node flags', () => {
  const pkg = JSON.parse(read('api/package.json')) as { scripts: Record<string, string> };
  expect(pkg.scripts.worker).toBe(`node ${WORKER_NODE_FLAGS.join(' ')} src/worker.ts`);
  const compose = read('docker/compose.yml');
  expect(compose).toContain(`command: ['node', ${WORKER_NODE_FLAGS.map((f) => `'${f}'`).join(', ')}, 'api/src/worker.ts']`);
  expect(read('scripts/start.ts')).toContain('WORKER_NODE_FLAGS');
  expect(read('test/bench/enterprises.bench.ts')).toContain('WORKER_NODE_FLAGS');
});

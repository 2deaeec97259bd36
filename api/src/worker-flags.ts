/**
 * Node flags of the worker process, wherever it is started (api/package.json's "worker" script, scripts/start.ts,
 * docker/compose.yml, the import benchmark; worker-flags.test.ts checks they agree).
 * `--max-semi-space-size=16` (MB): V8's young generation otherwise grows to its maximum during any sustained job
 * (an import of 55,000 rows took the worker from ~220 to ~390 MB RSS, most of it young-generation space, not
 * retained data); capped, the same import peaked at ~300 MB with no measurable slowdown (issue 8 §3,
 * `npm run bench -- enterprises`).
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=16'] as const;

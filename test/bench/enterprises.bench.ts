/**
 * Issue 4/8 benchmark: import 5,000 enterprises with 50,000 sub-records through the real api and worker (a dry run,
 * then the import in one transaction), then list and map latency for a zone of 5,000 enterprises. Prints one JSON
 * figure per line.
 *
 * Memory is measured as a real server uses it: the api (api/src/main.ts) and the worker (api/src/worker.ts) run as
 * their own processes, started as `npm start` starts them (no heap flags), and their resident memory is read from
 * /proc: VmRSS sampled every 20 ms for the per-pass peaks, and VmHWM (the kernel's exact high-water mark, reset
 * through /proc/<pid>/clear_refs before each upload) for the peak. Each process's idle RSS just before the upload is
 * printed beside its peak, and the increment is the import's own cost. This process (database setup, migrations,
 * the workbook) is not measured: it is heavier than either server. The worker runs with WORKER_NODE_FLAGS, as in
 * production; BENCH_WORKER_FLAGS replaces them (e.g. `--trace-gc`, `--heapsnapshot-signal=SIGUSR2`, or empty).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { WORKER_NODE_FLAGS } from '../../api/src/worker-flags.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { figure, latencies, percentile, withPeakMemory } from './lib.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const PER = 10; // sub-records per enterprise → 50,000
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function code(i: number): Promise<string> {
  const { buildCreditCode, CREDIT_CODE_CHARS: c } = await import('@yuanan/domain');
  const body = `MA${c[(i >> 15) % 31]}${c[(i >> 10) % 31]}${c[(i >> 5) % 31]}${c[i % 31]}${c[(i * 7) % 31]}${c[(i * 13) % 31]}`;
  return buildCreditCode('91', '330782', body.replace(/[IOSVZ]/g, '0'));
}

/** A full GC (exposed at run time: the runner does not pass --expose-gc), so garbage does not count as import memory. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function workbook(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const { SHEETS } = await import('../../api/src/modules/enterprises/import/columns.ts');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  // Shared strings, as Excel writes them (and as the import's memory limit counts them).
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: true });
  const sheet = (kind: string) => {
    const def = SHEETS.find((s) => s.kind === kind)!;
    const ws = wb.addWorksheet(def.name);
    ws.addRow(def.columns.map((c) => c.label)).commit();
    return { addRow: (r: unknown[]) => ws.addRow(r).commit(), commit: () => ws.commit() };
  };
  const ent = sheet('enterprises');
  const certs = sheet('certificates');
  const chems = sheet('chemicals');
  const supplies = sheet('supplies');
  const contacts = sheet('contacts');
  const seen = new Set<string>();
  for (let i = 0; i < ENTERPRISES; i++) {
    let cc = await code(i);
    for (let k = 1; seen.has(cc); k++) cc = await code(i + k * 100_003);
    seen.add(cc);
    ent.addRow([
      cc,
      `基准测试企业${i}`,
      '法人',
      `负责人${i}`,
      '13800000000',
      '',
      '',
      'C3389',
      '金属制品',
      '民营',
      20 + (i % 900),
      300 + (i % 5000),
      '',
      `义乌市测试路${i}号`,
      29.2 + (i % 100) / 1000,
      120 + (i % 100) / 1000,
      '',
      '钢结构',
      i % 2 ? '是' : '否',
      '',
      '三级',
      i % 3 ? '有限空间作业场所' : '',
      10,
    ]);
    for (let k = 0; k < 4; k++)
      certs.addRow([cc, `员工${k}`, '特种作业', '电工作业', `T${i}-${k}`, '电工', '2024-01-01', '2030-01-01']);
    for (let k = 0; k < 2; k++)
      chems.addRow([cc, k ? '甲苯' : '乙醇', k ? '108-88-3' : '64-17-5', 1 + k, '吨', '仓库', '甲类仓库', '否']);
    for (let k = 0; k < 3; k++) supplies.addRow([cc, '', `物资${k}`, 10, '个', `仓库${k}`, '2030-01-01', 2]);
    contacts.addRow([cc, `联系人${i}`, '安全员', '13900000000', '是']);
  }
  for (const ws of [ent, certs, chems, supplies, contacts]) ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

const mb = (b: number) => b / 2 ** 20;

// The workbook is built in a child process: building it here would leave its garbage in this process's RSS
// (freed heap is not returned at once) and count against the import.
if (process.argv[2] === '--build-workbook') {
  writeFileSync(process.argv[3]!, await workbook());
  process.exit(0);
}

// The import's sheet reader alone, in a fresh process (nothing else loaded): its own cost, apart from the api,
// the worker and the write pass. Prints one JSON line for the parent.
if (process.argv[2] === '--read-workbook') {
  const buf = readFileSync(process.argv[3]!);
  const { scanWorkbook, readRows } = await import('../../api/src/modules/enterprises/import/workbook.ts');
  gc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const m = await withPeakMemory(async () => {
    let n = 0;
    for await (const _ of readRows(buf, await scanWorkbook(buf), [])) n++;
    return n;
  });
  console.log(
    JSON.stringify({ rows: m.result, ms: performance.now() - t0, baseRssMb: mb(base.rss), baseHeapMb: mb(base.heapUsed), ...m }),
  );
  process.exit(0);
}

// What the validation pass keeps per row, in a process with only the ORM (no api, no queues, nothing else
// allocating): heap after a full GC at the last rows, minus heap after a full GC before, less the shared-string
// table (counted apart by importRowLimit), over the rows. Args: workbook path, database, tenant id.
if (process.argv[2] === '--retained') {
  const [, , , file, dbName, tenantId] = process.argv as string[];
  const { loadConfig } = await import('../../api/src/core/config/config.ts');
  const { createOrm, tenantEm } = await import('../../api/src/core/db/orm.ts');
  const { migrations } = await import('../../api/src/migrations/index.ts');
  const { entities } = await import('../../api/src/modules/entities.ts');
  const { checkImport } = await import('../../api/src/modules/enterprises/import/enterprise-import.ts');
  const { scanWorkbook } = await import('../../api/src/modules/enterprises/import/workbook.ts');
  const orm = await createOrm(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), { entities, migrations, dbName });
  const buf = readFileSync(file!);
  const scan = await scanWorkbook(buf);
  const rows = scan.totalRows - scan.sheets.length;
  const em = tenantEm(orm, tenantId!);
  await checkImport(em, buf, scan, () => undefined); // warm: code compiled, lookups cached by the driver
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  // The least of the last few samples: the checks' state only grows, anything else alive only adds noise.
  let retained = Infinity;
  await checkImport(tenantEm(orm, tenantId!), buf, scan, (n) => {
    if (n < rows - 1500) return;
    gc();
    retained = Math.min(retained, process.memoryUsage().heapUsed - before);
  });
  await orm.close(true);
  console.log(JSON.stringify({ rows, retained, sharedStringBytes: scan.sharedStringBytes }));
  process.exit(0);
}

/** Resident memory of a process from /proc, MB: `VmRSS` now, or `VmHWM` (the peak since the last reset). */
async function procMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts an entry point as its own process (as `npm start` does) and waits until `ready` answers 200. */
async function start(entry: string, env: NodeJS.ProcessEnv, ready: string, flags: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...flags, join(ROOT, entry)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    if (
      await fetch(ready).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const benchBaseMb = mb(process.memoryUsage().rss);
const { createTestEnv, zoneWithAdmin, request } = await import('../../api/src/testing/test-env.ts');
const { multipart } = await import('../../api/src/testing/fixtures.ts');
const env = await createTestEnv({ env: { UPLOAD_MAX_BYTES: String(100 * 1024 * 1024), LOG_LEVEL: 'warn' } });
const children: ChildProcess[] = [];
let wbPath = '';
try {
  const zone = await zoneWithAdmin(env, 'bench');
  const t = performance.now();
  // BENCH_WORKBOOK=<path> keeps the built workbook there and reuses it on the next run (same ENTERPRISES).
  wbPath = process.env.BENCH_WORKBOOK ?? join(tmpdir(), `yuanan-bench-${process.pid}.xlsx`);
  if (!process.env.BENCH_WORKBOOK || !existsSync(wbPath)) {
    const built = spawnSync(process.execPath, [import.meta.filename, '--build-workbook', wbPath], { stdio: 'inherit' });
    if (built.status !== 0) throw new Error('building the workbook failed');
  }
  const file = readFileSync(wbPath);
  const read = spawnSync(process.execPath, [import.meta.filename, '--read-workbook', wbPath], { encoding: 'utf8' });
  if (read.status !== 0) throw new Error(`reading the workbook failed: ${read.stderr}`);
  const reader = JSON.parse(read.stdout.trim().split('\n').pop()!) as Record<string, number>;
  figure('import.workbook.build', performance.now() - t, 'ms', {
    enterprises: ENTERPRISES,
    records: ENTERPRISES * PER,
    bytes: file.length,
  });
  const rows = ENTERPRISES * (1 + PER);
  figure('import.reader_alone', reader.ms!, 'ms', { rows: reader.rows, rowsPerSecond: Math.round(rows / (reader.ms! / 1000)) });
  figure('import.reader_alone.peak_rss', reader.peakRssMb!, 'MB', {
    baselineRssMb: Math.round(reader.baseRssMb!),
    peakHeapMb: Math.round(reader.peakHeapMb!),
    baselineHeapMb: Math.round(reader.baseHeapMb!),
    note: 'the sheet reader in a bare process (only workbook.ts loaded), every row of every sheet',
  });

  // The api and the worker as their own processes, on this run's database, Redis prefix and file store.
  const url = new URL(env.config.DATABASE_URL);
  url.pathname = `/${env.dbName}`;
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url.toString(),
    REDIS_PREFIX: env.config.REDIS_PREFIX,
    FILE_DIR: env.config.FILE_DIR,
    UPLOAD_MAX_BYTES: String(env.config.UPLOAD_MAX_BYTES),
    IMPORT_MEMORY_BUDGET_MB: String(env.config.IMPORT_MEMORY_BUDGET_MB),
    HOST: '127.0.0.1',
  };
  const apiPort = await freePort();
  const workerPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const api = await start('api/src/main.ts', { ...base, PORT: String(apiPort) }, `${apiUrl}/api/v1/health/ready`);
  children.push(api);
  const worker = await start(
    'api/src/worker.ts',
    { ...base, WORKER_HEALTH_PORT: String(workerPort) },
    `http://127.0.0.1:${workerPort}/health`,
    process.env.BENCH_WORKER_FLAGS !== undefined
      ? process.env.BENCH_WORKER_FLAGS.split(' ').filter(Boolean)
      : [...WORKER_NODE_FLAGS],
  );
  children.push(worker);
  const req = (method: string, p: string, o: Parameters<typeof request>[3]) => request(apiUrl, method, p, o);
  await new Promise((r) => setTimeout(r, 3000)); // settle: start-up garbage, the first reconciliation
  gc();
  figure('bench_process.rss', mb(process.memoryUsage().rss), 'MB', {
    atStartMb: Math.round(benchBaseMb),
    note: 'this process (database setup, migrations, an in-process api for provisioning): not what is measured',
  });

  type Peaks = { rss: number };
  /** One upload through the api process, polled until the worker process is done; both processes' memory sampled. */
  const measure = async (dryRun: boolean) => {
    const procs = { api: api.pid!, worker: worker.pid! };
    const baseline = { api: await procMb(procs.api, 'VmRSS'), worker: await procMb(procs.worker, 'VmRSS') };
    for (const pid of Object.values(procs)) await writeFile(`/proc/${pid}/clear_refs`, '5'); // reset VmHWM
    let phase: 'validate' | 'write' = 'validate';
    const phases: Record<'validate' | 'write', Peaks> = { validate: { rss: 0 }, write: { rss: 0 } };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const r = await procMb(procs.worker, 'VmRSS');
        phases[phase].rss = Math.max(phases[phase].rss, r);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    const t0 = performance.now();
    let job: Record<string, any>;
    try {
      const up = await req('POST', '/api/v1/enterprises/import', {
        token: zone.token,
        raw: multipart(file, 'bench.xlsx', { dryRun: String(dryRun) }, XLSX),
      });
      if (up.status !== 202) throw new Error(`upload refused: ${JSON.stringify(up.body)}`);
      for (;;) {
        const j = await req('GET', `/api/v1/imports/${up.body.id}`, { token: zone.token });
        if (!dryRun && Number(j.body.processed) > rows) phase = 'write';
        if (j.body.status === 'done' || j.body.status === 'failed') {
          job = j.body;
          break;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      sampling = false;
      await sampler;
    }
    const ms = performance.now() - t0;
    if (job.status !== 'done' || job.report.length) throw new Error(`import failed: ${JSON.stringify(job).slice(0, 500)}`);
    return {
      ms,
      job,
      phases,
      baseline,
      peak: { api: await procMb(procs.api, 'VmHWM'), worker: await procMb(procs.worker, 'VmHWM') },
      after: { api: await procMb(procs.api, 'VmRSS'), worker: await procMb(procs.worker, 'VmRSS') },
    };
  };
  const r = (x: number) => Math.round(x);
  const dry = await measure(true);
  figure('import.dry_run', dry.ms, 'ms', { rows, rowsPerSecond: r(rows / (dry.ms / 1000)) });
  figure('import.dry_run.peak_rss', dry.peak.worker, 'MB', {
    process: 'worker',
    baselineRssMb: r(dry.baseline.worker),
    incrementMb: r(dry.peak.worker - dry.baseline.worker),
    afterMb: r(dry.after.worker),
    goalMb: 400,
  });
  figure('import.dry_run.api_peak_rss', dry.peak.api, 'MB', { process: 'api', baselineRssMb: r(dry.baseline.api) });
  const real = await measure(false);
  figure('import.5000_enterprises_50000_records', real.ms, 'ms', {
    rowsPerSecond: r(rows / (real.ms / 1000)),
    summary: real.job.summary,
  });
  figure('import.peak_rss', real.peak.worker, 'MB', {
    process: 'worker',
    baselineRssMb: r(real.baseline.worker),
    incrementMb: r(real.peak.worker - real.baseline.worker),
    afterMb: r(real.after.worker),
    goalMb: 400,
    note: 'the worker process: validation pass then the write pass in one transaction',
  });
  figure('import.api_peak_rss', real.peak.api, 'MB', { process: 'api', baselineRssMb: r(real.baseline.api) });
  for (const p of ['validate', 'write'] as const)
    figure(`import.${p}_pass.peak_rss`, real.phases[p].rss, 'MB', { process: 'worker', sampledEveryMs: 20 });
  // What each row keeps alive in the validation pass (the cross-row checks' keys and row numbers), measured in a
  // process of its own (see --retained) as IMPORT_BYTES_PER_ROW was.
  const { IMPORT_BYTES_PER_ROW } = await import('../../api/src/modules/enterprises/import/columns.ts');
  const kept = spawnSync(process.execPath, [import.meta.filename, '--retained', wbPath, env.dbName, zone.tenant.id], {
    encoding: 'utf8',
  });
  if (kept.status !== 0) throw new Error(`measuring the validation state failed: ${kept.stderr}`);
  const k = JSON.parse(kept.stdout.trim().split('\n').pop()!) as { rows: number; retained: number; sharedStringBytes: number };
  figure('import.retained_bytes_per_row', (k.retained - 2 * k.sharedStringBytes) / k.rows, 'B', {
    retainedMb: Math.round(mb(k.retained) * 10) / 10,
    sharedStringXmlMb: Math.round(mb(k.sharedStringBytes) * 10) / 10,
    IMPORT_BYTES_PER_ROW,
    note: 'validation state per row after a full GC, in a process with only the ORM, less 2x the shared-string XML',
  });
  const listLat = await latencies(200, (i) =>
    req(
      'GET',
      `/api/v1/enterprises?page=${1 + (i % 50)}&pageSize=20${i % 3 ? '&sort=-riskScore' : ''}${i % 5 === 0 ? '&q=基准测试企业1' : ''}`,
      { token: zone.token },
    ),
  );
  figure('enterprise_list.p50', percentile(listLat, 50), 'ms', { enterprises: ENTERPRISES });
  figure('enterprise_list.p95', percentile(listLat, 95), 'ms');
  const mapLat = await latencies(50, () => req('GET', '/api/v1/risk/map', { token: zone.token }));
  figure('map_data.p50', percentile(mapLat, 50), 'ms', { markers: ENTERPRISES });
  figure('map_data.p95', percentile(mapLat, 95), 'ms');
} finally {
  for (const ch of children.reverse()) await stop(ch);
  if (wbPath && !process.env.BENCH_WORKBOOK && existsSync(wbPath)) unlinkSync(wbPath);
  await env.close();
}

/**
 * Issue 4 benchmark: import 5,000 enterprises with 50,000 sub-records through the real api and worker (one
 * transaction), then list and map latency for a zone of 5,000 enterprises. Prints one JSON figure per line.
 */
import ExcelJS from 'exceljs';
import { buildCreditCode, CREDIT_CODE_CHARS } from '@yuanan/domain';
import { multipart } from '../../api/src/testing/fixtures.ts';
import { createTestEnv, zoneWithAdmin } from '../../api/src/testing/test-env.ts';
import { SHEETS } from '../../api/src/modules/enterprises/import/columns.ts';
import { figure, latencies, percentile, withPeakMemory } from './lib.ts';

const ENTERPRISES = Number(process.env.BENCH_ENTERPRISES ?? 5000);
const PER = 10; // sub-records per enterprise → 50,000
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function code(i: number): string {
  const c = CREDIT_CODE_CHARS;
  const body = `MA${c[(i >> 15) % 31]}${c[(i >> 10) % 31]}${c[(i >> 5) % 31]}${c[i % 31]}${c[(i * 7) % 31]}${c[(i * 13) % 31]}`;
  return buildCreditCode('91', '330782', body.replace(/[IOSVZ]/g, '0'));
}

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = (kind: string) => {
    const def = SHEETS.find((s) => s.kind === kind)!;
    const ws = wb.addWorksheet(def.name);
    ws.addRow(def.columns.map((c) => c.label));
    return ws;
  };
  const ent = sheet('enterprises');
  const certs = sheet('certificates');
  const chems = sheet('chemicals');
  const supplies = sheet('supplies');
  const contacts = sheet('contacts');
  const seen = new Set<string>();
  for (let i = 0; i < ENTERPRISES; i++) {
    let cc = code(i);
    for (let k = 1; seen.has(cc); k++) cc = code(i + k * 100_003);
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
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const env = await createTestEnv({ worker: true, env: { UPLOAD_MAX_BYTES: String(100 * 1024 * 1024), LOG_LEVEL: 'warn' } });
try {
  const zone = await zoneWithAdmin(env, 'bench');
  let t = performance.now();
  const file = await workbook();
  figure('import.workbook.build', performance.now() - t, 'ms', {
    enterprises: ENTERPRISES,
    records: ENTERPRISES * PER,
    bytes: file.length,
  });
  const { result, peakRssMb, peakHeapMb } = await withPeakMemory(async () => {
    t = performance.now();
    const up = await env.req('POST', '/api/v1/enterprises/import', {
      token: zone.token,
      raw: multipart(file, 'bench.xlsx', { dryRun: 'false' }, XLSX),
    });
    for (;;) {
      const j = await env.req('GET', `/api/v1/imports/${up.body.id}`, { token: zone.token });
      if (j.body.status === 'done' || j.body.status === 'failed') return { job: j.body, ms: performance.now() - t };
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  if (result.job.status !== 'done' || result.job.report.length)
    throw new Error(`import failed: ${JSON.stringify(result.job).slice(0, 500)}`);
  figure('import.5000_enterprises_50000_records', result.ms, 'ms', { summary: result.job.summary });
  figure('import.peak_rss', peakRssMb, 'MB', { note: 'api + worker in one process' });
  figure('import.peak_heap', peakHeapMb, 'MB');
  const listLat = await latencies(200, (i) =>
    env.req(
      'GET',
      `/api/v1/enterprises?page=${1 + (i % 50)}&pageSize=20${i % 3 ? '&sort=-riskScore' : ''}${i % 5 === 0 ? '&q=基准测试企业1' : ''}`,
      { token: zone.token },
    ),
  );
  figure('enterprise_list.p50', percentile(listLat, 50), 'ms', { enterprises: ENTERPRISES });
  figure('enterprise_list.p95', percentile(listLat, 95), 'ms');
  const mapLat = await latencies(50, () => env.req('GET', '/api/v1/risk/map', { token: zone.token }));
  figure('map_data.p50', percentile(mapLat, 50), 'ms', { markers: ENTERPRISES });
  figure('map_data.p95', percentile(mapLat, 95), 'ms');
} finally {
  await env.close();
}

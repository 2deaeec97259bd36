/**
 * The incident's documents as Word files (fonts named for Chinese: 宋体 in Word/WPS):
 * - 事故快报 (initial report): the fields of 生产安全事故报告和调查处理条例 Art. 12 — (一) the unit, (二) time, place
 *   and scene, (三) the brief course, (四) casualties incl. the missing and the estimated direct loss, (五) measures
 *   taken, (六) other — plus the grade (Art. 3) and the reporting clock; a drill carries a 演练 line at the top and
 *   bottom (演练不上报).
 * - 处置总结报告 (after-action report, closed incidents): summary, key times, dispatch times per person, equipment,
 *   warnings, the checklist and the whole timeline.
 * Loaded on first use by the routes (docx costs memory the idle api does not need).
 */
import { AlignmentType, Document, Packer, Table, TableRow, WidthType } from 'docx';
import {
  ACCIDENT_GRADE_LABELS,
  AUTHORITY_REPORT_CHANNEL_LABELS,
  DISPATCH_STATUS_LABELS,
  INCIDENT_EVENT_KIND_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TYPE_LABELS,
  REPORTING_CLOCK_STATE_LABELS,
  WARNING_LEVEL_LABELS,
  type IncidentDetail,
} from '@yuanan/contracts';
import { localMinute } from '@yuanan/domain';
import { BORDERS, cell, FONT, para, run } from '../../core/docx/docx-kit.ts';

function table(widths: number[], header: string[], rows: string[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, widths[i]!, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, widths[i]!)) })),
    ],
  });
}
/** Two-column form rows (label, value). */
function form(rows: Array<[string, string]>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: BORDERS,
    rows: rows.map(([k, v]) => new TableRow({ children: [cell(k, 26, true), cell(v, 74)] })),
  });
}

export interface IncidentDocumentInput {
  zoneName: string;
  timeZone: string;
  incident: IncidentDetail;
}

const when = (iso: string | null | undefined, tz: string) => (iso ? localMinute(new Date(iso), tz) : '—');
const place = (d: IncidentDetail) =>
  [d.enterpriseName, d.address, d.lat != null && d.lng != null ? `（${d.lat.toFixed(5)}, ${d.lng.toFixed(5)}）` : null]
    .filter(Boolean)
    .join(' ') || '—';
const casualtyWords = (d: Pick<IncidentDetail, 'deaths' | 'missing' | 'seriousInjuries' | 'minorInjuries' | 'directLossWan'>) =>
  `死亡 ${d.deaths} 人，下落不明（失踪） ${d.missing} 人，重伤（含急性工业中毒） ${d.seriousInjuries} 人，轻伤 ${d.minorInjuries} 人；初步估计直接经济损失 ${d.directLossWan} 万元`;
const drillBanner = (d: IncidentDetail) =>
  d.isDrill
    ? [
        para([run('【演练】本文件为应急演练记录，不作为事故报告上报', { bold: true, color: 'C00000', size: 28 })], {
          align: AlignmentType.CENTER,
          after: 240,
        }),
      ]
    : [];

/** The measures taken (Art. 12 (五)), as the desk recorded them: plan, steps done, people, units, warnings. */
function measures(d: IncidentDetail): string {
  const parts: string[] = [];
  if (d.plan) parts.push(`启动《${d.plan.title}》`);
  const done = d.checklist.filter((c) => c.doneAt);
  if (done.length) parts.push(`已完成：${done.map((c) => c.action).join('；')}`);
  const people = d.dispatches.filter((x) => x.status !== 'stood_down' && x.status !== 'escalated');
  if (people.length) parts.push(`调派救援人员 ${people.length} 人（${people.map((p) => p.userName).join('、')}）`);
  if (d.equipment.length) parts.push(`出动器材 ${d.equipment.length} 件`);
  if (d.warnings.length) parts.push(`向下风向 ${d.warnings.length} 个单位发布预警`);
  return parts.join('；') || '已接警，正在核实处置';
}

/** 事故快报 (Art. 12 fields). */
export async function initialReport(input: IncidentDocumentInput): Promise<Buffer> {
  const d = input.incident;
  const tz = input.timeZone;
  const rep = d.authorityReport;
  const doc = new Document({
    creator: '园安',
    title: `事故快报 ${d.no}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        children: [
          ...drillBanner(d),
          para([run(input.zoneName, { size: 28 })], { align: AlignmentType.CENTER }),
          para([run('生产安全事故快报', { bold: true, size: 40 })], { align: AlignmentType.CENTER, after: 120 }),
          para(
            [run(`编号：${d.no}\u3000\u3000报告时间：${when(rep?.reportedAt ?? new Date().toISOString(), tz)}`, { size: 22 })],
            {
              align: AlignmentType.CENTER,
              after: 360,
            },
          ),
          form([
            ['（一）事故发生单位概况', d.enterpriseName ?? input.zoneName],
            ['（二）发生时间', when(d.occurredAt, tz)],
            ['\u3000\u3000\u3000发生地点', place(d)],
            ['\u3000\u3000\u3000事故类型', `${INCIDENT_TYPE_LABELS[d.type].zh}（${WARNING_LEVEL_LABELS[d.level].zh}响应）`],
            ['\u3000\u3000\u3000事故现场情况', d.description],
            [
              '（三）事故简要经过',
              `${when(d.learnedAt, tz)} 经${INCIDENT_SOURCE_LABELS[d.source].zh}接报（报警人 ${d.reporterName}）。${d.description}`,
            ],
            ['（四）伤亡和损失', casualtyWords(d)],
            [
              '\u3000\u3000\u3000事故等级（初判）',
              d.grade ? ACCIDENT_GRADE_LABELS[d.grade].zh : '暂无人员伤亡和经济损失，待核定',
            ],
            ['（五）已经采取的措施', measures(d)],
            [
              '（六）其他应当报告的情况',
              d.windFromDeg != null ? `现场风向 ${Math.round(d.windFromDeg)}°（来向），风速 ${d.windSpeed ?? '—'} m/s` : '—',
            ],
            ['接报时间', when(d.learnedAt, tz)],
            [
              '上报时限',
              d.clock.authorityDueAt
                ? `${when(d.clock.authorityDueAt, tz)}（${REPORTING_CLOCK_STATE_LABELS[d.clock.state].zh}）`
                : REPORTING_CLOCK_STATE_LABELS[d.clock.state].zh,
            ],
            [
              '报告对象及方式',
              rep ? `${rep.authority}，${AUTHORITY_REPORT_CHANNEL_LABELS[rep.channel].zh}，报告人 ${rep.reporterName}` : '—',
            ],
          ]),
          para(
            [
              run(
                '依据《生产安全事故报告和调查处理条例》第九条、第十二条：事故发生后，事故现场有关人员应当立即向本单位负责人报告；单位负责人接到报告后，应当于 1 小时内向事故发生地县级以上人民政府安全生产监督管理部门和负有安全生产监督管理职责的有关部门报告。自事故发生之日起 30 日内（火灾事故 7 日内），伤亡人数发生变化的，应当及时补报。',
                { size: 21 },
              ),
            ],
            { before: 240, indent: true },
          ),
          para([run(`报告单位（盖章）：${d.enterpriseName ?? input.zoneName}`)], { before: 480 }),
          para([run('单位负责人：____________\u3000\u3000联系电话：____________')], { before: 120 }),
          ...(d.isDrill ? drillBanner(d) : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** 处置总结报告 (closed incidents). */
export async function afterActionReport(input: IncidentDocumentInput): Promise<Buffer> {
  const d = input.incident;
  const tz = input.timeZone;
  const first = (pick: (x: IncidentDetail['dispatches'][number]) => string | null) =>
    d.dispatches
      .map(pick)
      .filter((x): x is string => !!x)
      .sort()[0] ?? null;
  const minutesFrom = (iso: string | null) =>
    iso ? `${Math.round((Date.parse(iso) - Date.parse(d.learnedAt)) / 60_000)} 分钟` : '—';
  const firstDispatch = first((x) => x.dispatchedAt);
  const firstAck = first((x) => x.acknowledgedAt);
  const firstOnScene = first((x) => x.onSceneAt);
  const doc = new Document({
    creator: '园安',
    title: `处置总结报告 ${d.no}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        children: [
          ...drillBanner(d),
          para([run(input.zoneName, { size: 28 })], { align: AlignmentType.CENTER }),
          para([run(d.isDrill ? '应急演练总结报告' : '突发事件处置总结报告', { bold: true, size: 40 })], {
            align: AlignmentType.CENTER,
            after: 120,
          }),
          para([run(`编号：${d.no}`, { size: 22 })], { align: AlignmentType.CENTER, after: 360 }),
          para([run('一、基本情况', { bold: true })]),
          form([
            ['事件类型', `${INCIDENT_TYPE_LABELS[d.type].zh}（${WARNING_LEVEL_LABELS[d.level].zh}）`],
            ['涉事单位及地点', place(d)],
            ['发生时间 / 接报时间', `${when(d.occurredAt, tz)} / ${when(d.learnedAt, tz)}`],
            ['接报方式', `${INCIDENT_SOURCE_LABELS[d.source].zh}（${d.reporterName}）`],
            [
              '状态',
              `${INCIDENT_STATUS_LABELS[d.status].zh}，${when(d.closedAt, tz)}${d.closedByName ? `（${d.closedByName}）` : ''}`,
            ],
            ['伤亡和损失', casualtyWords(d)],
            ['事故等级', d.grade ? ACCIDENT_GRADE_LABELS[d.grade].zh : '无'],
            [
              '向应急管理部门报告',
              d.isDrill
                ? '演练，不上报'
                : d.authorityReport
                  ? `${when(d.authorityReport.reportedAt, tz)} ${d.authorityReport.authority}（${AUTHORITY_REPORT_CHANNEL_LABELS[d.authorityReport.channel].zh}）`
                  : '未登记',
            ],
            ['启动预案', d.plan ? `《${d.plan.title}》` : '—'],
          ]),
          para([run('二、处置总结', { bold: true })], { before: 240 }),
          para([run(d.summary ?? '—')], { indent: true }),
          para([run('三、关键时间', { bold: true })], { before: 240 }),
          form([
            ['首次调派', `${when(firstDispatch, tz)}（接报后 ${minutesFrom(firstDispatch)}）`],
            ['首次确认接警', `${when(firstAck, tz)}（接报后 ${minutesFrom(firstAck)}）`],
            ['首批到场', `${when(firstOnScene, tz)}（接报后 ${minutesFrom(firstOnScene)}）`],
            ['事态控制', `${when(d.controlledAt, tz)}（接报后 ${minutesFrom(d.controlledAt)}）`],
          ]),
          para([run('四、人员调派', { bold: true })], { before: 240 }),
          d.dispatches.length
            ? table(
                [16, 14, 14, 14, 14, 14, 14],
                ['人员', '状态', '调派', '确认', '出发', '到场', '完成'],
                d.dispatches.map((x) => [
                  `${x.userName}${x.isLeader ? '（队长）' : ''}`,
                  `${DISPATCH_STATUS_LABELS[x.status].zh}${x.lateAck ? '（超时确认）' : ''}`,
                  when(x.dispatchedAt, tz),
                  when(x.acknowledgedAt, tz),
                  when(x.enRouteAt, tz),
                  when(x.onSceneAt, tz),
                  when(x.doneAt, tz),
                ]),
              )
            : para([run('无')], { indent: true }),
          para([run('五、器材', { bold: true })], { before: 240 }),
          d.equipment.length
            ? table(
                [22, 26, 14, 20, 18],
                ['编号', '器材', '方式', '出动时间', '归还时间'],
                d.equipment.map((e) => [
                  e.assetTag,
                  e.modelName,
                  e.how === 'recalled' ? `召回${e.borrowerName ? `（${e.borrowerName}）` : ''}` : '出库',
                  when(e.at, tz),
                  when(e.releasedAt, tz),
                ]),
              )
            : para([run('无')], { indent: true }),
          para([run('六、下风向预警', { bold: true })], { before: 240 }),
          d.warnings.length
            ? table(
                [30, 16, 24, 30],
                ['对象', '距离', '发布时间', '确认'],
                d.warnings.map((w) => [
                  w.name,
                  `${Math.round(w.distanceM)} 米`,
                  `${when(w.sentAt, tz)}${w.simulated ? '（演练，未实际发送）' : ''}`,
                  w.acknowledgedAt ? `${when(w.acknowledgedAt, tz)} ${w.acknowledgedByName ?? ''}` : '未确认',
                ]),
              )
            : para([run('无')], { indent: true }),
          para([run('七、预案处置步骤', { bold: true })], { before: 240 }),
          d.checklist.length
            ? table(
                [8, 16, 44, 16, 16],
                ['序号', '责任', '措施', '时限', '完成'],
                d.checklist.map((c) => [
                  String(c.order),
                  c.who,
                  c.action,
                  when(c.dueAt, tz),
                  c.doneAt ? when(c.doneAt, tz) : '未完成',
                ]),
              )
            : para([run('无')], { indent: true }),
          para([run('八、处置时间线', { bold: true })], { before: 240 }),
          table(
            [20, 16, 16, 48],
            ['时间', '事项', '人员', '内容'],
            d.events.map((e) => [when(e.at, tz), INCIDENT_EVENT_KIND_LABELS[e.kind].zh, e.actorName, e.text]),
          ),
          para([run(`${input.zoneName}\u3000\u3000${when(new Date().toISOString(), tz)}`)], {
            align: AlignmentType.RIGHT,
            before: 480,
          }),
          ...(d.isDrill ? drillBanner(d) : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

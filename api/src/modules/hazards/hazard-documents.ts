import { AlignmentType, Document, Packer, Table, TableRow, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import {
  HAZARD_SOURCE_LABELS,
  HAZARD_STATUS_LABELS,
  type Hazard as HazardDto,
  type ResolvedLawCitation,
} from '@yuanan/contracts';
import { articleKey, normaliseLawTitle, parseCitationText } from '@yuanan/domain';
import { BORDERS, cell, FONT, para, run as text } from '../../core/docx/docx-kit.ts';

/** 《安全生产法》第二十一条 — a cited article's short name in the notice. */
const citationName = (c: ResolvedLawCitation) => (c.documentTitle ? `《${c.documentTitle}》${c.articleLabel}` : c.articleLabel);

/** What the notice adds after a quoted article that is no longer the text in force (the record is flagged too). */
const STATE_NOTES: Partial<Record<ResolvedLawCitation['state'], string>> = {
  amended: '（注：该条文所在版本已被修订，现行条文有变化）',
  repealed: '（注：该法规已废止）',
  not_yet_effective: '（注：该条文尚未施行）',
};

/** The cited articles that resolve to an article, each once, in the order the hazards cite them. */
function citedArticles(hazards: ReadonlyArray<{ citations?: ResolvedLawCitation[] }>): ResolvedLawCitation[] {
  const seen = new Set<string>();
  return hazards
    .flatMap((h) => h.citations ?? [])
    .filter((c) => c.exists && !seen.has(`${c.versionId}#${c.articleKey}`) && !!seen.add(`${c.versionId}#${c.articleKey}`));
}

/**
 * A hazard's 依据 cell: its cited articles (《title》第X条), and the free-text legal basis only when it names
 * something the citations do not — '《安全生产法》第二十一条' beside a citation of 《中华人民共和国安全生产法》第二十一条
 * is the same article twice (titles compared by `normaliseLawTitle`, articles by number). Free text naming no
 * article it can read (e.g. a standard's clause) is kept. '—' when there is nothing.
 */
export function basisCell(legalBasis: string | null | undefined, citations: readonly ResolvedLawCitation[]): string {
  const cited = citations.filter((c) => c.exists);
  const citedKeys = new Set(
    cited.filter((c) => c.documentTitle).map((c) => `${normaliseLawTitle(c.documentTitle!)}#${c.articleKey}`),
  );
  const free = legalBasis?.trim() ?? '';
  const refs = free ? parseCitationText(free) : [];
  const coveredByCitations =
    refs.length > 0 && refs.every((r) => citedKeys.has(`${normaliseLawTitle(r.title)}#${articleKey(r.number, r.suffix)}`));
  return [...(free && !coveredByCitations ? [free] : []), ...new Set(cited.map(citationName))].join('；') || '—';
}

/**
 * The 依据 part of the notice: each cited article once (in the order the hazards cite them), its name and version,
 * then its full text paragraph by paragraph — the enterprise reads the exact obligation, not only its number.
 * A citation that resolves to nothing (missing) is left out.
 */
function quotedArticles(cited: readonly ResolvedLawCitation[]) {
  if (!cited.length) return [];
  return [
    para([text('依据条文', { bold: true })], { before: 240 }),
    ...cited.flatMap((c) => [
      para(
        [
          text(citationName(c), { bold: true, size: 22 }),
          ...(c.versionLabel ? [text(`（${c.versionLabel}）`, { size: 22 })] : []),
          ...(STATE_NOTES[c.state] ? [text(STATE_NOTES[c.state]!, { size: 21, color: 'C00000' })] : []),
        ],
        { before: 120, after: 60 },
      ),
      ...c.text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => para([text(l, { size: 22 })], { indent: true, after: 60 })),
    ]),
  ];
}

/** The basis the notice's opening sentence names when nothing is cited (事故隐患排查治理: 安全生产法 第四十一条). */
const DEFAULT_BASIS = '《中华人民共和国安全生产法》第四十一条';

/**
 * 隐患整改通知书 as a Word document (fonts named for Chinese: 宋体 in Word/WPS). One notice per enterprise can list
 * several hazards. A hazard's cited articles (`citations`, resolved) are named in its 依据 cell and quoted in full
 * under 依据条文 after the table; the opening sentence names the first cited article (安全生产法 第四十一条 when
 * nothing is cited).
 */
export async function rectificationNotice(input: {
  zoneName: string;
  enterpriseName: string;
  noticeNo: string;
  issuedOn: string;
  hazards: Array<HazardDto & { citations?: ResolvedLawCitation[] }>;
}): Promise<Buffer> {
  const cited = citedArticles(input.hazards);
  const rows = [
    new TableRow({
      tableHeader: true,
      children: [
        cell('编号', 16, true),
        cell('隐患描述', 40, true),
        cell('等级', 10, true),
        cell('依据', 20, true),
        cell('整改期限', 14, true),
      ],
    }),
    ...input.hazards.map(
      (h) =>
        new TableRow({
          children: [
            cell(h.code, 16),
            cell(`${h.description}${h.place ? `（${h.place}）` : ''}`, 40),
            cell(h.grade === 'major' ? '重大隐患' : '一般隐患', 10),
            cell(basisCell(h.legalBasis, h.citations ?? []), 20),
            cell(h.deadlineDate ?? '立即整改', 14),
          ],
        }),
    ),
  ];
  const doc = new Document({
    creator: '园安',
    title: `隐患整改通知书 ${input.noticeNo}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        children: [
          para([text(input.zoneName, { size: 28 })], { align: AlignmentType.CENTER }),
          para([text('隐患整改通知书', { bold: true, size: 40 })], { align: AlignmentType.CENTER, after: 120 }),
          para([text(input.noticeNo, { size: 22 })], { align: AlignmentType.CENTER, after: 360 }),
          para([text(`${input.enterpriseName}：`)]),
          para(
            [
              text(
                `经检查，你单位存在下列生产安全事故隐患。根据${cited[0] ? citationName(cited[0]) : DEFAULT_BASIS}等规定，现责令你单位按下列期限整改，落实整改措施、责任、资金、时限和预案，整改完成后通过园安小程序提交整改情况及照片，申请复核。`,
              ),
            ],
            { indent: true },
          ),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows,
            borders: BORDERS,
          }),
          ...quotedArticles(cited),
          para(
            [
              text(
                '重大事故隐患须制定治理方案（目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案），并及时报告负有安全生产监督管理职责的部门。整改期间应采取有效防范措施，防止事故发生。',
              ),
            ],
            { indent: true, before: 240 },
          ),
          para([text('逾期未整改或整改不到位的，将依法处理。')], { indent: true }),
          para([text(`${input.zoneName}安全生产办公室`)], { align: AlignmentType.RIGHT, before: 600 }),
          para([text(input.issuedOn)], { align: AlignmentType.RIGHT }),
          para([text('企业签收人：____________　　签收日期：____________', { size: 21 })], { before: 480 }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The ledger (台账) as a workbook. */
export async function hazardLedger(rows: HazardDto[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('隐患台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '编号', key: 'code', width: 20 },
    { header: '企业', key: 'enterpriseName', width: 28 },
    { header: '来源', key: 'source', width: 12 },
    { header: '类别', key: 'categoryName', width: 12 },
    { header: '等级', key: 'grade', width: 10 },
    { header: '状态', key: 'status', width: 10 },
    { header: '隐患描述', key: 'description', width: 40 },
    { header: '部位', key: 'place', width: 16 },
    { header: '责任人', key: 'responsibleName', width: 10 },
    { header: '整改期限', key: 'deadlineDate', width: 12 },
    { header: '是否逾期', key: 'overdue', width: 10 },
    { header: '整改措施', key: 'measures', width: 30 },
    { header: '整改资金（元）', key: 'cost', width: 12 },
    { header: '上报人', key: 'reportedByName', width: 10 },
    { header: '上报时间', key: 'reportedAt', width: 18 },
    { header: '闭环时间', key: 'closedAt', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const h of rows) {
    ws.addRow({
      ...h,
      source: HAZARD_SOURCE_LABELS[h.source],
      grade: h.grade === 'major' ? '重大' : h.grade === 'general' ? '一般' : '待定级',
      status: HAZARD_STATUS_LABELS[h.status],
      overdue: h.overdue ? '是' : '否',
      reportedAt: h.reportedAt.slice(0, 16).replace('T', ' '),
      closedAt: h.closedAt?.slice(0, 16).replace('T', ' ') ?? '',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

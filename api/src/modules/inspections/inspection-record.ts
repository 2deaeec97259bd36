import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CHECK_IN_METHOD_LABELS, INSPECTION_TASK_KIND_LABELS, type InspectionRecordedAnswer } from '@yuanan/contracts';
import { INSPECTION_OUTCOME_LABELS, type InspectionSection } from '@yuanan/domain';

/**
 * 检查记录 (the record of one inspection) as a Word document, in the manner of the hazards module's notice
 * (hazard-documents.ts: docx, 宋体, tables with thin borders): who inspected which enterprise when, the check-in
 * proof, every item with its answer and outcome, the hazards raised, the summary and the signature.
 */
const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const text = (t: string, o: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: t, font: FONT, size: o.size ?? 24, bold: o.bold });
const para = (
  runs: (TextRun | ImageRun)[],
  o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number } = {},
) =>
  new Paragraph({
    children: runs,
    alignment: o.align,
    spacing: { before: o.before ?? 0, after: o.after ?? 120, line: 360 },
  });
const cell = (t: string, width: number, bold = false) =>
  new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: [para([text(t, { bold, size: 21 })], { after: 0 })],
  });
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const table = (rows: TableRow[]) =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
  });

export interface InspectionRecordInput {
  zoneName: string;
  enterpriseName: string;
  enterpriseAddress: string | null;
  templateName: string;
  templateVersion: number;
  kind: keyof typeof INSPECTION_TASK_KIND_LABELS;
  inspectorName: string | null;
  /** Zone-local "YYYY-MM-DD HH:mm" texts. */
  dueAt: string;
  checkInAt: string | null;
  completedAt: string | null;
  late: boolean;
  checkIn: { method: 'gps' | 'qr'; inside: boolean; distanceM: number | null; flagged: boolean; reason: string | null } | null;
  sections: InspectionSection[];
  answers: InspectionRecordedAnswer[];
  hazards: { id: string; code: string; grade: string | null }[];
  summary: { items: number; passed: number; failed: number; na: number } | null;
  signerName: string | null;
  /** PNG or JPEG bytes of the signature, when it can be read. */
  signatureImage: { type: 'png' | 'jpg'; data: Buffer; width: number; height: number } | null;
}

function valueText(a: InspectionRecordedAnswer, item: InspectionSection['items'][number]): string {
  if (a.value === null || a.value === '') return item.kind === 'photo' ? `照片 ${a.photos.length} 张` : '—';
  if (typeof a.value === 'boolean') return a.value ? '是' : '否';
  if (typeof a.value === 'number') return `${a.value}${item.unit ?? ''}`;
  if (item.kind === 'choice') return item.options?.find((o) => o.value === a.value)?.label ?? a.value;
  return a.value;
}

export async function inspectionRecordDocx(r: InspectionRecordInput): Promise<Buffer> {
  const byKey = new Map(r.answers.map((a) => [a.itemKey, a]));
  const hazardCode = new Map(r.hazards.map((h) => [h.id, `${h.code}${h.grade === 'major' ? '（重大）' : ''}`]));
  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      children: [
        cell('序号', 7, true),
        cell('检查项', 38, true),
        cell('检查情况', 20, true),
        cell('结论', 10, true),
        cell('隐患编号', 25, true),
      ],
    }),
  ];
  let n = 0;
  for (const s of r.sections) {
    const items = s.items.filter((i) => byKey.has(i.key));
    if (!items.length) continue;
    rows.push(
      new TableRow({
        children: [new TableCell({ columnSpan: 5, children: [para([text(s.title, { bold: true, size: 21 })], { after: 0 })] })],
      }),
    );
    for (const item of items) {
      const a = byKey.get(item.key)!;
      const found = `${valueText(a, item)}${a.note ? `；${a.note}` : ''}${a.photos.length && item.kind !== 'photo' ? `（照片 ${a.photos.length} 张）` : ''}`;
      rows.push(
        new TableRow({
          children: [
            cell(String(++n), 7),
            cell(`${item.text}${item.legalBasis ? `（依据：${item.legalBasis}）` : ''}`, 38),
            cell(found, 20),
            cell(INSPECTION_OUTCOME_LABELS[a.outcome], 10),
            cell(a.hazardId ? (hazardCode.get(a.hazardId) ?? '') : '', 25),
          ],
        }),
      );
    }
  }
  const ci = r.checkIn;
  const checkInText = ci
    ? `${CHECK_IN_METHOD_LABELS[ci.method].zh}，${r.checkInAt ?? ''}，${ci.inside ? '在电子围栏内' : '在电子围栏外'}${ci.distanceM !== null ? `（距企业 ${ci.distanceM} 米）` : ''}${ci.flagged && ci.reason ? `。异常：${ci.reason}` : ''}`
    : '未签到';
  const info: Array<[string, string]> = [
    ['受检企业', r.enterpriseName],
    ['企业地址', r.enterpriseAddress ?? '—'],
    ['检查类型', INSPECTION_TASK_KIND_LABELS[r.kind].zh],
    ['检查表', `${r.templateName}（第 ${r.templateVersion} 版）`],
    ['检查人员', r.inspectorName ?? '—'],
    ['签到', checkInText],
    ['完成时间', `${r.completedAt ?? '—'}${r.late ? `（超期完成，应于 ${r.dueAt} 前完成）` : ''}`],
  ];
  const s = r.summary;
  const doc = new Document({
    creator: '园安',
    title: `检查记录 ${r.enterpriseName}`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        children: [
          para([text(r.zoneName, { size: 28 })], { align: AlignmentType.CENTER }),
          para([text('安全生产检查记录', { bold: true, size: 40 })], { align: AlignmentType.CENTER, after: 360 }),
          table(info.map(([k, v]) => new TableRow({ children: [cell(k, 20, true), cell(v, 80)] }))),
          para([text('检查内容', { bold: true })], { before: 240 }),
          table(rows),
          para(
            [
              text(
                s
                  ? `检查结论：共检查 ${s.items} 项，合格 ${s.passed} 项，不合格 ${s.failed} 项，不适用 ${s.na} 项；发现隐患 ${r.hazards.length} 项${r.hazards.some((h) => h.grade === 'major') ? `，其中重大隐患 ${r.hazards.filter((h) => h.grade === 'major').length} 项` : ''}。`
                  : '检查结论：—',
              ),
            ],
            { before: 240 },
          ),
          r.hazards.length
            ? para([text('发现的隐患已录入隐患闭环，整改情况以隐患台账为准。', { size: 21 })])
            : para([text('未发现隐患。', { size: 21 })]),
          para(
            [
              text(`签字：${r.signerName ?? '____________'} `),
              ...(r.signatureImage
                ? [
                    new ImageRun({
                      type: r.signatureImage.type,
                      data: r.signatureImage.data,
                      transformation: { width: r.signatureImage.width, height: r.signatureImage.height },
                    }),
                  ]
                : []),
            ],
            { before: 480 },
          ),
          para([text(`日期：${r.completedAt?.slice(0, 10) ?? '____________'}`)]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

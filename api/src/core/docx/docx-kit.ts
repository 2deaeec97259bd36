/**
 * The small pieces every Word document of the api is built from (docx): text runs in 宋体 (named for Word/WPS),
 * paragraphs with 1.5 line spacing, bordered table cells with a width in percent. Sizes are half-points (24 = 小四,
 * 21 = 五号). Import it only from modules loaded on first use (docx costs memory the idle api does not need).
 */
import { type AlignmentType, BorderStyle, Paragraph, TableCell, TextRun, WidthType } from 'docx';

/** 宋体, named so that Word and WPS pick it for Latin and Chinese text. */
export const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };

/** A run of text: size in half-points (default 24, 小四), optional bold and hex colour (e.g. 'C00000'). */
export const run = (t: string, o: { bold?: boolean; size?: number; color?: string } = {}) =>
  new TextRun({ text: t, font: FONT, size: o.size ?? 24, bold: o.bold, color: o.color });

/**
 * A paragraph: spacing before/after in twips (after defaults to 120), line 360 (1.5 lines); `indent` indents the
 * first line by two characters (480 twips).
 */
export const para = (
  runs: TextRun[],
  o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; before?: number; after?: number; indent?: boolean } = {},
) =>
  new Paragraph({
    children: runs,
    alignment: o.align,
    spacing: { before: o.before ?? 0, after: o.after ?? 120, line: 360 },
    indent: o.indent ? { firstLine: 480 } : undefined,
  });

/** A thin grey table border line. */
export const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
/** Every edge and inner line of a table in BORDER. */
export const BORDERS = {
  top: BORDER,
  bottom: BORDER,
  left: BORDER,
  right: BORDER,
  insideHorizontal: BORDER,
  insideVertical: BORDER,
};

/** A table cell of `width` percent holding one paragraph of 五号 (size 21) text, bold for headers. */
export function cell(t: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    children: [para([run(t, { bold, size: 21 })], { after: 0 })],
  });
}

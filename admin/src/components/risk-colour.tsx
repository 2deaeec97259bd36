import { Tag, Tooltip } from 'antd';
import { usePalette } from '../api/risk-queries.ts';
import type { Palette, RiskColour } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

const EN: Record<RiskColour, string> = { red: 'Major', orange: 'Significant', yellow: 'Moderate', blue: 'Low' };
export const COLOURS: RiskColour[] = ['red', 'orange', 'yellow', 'blue'];

/** Dark text on light backgrounds (yellow), white on the others. */
export function textOn(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b > 160 ? 'rgba(0,0,0,0.85)' : '#fff';
}

/** The colour's name in the zone's words (Chinese) or the standard English one. */
export function useColourLabel(): (c: RiskColour | null | undefined) => string {
  const palette = usePalette();
  const { lang } = useI18n();
  return (c) => (!c ? (lang === 'en' ? 'Not rated' : '未评定') : lang === 'en' ? EN[c] : palette[c].label);
}

/** A risk colour as a filled tag in the zone's palette, with the score when given. */
export function ColourTag({
  colour,
  score,
  palette: given,
  testId,
}: {
  colour: RiskColour | null | undefined;
  score?: number | null;
  palette?: Palette;
  testId?: string;
}) {
  const zone = usePalette();
  const label = useColourLabel();
  const palette = given ?? zone;
  if (!colour) return <Tag data-testid={testId}>{label(null)}</Tag>;
  const bg = palette[colour].color;
  return (
    <Tag
      variant="solid"
      style={{ background: bg, color: textOn(bg), borderColor: bg, marginInlineEnd: 0 }}
      data-testid={testId}
      data-colour={colour}
    >
      {label(colour)}
      {score != null && <span style={{ marginLeft: 6, opacity: 0.85 }}>{score}</span>}
    </Tag>
  );
}

/** A small round swatch of a colour (legends, compact lists). */
export function ColourDot({ colour, palette: given, title }: { colour: RiskColour | null; palette?: Palette; title?: string }) {
  const zone = usePalette();
  const palette = given ?? zone;
  const dot = (
    <span
      className="colour-dot"
      style={{ background: colour ? palette[colour].color : '#bfbfbf' }}
      aria-label={title}
      data-colour={colour ?? 'none'}
    />
  );
  return title ? <Tooltip title={title}>{dot}</Tooltip> : dot;
}

import { useEffect, useRef, useState } from 'react';
import { App, Flex, Tooltip, Typography } from 'antd';
import type { CityColourCounts } from '@yuanan/contracts';
import { useNavigate } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { useSession } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { cityMessages } from './messages.ts';

/** The colours a bureau's views draw in: the national four colours (zones may keep their own palettes inside). */
export const CITY_COLOURS = {
  red: '#d9363e',
  orange: '#fa8c16',
  yellow: '#fadb14',
  blue: '#1677ff',
  unrated: '#d9d9d9',
} as const;
export type CityColour = keyof typeof CITY_COLOURS;
export const CITY_COLOUR_KEYS: CityColour[] = ['red', 'orange', 'yellow', 'blue', 'unrated'];

/** A fraction 0–1 as a whole percentage, or — when nothing was due. */
export function pct(rate: number | null | undefined): string {
  return rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/**
 * A zone's enterprises by colour as one stacked bar (widths by count) with the counts beneath; hover names each.
 * `max` scales the bar against the largest zone so zones compare by size as well as by share.
 */
export function ColourBar({ counts, max, testId }: { counts: CityColourCounts; max?: number; testId?: string }) {
  const t = useMessages(cityMessages);
  const scale = max && max > 0 ? counts.total / max : 1;
  return (
    <Flex vertical gap={4} style={{ minWidth: 150 }} data-testid={testId}>
      <div
        style={{
          display: 'flex',
          height: 12,
          width: `${Math.max(8, scale * 100)}%`,
          borderRadius: 3,
          overflow: 'hidden',
          background: '#f0f0f0',
        }}
      >
        {CITY_COLOUR_KEYS.filter((c) => counts[c] > 0).map((c) => (
          <Tooltip key={c} title={`${t(c)} ${counts[c]}`}>
            <div style={{ flex: counts[c], background: CITY_COLOURS[c] }} />
          </Tooltip>
        ))}
      </div>
      <Flex gap={8} wrap style={{ fontSize: 12 }}>
        {CITY_COLOUR_KEYS.map((c) => (
          <Tooltip key={c} title={t(c)}>
            <span data-colour={c} data-count={counts[c]}>
              <span
                style={{
                  display: 'inline-block',
                  width: 8,
                  height: 8,
                  borderRadius: 4,
                  marginRight: 3,
                  background: CITY_COLOURS[c],
                }}
              />
              <Typography.Text type={counts[c] ? undefined : 'secondary'} style={{ fontSize: 12 }}>
                {counts[c]}
              </Typography.Text>
            </span>
          </Tooltip>
        ))}
      </Flex>
    </Flex>
  );
}

/** The colour legend of the city views. */
export function ColourLegend() {
  const t = useMessages(cityMessages);
  return (
    <Flex gap={12} wrap style={{ fontSize: 12 }}>
      {CITY_COLOUR_KEYS.map((c) => (
        <span key={c}>
          <span
            style={{
              display: 'inline-block',
              width: 10,
              height: 10,
              borderRadius: 2,
              marginRight: 4,
              background: CITY_COLOURS[c],
            }}
          />
          {t(c)}
        </span>
      ))}
    </Flex>
  );
}

/**
 * A bureau page opened while inside a zone (the browser's back button, a bookmark) ends the read-only view first:
 * the bureau's own pages never mix with a zone's.
 */
export function useLeaveZoneView(): void {
  const { acting, stopActing } = useSession();
  // Only as the page opens: entering a zone from this page must not be undone before the zone's page opens.
  const insideAtOpen = useRef(!!acting?.supervising);
  useEffect(() => {
    if (!insideAtOpen.current) return;
    insideAtOpen.current = false;
    stopActing('silent');
  }, [stopActing]);
}

/**
 * Enters a granted zone read-only and opens one of its pages (the enterprise list, or an enterprise or hazard the
 * summary named); says why not when refused.
 */
export function useEnterZone(): { enter: (zoneId: string, path?: string) => Promise<void>; busy: boolean } {
  const { startSupervising } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const enter = async (zoneId: string, path = '/enterprises') => {
    setBusy(true);
    try {
      await startSupervising(zoneId);
      navigate(path);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { enter, busy };
}

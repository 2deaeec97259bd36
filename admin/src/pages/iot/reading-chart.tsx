import { useMemo } from 'react';
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, MarkAreaComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { EChart, type ChartOption } from '../../components/echart.tsx';
import { zoned } from '../../components/time.ts';

// The console's chart registers bar and pie; readings are lines with set points as mark lines.
echarts.use([LineChart, MarkLineComponent, MarkAreaComponent, DataZoomComponent]);

/** One quantity's series: points [epoch ms, value] in the quantity's unit. */
export interface ReadingSeries {
  quantity: string;
  label: string;
  unit: string;
  points: Array<[number, number]>;
  /** Set points drawn as dashed lines (一级 orange, 二级 red). */
  level1?: number | null;
  level2?: number | null;
}

/**
 * A device's readings over time (one line per quantity, each on its own axis when units differ), the alarm set
 * points as horizontal mark lines, an optional marked span (the alarm's duration) and a mark at `at`.
 */
export function ReadingChart({
  series,
  height = 260,
  span,
  levelText,
  window,
  testId = 'iot-chart',
}: {
  series: ReadingSeries[];
  height?: number;
  span?: { from: number; to: number } | null;
  levelText: (level: 1 | 2, v: number) => string;
  /** The time axis' span (epoch ms), e.g. exactly the last 24 h; without it the axis fits the data. */
  window?: { from: number; to: number } | null;
  testId?: string;
}) {
  const option = useMemo<ChartOption>(() => {
    const units = [...new Set(series.map((s) => s.unit))];
    // Labels as fine as the span needs: seconds for a few minutes, dates beyond a day.
    const times = series.flatMap((s) => [s.points[0]?.[0], s.points.at(-1)?.[0]]).filter((x): x is number => x != null);
    const spanMs = window ? window.to - window.from : times.length ? Math.max(...times) - Math.min(...times) : 0;
    const fmt = spanMs < 20 * 60_000 ? 'HH:mm:ss' : spanMs <= 36 * 3600_000 ? 'HH:mm' : 'MM-DD HH:mm';
    return {
      animation: false,
      grid: { left: 48, right: units.length > 1 ? 56 : 24, top: 36, bottom: 48 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v)),
      },
      legend: { top: 0, data: series.map((s) => `${s.label} (${s.unit})`) },
      xAxis: {
        type: 'time',
        ...(window ? { min: window.from, max: window.to } : {}),
        axisLabel: { formatter: (v: number) => zoned(v).format(fmt), hideOverlap: true },
      },
      yAxis: units.slice(0, 2).map((u, i) => ({
        type: 'value',
        name: u,
        position: i === 0 ? 'left' : 'right',
        scale: false,
        splitLine: { show: i === 0 },
      })),
      dataZoom: [{ type: 'inside' }],
      series: series.map((s, i) => {
        const lines: Array<Record<string, unknown>> = [];
        if (s.level1 != null)
          lines.push({ yAxis: s.level1, name: levelText(1, s.level1), lineStyle: { color: '#fa8c16', type: 'dashed' } });
        if (s.level2 != null)
          lines.push({ yAxis: s.level2, name: levelText(2, s.level2), lineStyle: { color: '#f5222d', type: 'dashed' } });
        return {
          type: 'line',
          name: `${s.label} (${s.unit})`,
          yAxisIndex: Math.min(1, units.indexOf(s.unit)),
          showSymbol: false,
          sampling: 'lttb',
          data: s.points,
          lineStyle: { width: 1.5 },
          markLine: lines.length
            ? { symbol: 'none', silent: true, label: { formatter: '{b}', position: 'insideEndTop' }, data: lines }
            : undefined,
          markArea:
            span && i === 0
              ? {
                  silent: true,
                  itemStyle: { color: 'rgba(245, 34, 45, 0.08)' },
                  data: [[{ xAxis: span.from }, { xAxis: span.to }]],
                }
              : undefined,
        };
      }),
    };
  }, [series, span, levelText, window]);
  return <EChart option={option} height={height} testId={testId} />;
}

import { useEffect, useRef } from 'react';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only what the console draws: bar and pie charts with a grid, tooltip and legend (tree-shaken echarts/core).
echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * One series of counts as bars, each labelled with its count: `names` on the category axis (vertical bars, or
 * rows when `horizontal`, first on top), `colours` per bar (default the console's blue). `right` is the grid's
 * right margin in px (room for the labels of horizontal bars), `barMaxWidth` in px.
 */
export function barOption(
  names: string[],
  values: number[],
  {
    colours,
    horizontal = false,
    right = 16,
    barMaxWidth = 36,
  }: { colours?: string[]; horizontal?: boolean; right?: number; barMaxWidth?: number } = {},
): ChartOption {
  const cat = { type: 'category' as const, data: names, axisLabel: { interval: 0, width: 170, overflow: 'truncate' as const } };
  const val = { type: 'value' as const, minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right, top: 16, bottom: 8, containLabel: true },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? { ...cat, inverse: true } : val,
    series: [
      {
        type: 'bar',
        barMaxWidth,
        data: values.map((v, i) => ({ value: v, itemStyle: { color: colours?.[i] ?? '#1f5fbf', borderRadius: 3 } })),
        label: { show: true, position: horizontal ? 'right' : 'top' },
      },
    ],
  };
}

/** An ECharts canvas that follows its option and its container's size. */
export function EChart({
  option,
  height = 300,
  testId,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
  /** A click on a bar or a slice: its category (name) and series. */
  onClick?: (p: { name: string; seriesName?: string; dataIndex: number }) => void;
}) {
  const click = useRef(onClick);
  click.current = onClick;
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as { name: string; seriesName?: string; dataIndex: number }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}

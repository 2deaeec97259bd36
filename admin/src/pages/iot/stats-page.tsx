import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Empty, Row, Skeleton, Statistic } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ALARM_SEVERITIES, ALARM_SEVERITY_LABELS } from '@yuanan/contracts';
import { useNavigate } from 'react-router';
import { barOption, EChart, type ChartOption } from '../../components/echart.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { zoned } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useAlarmStats } from './iot-queries.ts';
import { alarmTypeText, causeLabel } from './labels.tsx';
import { iotMessages, type IotMessageKey } from './messages.ts';
import './iot.css';

const SEVERITY_HEX: Record<string, string> = { critical: '#f5222d', major: '#fa8c16', minor: '#fadb14', warning: '#8c8c8c' };
const CAUSE_HEX: Record<string, string> = {
  equipment: '#cf1322',
  management: '#d46b08',
  process: '#1677ff',
  sensor_fault: '#8c8c8c',
  test: '#bfbfbf',
  environment: '#13c2c2',
  other: '#722ed1',
};

/** The horizontal bar charts' look (room on the right for the counts). */
const ROWS = { horizontal: true, right: 24, barMaxWidth: 32 };

/** One figure of the head row: its title's key, the value and a unit after it. */
function kpi(key: IotMessageKey, value: number | string, suffix?: string) {
  return { key, value, suffix };
}

/** Seconds as minutes (or seconds under two minutes). */
function duration(s: number | null, t: (k: 'minutes' | 'seconds', v: { n: number }) => string): string {
  if (s == null) return '—';
  return s < 120 ? t('seconds', { n: Math.round(s) }) : t('minutes', { n: Math.round(s / 6) / 10 });
}

/**
 * 报警统计: alarms of a period (default the last 30 days on the zone's clock) per day by severity, by enterprise,
 * alarm type and cause; nuisance share (误报率); mean time to acknowledge and to clear. A bar of an enterprise
 * opens its alarms.
 */
export function IotStatsPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const navigate = useNavigate();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [zoned().subtract(29, 'day').startOf('day'), zoned().endOf('day')]);
  const from = range[0].startOf('day').toISOString();
  const to = range[1].add(1, 'day').startOf('day').toISOString();
  const s = useAlarmStats(from, to);
  const d = s.data;
  const L = (l: { zh: string; en: string }) => (lang === 'en' ? l.en : l.zh);

  const charts = useMemo(() => {
    if (!d) return null;
    // Every day of the period on the axis (the api lists the days that had alarms).
    const byDay = new Map(d.perDay.map((p) => [p.day, p]));
    const days: string[] = [];
    for (let x = range[0].startOf('day'); !x.isAfter(range[1], 'day') && days.length < 400; x = x.add(1, 'day'))
      days.push(x.format('YYYY-MM-DD'));
    const zero = { total: 0, critical: 0, major: 0, minor: 0, warning: 0 };
    const perDay = days.map((day) => ({ day, ...zero, ...byDay.get(day) }));
    return {
      perDay: {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { top: 0 },
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: perDay.map((p) => p.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: ALARM_SEVERITIES.map((sev) => ({
          type: 'bar',
          stack: 'all',
          name: L(ALARM_SEVERITY_LABELS[sev]),
          itemStyle: { color: SEVERITY_HEX[sev] },
          data: perDay.map((p) => p[sev]),
        })),
      } satisfies ChartOption,
      enterprise: barOption(
        d.byEnterprise.slice(0, 15).map((e) => e.enterpriseName ?? t('zoneDevice')),
        d.byEnterprise.slice(0, 15).map((e) => e.count),
        ROWS,
      ),
      type: barOption(
        d.byType.map((x) => alarmTypeText(x.type, lang)),
        d.byType.map((x) => x.count),
        ROWS,
      ),
      cause: {
        tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
        legend: { bottom: 0, icon: 'circle' },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '42%'],
            label: { formatter: '{b}\n{c}' },
            data: d.byCause.map((c) => ({
              name: causeLabel(c.cause, lang),
              value: c.count,
              itemStyle: { color: CAUSE_HEX[c.cause] },
            })),
          },
        ],
      } satisfies ChartOption,
    };
  }, [d, lang, range]);

  if (s.isError && !d) return <QueryError error={s.error} onRetry={() => void s.refetch()} />;

  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <PageContainer
      title={t('statsTitle')}
      description={t('statsDesc')}
      extra={
        <DatePicker.RangePicker
          allowClear={false}
          value={range}
          disabledDate={(x) => x.isAfter(dayjs().endOf('day'))}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          data-testid="iot-stats-range"
        />
      }
    >
      {!d || !charts ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]} data-testid="iot-stats-kpis">
            {[
              kpi('total', d.total),
              kpi('closed', d.closed),
              kpi('nuisance', d.nuisance),
              d.nuisanceRatio == null
                ? kpi('nuisanceRate', '—')
                : kpi('nuisanceRate', Math.round(d.nuisanceRatio * 1000) / 10, '%'),
              kpi('mtta', duration(d.mttaSeconds, t)),
              kpi('mttc', duration(d.mttcSeconds, t)),
            ].map((k) => (
              <Col key={k.key} xs={12} md={8} xl={4}>
                <Card size="small" className="iot-kpi">
                  <Statistic title={t(k.key)} value={k.value} suffix={k.suffix} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={t('perDay')}>
            {d.total ? <EChart option={charts.perDay} height={280} testId="iot-stats-per-day" /> : empty}
          </Card>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('byEnterprise')}>
                {d.byEnterprise.length ? (
                  <EChart
                    option={charts.enterprise}
                    height={Math.max(220, Math.min(15, d.byEnterprise.length) * 28 + 40)}
                    testId="iot-stats-enterprise"
                    onClick={(p) => {
                      const e = d.byEnterprise[p.dataIndex];
                      if (e?.enterpriseId)
                        navigate(
                          `/iot/alarms?status=all&enterpriseId=${e.enterpriseId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
                        );
                    }}
                  />
                ) : (
                  empty
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('byType')}>
                {d.byType.length ? (
                  <EChart option={charts.type} height={Math.max(220, d.byType.length * 28 + 40)} testId="iot-stats-type" />
                ) : (
                  empty
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('byCause')}>
                {d.byCause.length ? <EChart option={charts.cause} height={300} testId="iot-stats-cause" /> : empty}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </PageContainer>
  );
}

import { useMemo, useState } from 'react';
import { Card, Col, DatePicker, Row, Skeleton, Statistic, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { ACCIDENT_GRADES, INCIDENT_TYPES } from '@yuanan/contracts';
import { useIncidentStats, type IncidentStats } from '../../api/incident-queries.ts';
import { EChart, type ChartOption } from '../../components/echart.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { zoned } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { gradeText, typeText } from './labels.tsx';
import { incidentMessages } from './messages.ts';
import './incidents.css';

type Part = IncidentStats['real'];

const REAL = '#cf1322';
const DRILL = '#722ed1';

/** The count of `key` in a list of `{<field>: key, count}` rows (a missing row is 0). */
const countOf = <F extends string>(rows: Array<Record<F, string | null> & { count: number }>, field: F, key: string) =>
  rows.find((r) => r[field] === key)?.count ?? 0;

/**
 * 事件统计: real incidents and drills side by side for a period (default the last 12 months on the zone's clock) —
 * totals, by type, by accident grade, per month — and the median minutes from the call (the incident's learnedAt, 接报)
 * to its first dispatch, to the first acknowledgement and to the first arrival on scene (the api measures all three
 * from learnedAt: 接报→派遣 / 接报→确认 / 接报→到场).
 */
export function IncidentStatsPage() {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [
    zoned().subtract(11, 'month').startOf('month'),
    zoned().endOf('day'),
  ]);
  const from = range[0].startOf('day').toISOString();
  const to = range[1].add(1, 'day').startOf('day').toISOString();
  const s = useIncidentStats(from, to);
  const d = s.data;

  const charts = useMemo(() => {
    if (!d) return null;
    // Real incidents and drills as two bar series on the same categories.
    const pair = (keys: readonly string[], label: (k: string) => string, get: (p: Part, k: string) => number): ChartOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: keys.map(label), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('real'), itemStyle: { color: REAL }, barMaxWidth: 28, data: keys.map((k) => get(d.real, k)) },
        { type: 'bar', name: t('drills'), itemStyle: { color: DRILL }, barMaxWidth: 28, data: keys.map((k) => get(d.drills, k)) },
      ],
    });
    const months = [...new Set([...d.real.byMonth, ...d.drills.byMonth].map((m) => m.month))].sort();
    return {
      byType: pair(
        INCIDENT_TYPES,
        (k) => typeText(k, lang),
        (p, k) => countOf(p.byType, 'type', k),
      ),
      byGrade: pair(
        ACCIDENT_GRADES,
        (k) => gradeText(k, lang),
        (p, k) => countOf(p.byGrade, 'grade', k),
      ),
      byMonth: pair(
        months,
        (k) => k,
        (p, k) => countOf(p.byMonth, 'month', k),
      ),
    } satisfies Record<string, ChartOption>;
  }, [d, lang, t]);

  const minutes = (v: number | null | undefined) => (v == null ? '—' : Math.round(v * 10) / 10);

  return (
    <PageContainer
      title={t('statsTitle')}
      description={t('statsDesc')}
      extra={
        <DatePicker.RangePicker
          picker="month"
          value={range}
          allowClear={false}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1].endOf('month')])}
          data-testid="inc-stats-range"
        />
      }
    >
      {s.isError && !d ? (
        <QueryError error={s.error} onRetry={() => void s.refetch()} />
      ) : !d || !charts ? (
        <Skeleton active />
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="inc-stats-kpis">
            {(
              [
                ['total', d.real.total, d.drills.total],
                ['toDispatch', minutes(d.real.medianMinutes.toDispatch), minutes(d.drills.medianMinutes.toDispatch)],
                ['toAck', minutes(d.real.medianMinutes.toAck), minutes(d.drills.medianMinutes.toAck)],
                ['toOnScene', minutes(d.real.medianMinutes.toOnScene), minutes(d.drills.medianMinutes.toOnScene)],
              ] as const
            ).map(([k, real, drill]) => (
              <Col key={k} xs={12} lg={6}>
                <Card size="small" className="inc-stat-card">
                  <Statistic
                    title={
                      k === 'total' ? (
                        t(k)
                      ) : (
                        <Tooltip title={t('kpiHint')}>
                          <span data-testid={`inc-kpi-title-${k}`}>{t(k)}</span>
                        </Tooltip>
                      )
                    }
                    value={real}
                    suffix={k === 'total' ? undefined : lang === 'en' ? 'min' : '分钟'}
                    data-testid={`inc-kpi-${k}`}
                  />
                  <span style={{ color: DRILL, fontSize: 12 }}>
                    {t('drills')}: {drill}
                  </span>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('byType')}>
                <EChart option={charts.byType} height={280} testId="inc-chart-type" />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('byGrade')}>
                <EChart option={charts.byGrade} height={280} testId="inc-chart-grade" />
              </Card>
            </Col>
            <Col xs={24}>
              <Card size="small" title={t('byMonth')}>
                <EChart option={charts.byMonth} height={260} testId="inc-chart-month" />
              </Card>
            </Col>
          </Row>
        </>
      )}
    </PageContainer>
  );
}

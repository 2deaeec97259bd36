import { Alert, Card, Col, Descriptions, Empty, Flex, Row, Skeleton, Table, Typography } from 'antd';
import { useColour } from '../../../api/enterprise-queries.ts';
import type { ColourExplanation } from '../../../api/types.ts';
import { usePalette } from '../../../api/risk-queries.ts';
import { ColourTag, textOn, useColourLabel } from '../../../components/risk-colour.tsx';
import { QueryError } from '../../../components/query-error.tsx';
import { fmtMinute } from '../../../components/time.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { usePunct } from '../../../i18n/punct.ts';
import { reasonLabel } from '../labels.ts';
import { entMessages } from '../messages.ts';

type Contribution = ColourExplanation['contributions'][number];
type HistoryRow = ColourExplanation['history'][number];

/** 风险颜色: why the enterprise has its colour — each input's points, the floor rule, the thresholds — and its history. */
export function ColourTab({ enterpriseId }: { enterpriseId: string }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const palette = usePalette();
  const colourLabel = useColourLabel();
  const c = useColour(enterpriseId);
  if (c.isError && !c.data) return <QueryError error={c.error} onRetry={() => void c.refetch()} />;
  if (!c.data) return <Skeleton active />;
  const d = c.data;
  const total = d.contributions.reduce((a, x) => a + x.points, 0);
  return (
    <Flex vertical gap={16} data-testid="colour-tab">
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card size="small" style={{ height: '100%' }}>
            <Flex vertical align="center" gap={8} style={{ padding: '12px 0' }}>
              <Typography.Text type="secondary">{t('colourNow')}</Typography.Text>
              {d.colour ? (
                <div
                  className="colour-badge"
                  style={{ background: palette[d.colour].color, color: textOn(palette[d.colour].color) }}
                  data-testid="colour-now"
                  data-colour={d.colour}
                >
                  {colourLabel(d.colour)}
                </div>
              ) : (
                <Typography.Title level={4}>{t('colourNone')}</Typography.Title>
              )}
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 's', label: t('colourScore'), children: d.score ?? '—' },
                  {
                    key: 'm',
                    label: t('colourModel'),
                    children: d.modelVersion ? t('colourModelV', { v: d.modelVersion }) : '—',
                  },
                  { key: 'c', label: t('colourComputed'), children: fmtMinute(d.computedAt) },
                ]}
              />
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card size="small" title={t('contribInput')} style={{ height: '100%' }}>
            {d.floor && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('floorAlert', { reason: d.floor.reason, colour: colourLabel(d.floor.colour) })}
                data-testid="colour-floor"
              />
            )}
            <Table<Contribution>
              rowKey="input"
              size="small"
              pagination={false}
              dataSource={d.contributions}
              data-testid="colour-contributions"
              columns={[
                { title: t('contribInput'), dataIndex: 'label' },
                { title: t('contribValue'), dataIndex: 'value' },
                {
                  title: t('contribPoints'),
                  dataIndex: 'points',
                  align: 'right',
                  width: 90,
                  render: (v: number) =>
                    v > 0 ? (
                      <Typography.Text strong>+{v}</Typography.Text>
                    ) : (
                      <Typography.Text type="secondary">0</Typography.Text>
                    ),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={2}>
                    <Typography.Text strong>{t('contribTotal')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{Math.round(total * 100) / 100}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            {d.thresholds && (
              <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
                {t('thresholds')}
                {pn.colon}
                {t('thresholdsText', {
                  red: d.thresholds.red,
                  orange: d.thresholds.orange,
                  yellow: d.thresholds.yellow,
                  redL: colourLabel('red'),
                  orangeL: colourLabel('orange'),
                  yellowL: colourLabel('yellow'),
                  blueL: colourLabel('blue'),
                })}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('colourHistory')}>
        <Table<HistoryRow>
          rowKey={(r) => `${r.computedAt}-${r.score}`}
          size="small"
          dataSource={d.history}
          pagination={d.history.length > 10 ? { pageSize: 10 } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('historyAt'), dataIndex: 'computedAt', width: 170, render: (v: string) => fmtMinute(v) },
            { title: t('historyColour'), dataIndex: 'colour', width: 120, render: (v) => <ColourTag colour={v} /> },
            { title: t('historyScore'), dataIndex: 'score', width: 90, align: 'right' },
            { title: t('historyModel'), dataIndex: 'modelVersion', width: 100, render: (v: number) => `v${v}` },
            { title: t('historyReason'), dataIndex: 'reason', render: (v: string) => reasonLabel(v, lang) },
          ]}
        />
      </Card>
    </Flex>
  );
}

import { Card, Flex, Tag, Tooltip, Typography } from 'antd';
import type { SupervisionRead, SupervisionReadsPage } from '@yuanan/contracts';
import { ListPage, type ListQuery, type ListResult } from '../../components/list-page/index.ts';
import { fmtTime } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { supMessages } from './messages.ts';

/**
 * A trail of supervision reads, as the zone sees it (上级查看记录: which bureau, who) or as the bureau sees its own
 * (查看记录: which zone): the days' counts on top, then each read.
 */
export function ReadsView({
  side,
  lq,
  list,
  title,
  description,
}: {
  side: 'zone' | 'bureau';
  lq: ListQuery;
  list: ListResult<SupervisionRead> & { data?: SupervisionReadsPage };
  title: string;
  description: string;
}) {
  const t = useMessages(supMessages);
  const days = list.data?.days ?? [];
  return (
    <ListPage<SupervisionRead>
      title={title}
      description={description}
      lq={lq}
      list={list}
      testId="sup-reads"
      tableTitle={t('readList')}
      emptyText={t('noReads')}
      before={
        days.length > 0 && (
          <Card size="small" title={t('days')} data-testid="sup-reads-days">
            <Flex gap={8} wrap>
              {days.slice(0, 15).map((d) => (
                <Tag key={`${d.date}:${d.id}`} style={{ marginInlineEnd: 0, padding: '2px 8px' }}>
                  <span className="mono">{d.date}</span> · {d.name} ·{' '}
                  <Typography.Text strong>{t('dayReads', { n: d.reads })}</Typography.Text> · {t('dayUsers', { n: d.users })}
                </Tag>
              ))}
            </Flex>
          </Card>
        )
      }
      table={{
        rowKey: 'id',
        columns: [
          { key: 'at', title: t('at'), dataIndex: 'at', width: 170, render: (v: string) => fmtTime(v) },
          side === 'zone'
            ? { key: 'bureau', title: t('fromBureau'), dataIndex: 'bureauName', width: 180, ellipsis: true }
            : { key: 'zone', title: t('inZone'), dataIndex: 'zoneName', width: 160, ellipsis: true },
          { key: 'who', title: t('who'), dataIndex: 'userName', width: 120, ellipsis: true },
          {
            key: 'what',
            title: t('what'),
            dataIndex: 'operationLabel',
            width: 220,
            grow: true,
            ellipsis: true,
            render: (v: string, r: SupervisionRead) => (
              <Tooltip title={<span className="mono">{`${r.method} ${r.path}`}</span>}>
                <span data-testid="sup-read-what">
                  {v}
                  {/* the record read, by its code or name (the zone's own data) */}
                  {r.resourceName && (
                    <Typography.Text strong style={{ marginInlineStart: 6 }} data-user-text data-testid="sup-read-resource">
                      {r.resourceName}
                    </Typography.Text>
                  )}
                </span>
              </Tooltip>
            ),
          },
          {
            key: 'path',
            title: t('path'),
            dataIndex: 'path',
            width: 220,
            ellipsis: true,
            priority: 3,
            render: (v: string) => <span className="mono">{v}</span>,
          },
          {
            key: 'status',
            title: t('result'),
            dataIndex: 'status',
            width: 110,
            render: (v: number) =>
              v < 400 ? <Tag color="green">{t('ok')}</Tag> : <Tag color="red">{t('refused', { status: v })}</Tag>,
          },
        ],
      }}
    />
  );
}

import { Card, Empty, Flex, Tag, Typography } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  InfoCircleOutlined,
  RightOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { WorkbenchCard as Card_, WorkbenchSeverity } from '@yuanan/contracts';
import { Link } from 'react-router';
import { defineMessages, useMessages } from '../i18n/feature.ts';
import { fmtDate } from './time.ts';

const messages = defineMessages(
  {
    all: '全部',
    none: '暂无待办',
    coming: '即将开放',
    more: '另有 {n} 项',
    capped: '{n}+',
  },
  {
    all: 'All',
    none: 'Nothing waiting',
    coming: 'Coming',
    more: '{n} more',
    capped: '{n}+',
  },
);

/** Colours of the four urgencies (antd's palette: green, blue, orange, red). */
export const SEVERITY_COLOR: Record<WorkbenchSeverity, string> = {
  ok: '#389e0d',
  info: '#1677ff',
  warning: '#d46b08',
  critical: '#cf1322',
};
const TAG_COLOR: Record<WorkbenchSeverity, string> = { ok: 'green', info: 'blue', warning: 'orange', critical: 'red' };
const ICON: Record<WorkbenchSeverity, React.ReactNode> = {
  ok: <CheckCircleOutlined />,
  info: <InfoCircleOutlined />,
  warning: <WarningOutlined />,
  critical: <ExclamationCircleOutlined />,
};

/**
 * One card of the workbench, whatever module sent it: the title, the count in the card's urgency colour, the
 * first items each linking to the page where it is done, and "全部" to the whole list. A `coming` card says what
 * is coming instead of showing a count.
 */
export function WorkbenchCard({ card }: { card: Card_ }) {
  const t = useMessages(messages);
  if (card.status === 'coming') {
    return (
      <Card
        data-card={card.key}
        style={{ height: '100%', borderStyle: 'dashed' }}
        title={
          <Flex gap={8} align="center" style={{ minWidth: 0 }}>
            <ClockCircleOutlined style={{ color: '#8c8c8c' }} />
            <Typography.Text ellipsis={{ tooltip: card.title }}>{card.title}</Typography.Text>
          </Flex>
        }
        extra={<Tag>{t('coming')}</Tag>}
      >
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {card.description}
        </Typography.Paragraph>
      </Card>
    );
  }
  const color = SEVERITY_COLOR[card.severity];
  const count = card.count ?? 0;
  const shown = card.items.length;
  return (
    <Card
      data-card={card.key}
      style={{ height: '100%' }}
      styles={{ body: { paddingTop: 12 } }}
      title={
        <Flex gap={8} align="center" style={{ minWidth: 0 }}>
          <span style={{ color }}>{ICON[card.severity]}</span>
          <Typography.Text ellipsis={{ tooltip: card.title }}>{card.title}</Typography.Text>
        </Flex>
      }
      extra={
        card.link ? (
          <Link to={card.link} data-testid="workbench-all">
            {t('all')} <RightOutlined style={{ fontSize: 10 }} />
          </Link>
        ) : null
      }
    >
      <Flex align="center" gap={8} style={{ marginBottom: 4 }}>
        <span data-testid="workbench-count" style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2, color }}>
          {card.countCapped ? t('capped', { n: count.toLocaleString() }) : count.toLocaleString()}
        </span>
        {card.description && (
          // Up to two lines beside the count (English runs longer than Chinese); longer still, the rest in a tooltip.
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2, tooltip: card.description }}
            style={{ minWidth: 0, flex: 1, margin: 0, fontSize: 12, lineHeight: '18px' }}
            data-testid="workbench-desc"
          >
            {card.description}
          </Typography.Paragraph>
        )}
      </Flex>
      {count === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} style={{ margin: '8px 0' }} />
      ) : (
        <Flex vertical>
          {card.items.map((i) => (
            <Link
              key={i.id}
              to={i.link}
              data-testid="workbench-item"
              className="workbench-item"
              style={{ display: 'block', padding: '6px 0', borderTop: '1px solid rgba(5,5,5,0.06)', color: 'inherit' }}
            >
              <Flex justify="space-between" align="center" gap={8}>
                <Typography.Text ellipsis={{ tooltip: i.title }} style={{ minWidth: 0, flex: 1 }}>
                  {i.title}
                </Typography.Text>
                {i.tag && (
                  <Tag color={TAG_COLOR[i.severity]} style={{ marginInlineEnd: 0 }}>
                    {i.tag}
                  </Tag>
                )}
              </Flex>
              <Flex justify="space-between" gap={8}>
                <Typography.Text type="secondary" ellipsis={{ tooltip: i.subtitle }} style={{ fontSize: 12, minWidth: 0 }}>
                  {i.subtitle ?? ''}
                </Typography.Text>
                {i.at && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
                    {fmtDate(i.at)}
                  </Typography.Text>
                )}
              </Flex>
            </Link>
          ))}
          {count > shown && (
            <Typography.Text type="secondary" style={{ fontSize: 12, paddingTop: 6, borderTop: '1px solid rgba(5,5,5,0.06)' }}>
              {card.link ? (
                <Link to={card.link}>{t('more', { n: (count - shown).toLocaleString() })}</Link>
              ) : (
                t('more', { n: count - shown })
              )}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}

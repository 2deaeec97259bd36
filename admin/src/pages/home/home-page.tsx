import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Flex, List, Row, Skeleton, Statistic, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import {
  ApartmentOutlined,
  BellOutlined,
  CloudServerOutlined,
  IdcardOutlined,
  LoginOutlined,
  SafetyOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useNotifications } from '../../api/me-queries.ts';
import { useQueues, useTenants } from '../../api/platform-queries.ts';
import { pageAccess } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useRoleLabel } from '../../components/role-label.ts';
import { fromNow } from '../../components/time.ts';
import { useZoneSwitcher } from '../../components/zone-switcher.tsx';
import { WorkbenchCard } from '../../components/workbench-card.tsx';
import { useRealtimeEvent } from '../../api/socket.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useT } from '../../i18n/i18n.tsx';
import { homeMessages } from './messages.ts';
import { useWorkbench } from './workbench-queries.ts';
import { PAGES } from '../../pages.tsx';

/** A figure card whose value is a name: one line, cut with a tooltip when long. */
function InfoCard({ title, icon, value, foot }: { title: string; icon: ReactNode; value: string; foot: ReactNode }) {
  return (
    <Card style={{ height: '100%' }}>
      <Typography.Text type="secondary">{title}</Typography.Text>
      <Flex gap={8} align="center" style={{ fontSize: 20, margin: '4px 0 2px', minWidth: 0 }}>
        {icon}
        <Typography.Text ellipsis={{ tooltip: value }} style={{ fontSize: 20, minWidth: 0 }}>
          {value}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary">{foot ?? '\u00a0'}</Typography.Text>
    </Card>
  );
}

/** The work waiting for the caller: whatever cards the api's workbench registry answers for their role. */
function WorkbenchSection({ enabled }: { enabled: boolean }) {
  const t = useMessages(homeMessages);
  const wb = useWorkbench(enabled);
  // Work moves while the page is open: a hazard changed, a notification arrived (a change request, a task).
  useRealtimeEvent('hazard.changed', () => void wb.refetch());
  useRealtimeEvent('notification', () => void wb.refetch());
  if (!enabled) return null;
  const cards = wb.data?.cards ?? [];
  return (
    <Card
      title={t('work')}
      extra={
        <Flex gap={12} align="center">
          {wb.data && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('updatedAt', { time: fromNow(wb.data.generatedAt) })}
            </Typography.Text>
          )}
          <Button size="small" icon={<ReloadOutlined />} loading={wb.isFetching} onClick={() => void wb.refetch()}>
            {t('refresh')}
          </Button>
        </Flex>
      }
      styles={{ body: { background: 'transparent' } }}
      data-testid="workbench"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('workDesc')}
      </Typography.Paragraph>
      {wb.isLoading ? (
        <Skeleton active />
      ) : wb.isError && !wb.data ? (
        <Alert type="error" showIcon title={t('loadFailed')} />
      ) : cards.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noCards')} />
      ) : (
        <Row gutter={[16, 16]}>
          {cards.map((c) => (
            <Col key={c.key} xs={24} md={12} xl={8} xxl={6}>
              <WorkbenchCard card={c} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

/** 工作台: the day's work first (cards by role), then where I am, who I am, what is new. */
export function HomePage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, effective, acting } = useSession();
  const roleName = useRoleLabel();
  const switcher = useZoneSwitcher();
  const notes = useNotifications(me?.tenant.kind === 'zone');
  const onPlatform = me?.tenant.kind === 'platform' && !acting;
  const zones = useTenants({ pageSize: 1 }, onPlatform);
  const queues = useQueues(onPlatform);
  if (!me || !effective) return null;
  const failed = (queues.data ?? []).reduce((s, q) => s + (q.counts.failed ?? 0), 0);
  const shortcuts = PAGES.filter(
    (p) => p.inMenu && p.key !== 'home' && pageAccess(me, effective, p.scope, p.permission) === 'ok',
  );

  return (
    <PageContainer title={t('home.greeting', { name: me.name })}>
      {onPlatform && (
        <Alert
          type="info"
          showIcon
          title={t('home.platformTip')}
          action={
            <Button size="small" type="primary" icon={<LoginOutlined />} onClick={() => switcher.open()}>
              {t('layout.switchZone')}
            </Button>
          }
        />
      )}
      <WorkbenchSection enabled={effective.tenant.kind === 'zone'} />
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={6}>
          <InfoCard
            title={t(effective.tenant.kind === 'zone' ? 'home.zone' : 'home.organisation')}
            icon={<ApartmentOutlined />}
            value={effective.tenant.kind === 'platform' ? t('layout.platform') : effective.tenant.name}
            foot={<span className="mono">{effective.tenant.code}</span>}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <InfoCard
            title={t('home.role')}
            icon={<IdcardOutlined />}
            value={roleName(effective.role)}
            foot={effective.enterpriseName ? t('home.enterpriseOf', { name: effective.enterpriseName }) : null}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Card style={{ height: '100%' }}>
            <Statistic
              title={t('home.unread')}
              // A number for everyone: 0 for the platform operator (no stored notifications); a dash only when unknown.
              value={notes.isError && !notes.data ? '—' : (notes.data?.unread ?? 0)}
              loading={notes.isLoading}
              prefix={<BellOutlined />}
              styles={{ content: { fontSize: 20, color: (notes.data?.unread ?? 0) > 0 ? '#d46b08' : undefined } }}
            />
            <Typography.Text type="secondary">{'\u00a0'}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} xl={6}>
          {onPlatform ? (
            <Card style={{ height: '100%' }}>
              <Statistic
                title={t('home.failedJobs')}
                value={failed}
                loading={queues.isLoading}
                prefix={<CloudServerOutlined />}
                styles={{ content: { fontSize: 20, color: failed > 0 ? '#d9363e' : undefined } }}
              />
              <Typography.Text type="secondary">{t('home.zonesCount', { n: zones.data?.total ?? '—' })}</Typography.Text>
            </Card>
          ) : (
            <Card style={{ height: '100%' }}>
              <Statistic
                title={t('home.mfa')}
                value={me.mfaEnabled ? t('home.mfaOn') : t('home.mfaOff')}
                prefix={<SafetyOutlined />}
                styles={{ content: { fontSize: 20, color: me.mfaEnabled ? '#389e0d' : '#d46b08' } }}
              />
              {!me.mfaEnabled ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => navigate('/profile')}>
                  {t('home.mfaSuggest')}
                </Button>
              ) : (
                <Typography.Text type="secondary">{'\u00a0'}</Typography.Text>
              )}
            </Card>
          )}
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('home.recent')}>
            {notes.isLoading ? (
              <Skeleton active />
            ) : (notes.data?.items.length ?? 0) === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
            ) : (
              <List
                dataSource={notes.data!.items.slice(0, 5)}
                renderItem={(n) => (
                  <List.Item extra={<Typography.Text type="secondary">{fromNow(n.createdAt)}</Typography.Text>}>
                    <List.Item.Meta
                      title={
                        <Flex gap={8} align="center">
                          {!n.readAt && <Tag color="orange">{t('notify.new')}</Tag>}
                          <span>{n.title}</span>
                        </Flex>
                      }
                      description={n.body}
                    />
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.quick')}>
            <Flex wrap gap={12}>
              {shortcuts.map((p) => (
                <Button key={p.key} icon={p.icon} onClick={() => navigate(p.path)} style={{ minWidth: 120 }}>
                  {t(p.label)}
                </Button>
              ))}
            </Flex>
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}

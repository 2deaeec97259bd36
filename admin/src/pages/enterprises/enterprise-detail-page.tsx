import { Alert, Button, Card, Descriptions, Flex, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useEnterprise } from '../../api/enterprise-queries.ts';
import { isApiError } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { useCrumbTitle } from '../../components/app-layout.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { ColourTag } from '../../components/risk-colour.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { GateQrButton } from '../inspections/gate-qr-button.tsx';
import { useZoneLists } from './catalog.ts';
import { sizeBandLabel } from './labels.ts';
import { entMessages } from './messages.ts';
import { BasicTab } from './tabs/basic-tab.tsx';
import { ChemicalsTab } from './tabs/chemicals-tab.tsx';
import { ColourTab } from './tabs/colour-tab.tsx';
import { HazardsTab } from './tabs/hazards-tab.tsx';
import { HistoryTab } from './tabs/history-tab.tsx';
import { PlansTab } from './tabs/plans-tab.tsx';
import { CertificatesTab, ContactsTab, SuppliesTab, TeamTab } from './tabs/record-tabs.tsx';
import { RiskPointsTab } from './tabs/risk-points-tab.tsx';

const TABS = [
  'basic',
  'contacts',
  'certificates',
  'chemicals',
  'supplies',
  'team',
  'plans',
  'riskPoints',
  'colour',
  'history',
  'hazards',
] as const;
type TabKey = (typeof TABS)[number];

/** 一企一档: the enterprise's header and one tab per kind of record (the tab is in the address). */
export function EnterpriseDetailPage() {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const { effective } = useSession();
  const lists = useZoneLists();
  const e = useEnterprise(id);
  useCrumbTitle(e.data?.name ?? null);
  const tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as TabKey) : 'basic';
  const canEdit = hasPermission(effective, 'enterprises.manage');
  const canWrite = hasPermission(effective, 'enterprises.records.write');
  const canApprove = hasPermission(effective, 'enterprises.approve');
  // The gate QR code is printed by the office or the enterprise itself, never by the field roles that check in.
  const canGateQr =
    hasPermission(effective, 'inspections.plans.manage') ||
    (hasPermission(effective, 'inspections.read') && !!id && effective?.enterpriseId === id);

  if (e.isError && !e.data) {
    if (isApiError(e.error, 'not_found') || isApiError(e.error, 'validation_failed'))
      return (
        <Result
          status="404"
          title={t('notFound')}
          extra={<Button onClick={() => navigate('/enterprises')}>{t('backToList')}</Button>}
        />
      );
    return <QueryError error={e.error} onRetry={() => void e.refetch()} />;
  }
  if (!e.data || !id)
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  const ent = e.data;
  const label: Record<TabKey, string> = {
    basic: t('tabBasic'),
    contacts: t('tabContacts'),
    certificates: t('tabCertificates'),
    chemicals: t('tabChemicals'),
    supplies: t('tabSupplies'),
    team: t('tabTeam'),
    plans: t('tabPlans'),
    riskPoints: t('tabRiskPoints'),
    colour: t('tabColour'),
    history: t('tabHistory'),
    hazards: t('tabHazards'),
  };
  const content = (k: TabKey) => {
    switch (k) {
      case 'basic':
        return <BasicTab enterprise={ent} canEdit={canEdit} />;
      case 'contacts':
        return <ContactsTab enterpriseId={id} canWrite={canWrite} />;
      case 'certificates':
        return <CertificatesTab enterpriseId={id} canWrite={canWrite} />;
      case 'chemicals':
        return <ChemicalsTab enterpriseId={id} canWrite={canWrite} />;
      case 'supplies':
        return <SuppliesTab enterpriseId={id} canWrite={canWrite} />;
      case 'team':
        return <TeamTab enterpriseId={id} canWrite={canWrite} />;
      case 'plans':
        return <PlansTab enterpriseId={id} canWrite={canWrite} />;
      case 'riskPoints':
        return <RiskPointsTab enterpriseId={id} canWrite={canWrite} />;
      case 'colour':
        return <ColourTab enterpriseId={id} />;
      case 'history':
        return <HistoryTab enterpriseId={id} />;
      case 'hazards':
        return <HazardsTab enterpriseId={id} />;
    }
  };

  return (
    <div className="page">
      <Card className="ent-head" data-testid="ent-head">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Flex align="center" gap={10} wrap>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="ent-name">
                {ent.name}
              </Typography.Title>
              <ColourTag colour={ent.riskColour} score={ent.riskScore} testId="ent-colour" />
              {ent.status === 'closed' && <Tag>{t('closed')}</Tag>}
              {ent.pendingChange && <Tag color="gold">{t('pendingChange')}</Tag>}
            </Flex>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2, xl: 3 }}
              style={{ marginTop: 12 }}
              items={[
                { key: 'cc', label: t('creditCode'), children: <span className="mono">{ent.creditCode}</span> },
                { key: 'grid', label: t('grid'), children: ent.gridName ?? t('noGrid') },
                {
                  key: 'ind',
                  label: t('industry'),
                  children: ent.industryName ? `${ent.industryCode ?? ''} ${ent.industryName}` : '—',
                },
                {
                  key: 'p',
                  label: t('principal'),
                  children: (
                    <Space size={6}>
                      {ent.principalName}
                      {ent.principalPhone && (
                        <Typography.Text type="secondary">
                          <PhoneOutlined /> {ent.principalPhone}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  key: 'emp',
                  label: t('employees'),
                  children: `${sizeBandLabel(ent.sizeBand, lang)} · ${ent.employees ?? '—'}${lang === 'en' ? '' : ' 人'}`,
                },
                {
                  key: 'tags',
                  label: t('tag'),
                  span: 3,
                  children: ent.keyPlaceTags.length ? (
                    <Flex gap={4} wrap>
                      {ent.keyPlaceTags.map((c) => (
                        <Tag key={c} color="volcano" style={{ marginInlineEnd: 0 }}>
                          {lists.tagName.get(c) ?? c}
                        </Tag>
                      ))}
                    </Flex>
                  ) : (
                    '—'
                  ),
                },
              ]}
            />
          </div>
          <Space>
            {canGateQr && <GateQrButton enterprise={ent} />}
            <Button icon={<EnvironmentOutlined />} onClick={() => navigate(`/risk/map?focus=${ent.id}`)}>
              {t('onMap')}
            </Button>
          </Space>
        </Flex>
        {ent.pendingChange && canApprove && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={t('pendingAlert')}
            action={
              <Link to={`/enterprises/changes?enterpriseId=${ent.id}`}>
                <Button size="small">{t('goApprove')}</Button>
              </Link>
            }
          />
        )}
      </Card>
      <Tabs
        className="ent-tabs"
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(sp);
          if (k === 'basic') next.delete('tab');
          else next.set('tab', k);
          setSp(next, { replace: true });
        }}
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{label[k]}</span>, children: content(k) }))}
        data-testid="ent-tabs"
      />
    </div>
  );
}

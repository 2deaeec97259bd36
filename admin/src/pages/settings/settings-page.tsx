import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  ColorPicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Switch,
  Tabs,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { RISK_COLOURS, type Tenant, type TenantSettings } from '@yuanan/contracts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useSetSitePlan, useTenant } from '../../api/risk-queries.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { CatalogCard } from './catalog-card.tsx';
import { EscalationCard } from './escalation-card.tsx';
import { IncidentPolicyCard } from './incident-card.tsx';
import { settingsMessages } from './messages.ts';
import { Num, SettingsCard, type SettingsT } from './settings-card.tsx';
import { useUpdateZone } from './settings-queries.ts';

type T = SettingsT;
type Patch = Partial<TenantSettings>;

/** The tabs of the page (`?tab=` keeps the one open across a reload or a link such as the risk map's). */
const TABS = ['zone', 'hazard', 'cycles', 'incident', 'map', 'catalog'] as const;
type Tab = (typeof TABS)[number];

/**
 * 园区设置: every zone setting that used to live only in seed data or the api — name and time zone, palette,
 * second factor, deadlines and the escalation policy, reminder cycles, the incident policy (应急联动), site plan and
 * web map, hazard categories and key-place tags. The zone admin changes them (`tenant.settings.manage`); the safety office sees them read-only.
 */
export function SettingsPage() {
  const t = useMessages(settingsMessages);
  const { effective } = useSession();
  const canEdit = hasPermission(effective, 'tenant.settings.manage');
  const tenant = useTenant();
  const [sp, setSp] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as Tab) : 'zone';

  if (tenant.isError && !tenant.data) return <QueryError error={tenant.error} onRetry={() => void tenant.refetch()} />;
  const z = tenant.data;
  return (
    <PageContainer title={t('title')} description={t('desc')}>
      {!canEdit && <Alert type="info" showIcon title={t('readonly')} style={{ marginBottom: 16 }} />}
      {!z ? (
        <Skeleton active />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setSp({ tab: k }, { replace: true })}
          data-testid="settings-tabs"
          items={[
            {
              key: 'zone',
              label: t('tabZone'),
              children: (
                <Flex vertical gap={16}>
                  <ZoneCard zone={z} canEdit={canEdit} t={t} />
                  <PaletteCard settings={z.settings} canEdit={canEdit} t={t} />
                  <SettingsCard
                    title={t('securityCard')}
                    testId="settings-security"
                    canEdit={canEdit}
                    t={t}
                    initial={{ requireMfaForConsole: z.settings.requireMfaForConsole }}
                    toPatch={(v) => v as Patch}
                  >
                    <Form.Item
                      name="requireMfaForConsole"
                      label={t('requireMfa')}
                      valuePropName="checked"
                      extra={t('requireMfaHelp')}
                    >
                      <Switch data-testid="settings-mfa" />
                    </Form.Item>
                  </SettingsCard>
                </Flex>
              ),
            },
            {
              key: 'hazard',
              label: t('tabHazard'),
              children: (
                <Flex vertical gap={16}>
                  <SettingsCard
                    title={t('slaCard')}
                    testId="settings-sla"
                    canEdit={canEdit}
                    t={t}
                    initial={{
                      general: z.settings.hazardDeadlineDays.general,
                      major: z.settings.hazardDeadlineDays.major,
                      majorHazardAcceptanceDays: z.settings.majorHazardAcceptanceDays,
                      majorHazardReportHours: z.settings.majorHazardReportHours,
                    }}
                    toPatch={(v) => ({
                      hazardDeadlineDays: { general: Number(v.general), major: Number(v.major) },
                      majorHazardAcceptanceDays: Number(v.majorHazardAcceptanceDays),
                      majorHazardReportHours: Number(v.majorHazardReportHours),
                    })}
                    rename={{ 'hazardDeadlineDays.general': 'general', 'hazardDeadlineDays.major': 'major' }}
                  >
                    <Space wrap size={24}>
                      <Num name="general" label={t('generalDays')} min={1} max={365} />
                      <Num name="major" label={t('majorDays')} min={1} max={730} testId="settings-major-days" />
                      <Num name="majorHazardAcceptanceDays" label={t('acceptanceDays')} min={1} max={90} />
                      <Num name="majorHazardReportHours" label={t('reportHours')} min={1} max={720} />
                    </Space>
                  </SettingsCard>
                  <EscalationCard key={JSON.stringify(z.settings.escalationPolicy)} settings={z.settings} canEdit={canEdit} />
                </Flex>
              ),
            },
            {
              key: 'cycles',
              label: t('tabCycles'),
              children: <CyclesCard settings={z.settings} canEdit={canEdit} t={t} />,
            },
            {
              key: 'incident',
              label: t('tabIncident'),
              children: <IncidentPolicyCard settings={z.settings} canEdit={canEdit} t={t} />,
            },
            { key: 'map', label: t('tabMap'), children: <MapCard settings={z.settings} canEdit={canEdit} t={t} /> },
            {
              key: 'catalog',
              label: t('tabCatalog'),
              children: (
                <Flex vertical gap={16}>
                  <CatalogCard kind="hazard_category" canEdit={canEdit} />
                  <CatalogCard kind="key_place_tag" canEdit={canEdit} />
                </Flex>
              ),
            },
          ]}
        />
      )}
    </PageContainer>
  );
}

function ZoneCard({ zone, canEdit, t }: { zone: Tenant; canEdit: boolean; t: T }) {
  const { message } = App.useApp();
  const save = useUpdateZone();
  const [form] = Form.useForm<{ name: string; timeZone: string }>();
  const zones = useMemo(() => {
    const list = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return [...new Set(['Asia/Shanghai', ...list, zone.timeZone])].map((v) => ({ value: v, label: v }));
  }, [zone.timeZone]);
  return (
    <Card title={t('zoneCard')} data-testid="settings-zone">
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={{ name: zone.name, timeZone: zone.timeZone }}
        onFinish={async (v) => {
          try {
            await save.mutateAsync({ name: v.name.trim(), timeZone: v.timeZone });
            message.success(t('saved'));
          } catch (e) {
            applyFormErrors(form, e);
            message.error(errorText(e));
          }
        }}
      >
        <Space wrap size={24} align="start">
          <Form.Item label={t('code')}>
            <Input value={zone.code} disabled style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('region')}>
            <Input value={zone.region} disabled style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, whitespace: true, min: 2, max: 64 }]}>
            <Input style={{ width: 260 }} maxLength={64} data-testid="settings-name" />
          </Form.Item>
          <Form.Item name="timeZone" label={t('timeZone')} extra={t('timeZoneHelp')} rules={[{ required: true }]}>
            <Select showSearch options={zones} style={{ width: 240 }} />
          </Form.Item>
        </Space>
        {canEdit && (
          <div>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-zone-save">
              {t('save')}
            </Button>
          </div>
        )}
      </Form>
    </Card>
  );
}

type PaletteValues = Record<(typeof RISK_COLOURS)[number], { color: string; label: string }>;

function PaletteCard({ settings, canEdit, t }: { settings: TenantSettings; canEdit: boolean; t: T }) {
  return (
    <SettingsCard<PaletteValues>
      title={t('paletteCard')}
      testId="settings-palette"
      canEdit={canEdit}
      t={t}
      initial={settings.palette}
      toPatch={(v) => ({ palette: v })}
      rename={Object.fromEntries(
        RISK_COLOURS.flatMap((k) => [
          [`palette.${k}.color`, [k, 'color']],
          [`palette.${k}.label`, [k, 'label']],
        ]),
      )}
    >
      <Typography.Paragraph type="secondary">{t('paletteHelp')}</Typography.Paragraph>
      <Flex wrap gap={24}>
        {RISK_COLOURS.map((k) => (
          <Space key={k} align="start">
            <Form.Item
              name={[k, 'color']}
              label={t(`colour_${k}`)}
              getValueFromEvent={(c: { toHexString: () => string }) => c.toHexString()}
              rules={[{ required: true, pattern: /^#[0-9a-fA-F]{6}$/ }]}
            >
              <ColorPicker disabledAlpha showText format="hex" data-testid={`palette-${k}-color`} />
            </Form.Item>
            <Form.Item name={[k, 'label']} label={t('colourLabel')} rules={[{ required: true, whitespace: true, max: 20 }]}>
              <Input maxLength={20} style={{ width: 140 }} data-testid={`palette-${k}-label`} />
            </Form.Item>
          </Space>
        ))}
      </Flex>
      <Typography.Paragraph>
        <Link to="/risk/model" data-testid="settings-model-link">
          {t('modelLink')}
        </Link>
      </Typography.Paragraph>
    </SettingsCard>
  );
}

function CyclesCard({ settings, canEdit, t }: { settings: TenantSettings; canEdit: boolean; t: T }) {
  const s = settings;
  return (
    <SettingsCard
      title={t('cyclesCard')}
      testId="settings-cycles"
      canEdit={canEdit}
      t={t}
      initial={{
        certificateReminderDays: s.certificateReminderDays,
        certificateEscalationDays: s.certificateEscalationDays,
        specialEquipmentCertYears: s.specialEquipmentCertYears,
        inspectionFrequencyDays: s.inspectionFrequencyDays,
        inspectionGeofenceRadiusM: s.inspectionGeofenceRadiusM,
        inspectionReminderHours: s.inspectionReminderHours,
        inspectionRecheckRequired: s.inspectionRecheckRequired,
        drillIntervalMonths: s.drillIntervalMonths,
        dutyReminderHours: s.dutyReminderHours,
        dutyGapHorizonDays: s.dutyGapHorizonDays,
        equipmentOverdueEscalationDays: s.equipmentOverdueEscalationDays,
        equipmentMaxLoanDays: s.equipmentMaxLoanDays,
        publicHolidays: s.publicHolidays,
      }}
      toPatch={(v) => ({
        ...v,
        certificateReminderDays: [...new Set((v.certificateReminderDays as unknown[]).map(Number))]
          .filter((n) => Number.isInteger(n))
          .sort((a, b) => b - a),
        publicHolidays: [...new Set((v.publicHolidays as string[] | undefined) ?? [])].map((d) => d.trim()).sort(),
      })}
    >
      <Form.Item name="certificateReminderDays" label={t('certReminder')} rules={[{ type: 'array', max: 6 }]}>
        <Select mode="tags" style={{ maxWidth: 360 }} tokenSeparators={[',', '，', ' ']} />
      </Form.Item>
      <Space wrap size={24}>
        <Num name="certificateEscalationDays" label={t('certEscalation')} min={0} max={90} />
        <Num name="specialEquipmentCertYears" label={t('specialEquipmentYears')} min={1} max={10} />
      </Space>
      <Typography.Title level={5}>{t('inspectionCard')}</Typography.Title>
      <Space wrap size={24}>
        {RISK_COLOURS.map((k) => (
          <Num key={k} name={['inspectionFrequencyDays', k]} label={t(`colour_${k}`)} min={1} max={365} />
        ))}
      </Space>
      <Typography.Paragraph type="secondary">{t('inspectionFrequencyHelp')}</Typography.Paragraph>
      <Space wrap size={24} align="start" data-testid="settings-inspections">
        <Form.Item
          name="inspectionGeofenceRadiusM"
          label={t('geofenceRadius')}
          extra={t('geofenceRadiusHelp')}
          rules={[{ required: true, type: 'number', min: 20, max: 5000 }]}
        >
          <InputNumber min={20} max={5000} precision={0} style={{ width: 140 }} data-testid="settings-geofence-radius" />
        </Form.Item>
        <Form.Item
          name="inspectionReminderHours"
          label={t('reminderHours')}
          extra={t('reminderHoursHelp')}
          rules={[{ required: true, type: 'number', min: 1, max: 168 }]}
        >
          <InputNumber min={1} max={168} precision={0} style={{ width: 140 }} data-testid="settings-reminder-hours" />
        </Form.Item>
        <Form.Item
          name="inspectionRecheckRequired"
          label={t('recheckRequired')}
          extra={t('recheckRequiredHelp')}
          valuePropName="checked"
        >
          <Switch data-testid="settings-recheck-required" />
        </Form.Item>
      </Space>
      <Typography.Title level={5}>{t('drillCard')}</Typography.Title>
      <Space wrap size={24}>
        {(['comprehensive', 'special', 'onsite'] as const).map((k) => (
          <Num key={k} name={['drillIntervalMonths', k]} label={t(`drill_${k}`)} min={1} max={60} />
        ))}
      </Space>
      <Typography.Title level={5}>{t('dutyCard')}</Typography.Title>
      <Space wrap size={24}>
        <Num name="dutyReminderHours" label={t('dutyReminderHours')} min={1} max={72} />
        <Num name="dutyGapHorizonDays" label={t('dutyGapHorizonDays')} min={1} max={60} />
        <Num name="equipmentOverdueEscalationDays" label={t('equipmentOverdueEscalationDays')} min={1} max={90} />
        <Num name="equipmentMaxLoanDays" label={t('equipmentMaxLoanDays')} min={1} max={365} />
      </Space>
      <Form.Item
        name="publicHolidays"
        label={t('publicHolidays')}
        extra={t('publicHolidaysHelp')}
        rules={[
          { type: 'array', max: 100 },
          {
            validator: (_, v: string[] | undefined) =>
              (v ?? []).every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d.trim()))
                ? Promise.resolve()
                : Promise.reject(new Error('YYYY-MM-DD')),
          },
        ]}
      >
        <Select mode="tags" style={{ maxWidth: 520 }} tokenSeparators={[',', '，', ' ']} data-testid="settings-public-holidays" />
      </Form.Item>
    </SettingsCard>
  );
}

function MapCard({ settings, canEdit, t }: { settings: TenantSettings; canEdit: boolean; t: T }) {
  const { message } = App.useApp();
  const setPlan = useSetSitePlan();
  const plan = settings.sitePlan;
  return (
    <SettingsCard
      title={t('mapCard')}
      testId="settings-map"
      canEdit={canEdit}
      t={t}
      initial={{
        mapTileUrl: settings.mapTileUrl ?? '',
        lat: settings.mapCenter?.lat,
        lng: settings.mapCenter?.lng,
        zoom: settings.mapCenter?.zoom,
      }}
      toPatch={(v) => ({
        mapTileUrl: v.mapTileUrl?.trim() ? v.mapTileUrl.trim() : null,
        mapCenter: v.lat != null && v.lng != null ? { lat: v.lat, lng: v.lng, zoom: v.zoom ?? 15 } : null,
      })}
    >
      <Form.Item label={t('sitePlan')}>
        <Space wrap>
          <Typography.Text data-testid="settings-plan-state">
            {plan ? t('sitePlanSet', { w: plan.width, h: plan.height }) : t('sitePlanNone')}
          </Typography.Text>
          {canEdit && (
            <Upload
              accept="image/png,image/jpeg"
              showUploadList={false}
              beforeUpload={(file) => {
                setPlan.mutate(file, {
                  onSuccess: () => message.success(t('planUploaded')),
                  onError: (e) => message.error(errorText(e)),
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={setPlan.isPending} data-testid="settings-plan-upload">
                {plan ? t('replacePlan') : t('uploadPlan')}
              </Button>
            </Upload>
          )}
          <Link to="/risk/map">{t('openMap')}</Link>
        </Space>
      </Form.Item>
      <Form.Item name="mapTileUrl" label={t('tileUrl')} extra={t('tileUrlHelp')}>
        <Input maxLength={500} style={{ maxWidth: 560 }} placeholder="https://{s}.tile.example.com/{z}/{x}/{y}.png" />
      </Form.Item>
      <Form.Item label={t('centre')}>
        <Space wrap>
          <Form.Item name="lat" noStyle rules={[{ type: 'number', min: -90, max: 90 }]}>
            <InputNumber placeholder={t('lat')} precision={6} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="lng" noStyle rules={[{ type: 'number', min: -180, max: 180 }]}>
            <InputNumber placeholder={t('lng')} precision={6} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="zoom" noStyle rules={[{ type: 'number', min: 1, max: 20 }]}>
            <InputNumber placeholder={t('zoom')} precision={0} style={{ width: 100 }} />
          </Form.Item>
        </Space>
      </Form.Item>
    </SettingsCard>
  );
}

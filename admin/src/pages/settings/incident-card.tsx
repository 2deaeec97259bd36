import { Alert, Flex, Form, InputNumber, Switch, Typography, type FormInstance } from 'antd';
import type { IncidentPolicy, TenantSettings } from '@yuanan/contracts';
import { SettingsCard, type SettingsT } from './settings-card.tsx';

/** The card's form: the policy under its own name, so the api's `incidentPolicy.downwind.calmSpeed` names a field. */
interface Values {
  incidentPolicy: IncidentPolicy;
}
type Key = keyof IncidentPolicy | `downwind.${keyof IncidentPolicy['downwind']}`;
/** A field's own name (`calmSpeed`): its label is `ip_<name>` and its hint `ip_<name>Help` in messages.ts. */
type Leaf = Exclude<keyof IncidentPolicy, 'downwind'> | keyof IncidentPolicy['downwind'];

/**
 * The ranges of `incidentPolicy` (contracts tenants.ts), checked in the form before the api checks them again. Whole
 * numbers where the schema wants integers; angles and wind speeds may have decimals. The schema's rules across
 * fields (calm below low wind, low-wind angle ≥ normal angle, toxic distance ≥ normal distance) are the api's: its
 * field errors land on these fields.
 */
const RANGES: Record<Exclude<Key, 'escalateToLeader' | 'downwind'>, { min: number; max: number; int: boolean; step?: number }> = {
  ackMinutes: { min: 1, max: 60, int: true },
  accountabilityMinutes: { min: 5, max: 120, int: true },
  sosMergeSeconds: { min: 0, max: 600, int: true },
  // 生产安全事故报告和调查处理条例 Art. 9: one hour at most; a zone may only be stricter.
  authorityReportMinutes: { min: 1, max: 60, int: true },
  'downwind.halfAngleDeg': { min: 5, max: 90, int: false, step: 5 },
  'downwind.lowWindHalfAngleDeg': { min: 5, max: 180, int: false, step: 5 },
  'downwind.lowWindSpeed': { min: 0, max: 20, int: false, step: 0.1 },
  'downwind.calmSpeed': { min: 0, max: 10, int: false, step: 0.1 },
  'downwind.distanceM': { min: 100, max: 50_000, int: true, step: 100 },
  'downwind.toxicDistanceM': { min: 100, max: 50_000, int: true, step: 100 },
};

/** One number of the policy: label with its unit, the range, and a hint saying what it does. */
function PolicyNumber({ k, t, testId }: { k: keyof typeof RANGES; t: SettingsT; testId: string }) {
  const r = RANGES[k];
  const leaf = k.replace('downwind.', '') as Leaf;
  return (
    <Form.Item
      name={['incidentPolicy', ...k.split('.')]}
      label={t(`ip_${leaf}`)}
      extra={t(`ip_${leaf}Help`) + t('ipRange', { min: r.min, max: r.max })}
      rules={[{ required: true, type: 'number', min: r.min, max: r.max }]}
      style={{ width: 320 }}
    >
      <InputNumber
        min={r.min}
        max={r.max}
        step={r.step ?? 1}
        precision={r.int ? 0 : undefined}
        style={{ width: 140 }}
        data-testid={testId}
      />
    </Form.Item>
  );
}

/** What the sector is at each wind, from the values in the form (before they are saved). */
function SectorPreview({ form, t }: { form: FormInstance<Values>; t: SettingsT }) {
  const d = Form.useWatch(['incidentPolicy', 'downwind'], form) as Partial<IncidentPolicy['downwind']> | undefined;
  if (
    !d ||
    [d.halfAngleDeg, d.lowWindHalfAngleDeg, d.lowWindSpeed, d.calmSpeed, d.distanceM, d.toxicDistanceM].some((v) => v == null)
  )
    return null;
  return (
    <Alert
      type="info"
      style={{ marginBottom: 16 }}
      title={t('ipPreview')}
      description={
        <Flex vertical gap={4} data-testid="incident-sector-preview">
          <span>{t('ipPreviewNormal', { v: d.lowWindSpeed!, a: d.halfAngleDeg!, m: d.distanceM!, tm: d.toxicDistanceM! })}</span>
          {/* A calm speed at or above the low wind leaves no low-wind band (the api refuses it on its field). */}
          {d.calmSpeed! < d.lowWindSpeed! && (
            <span>
              {t('ipPreviewLow', {
                c: d.calmSpeed!,
                v: d.lowWindSpeed!,
                a: d.lowWindHalfAngleDeg!,
                m: d.distanceM!,
                tm: d.toxicDistanceM!,
              })}
            </span>
          )}
          <span>{t('ipPreviewCalm', { c: d.calmSpeed!, m: d.distanceM!, tm: d.toxicDistanceM! })}</span>
        </Flex>
      }
    />
  );
}

/**
 * 应急联动: the zone's incident policy — the ack time of a dispatched member before the dispatch moves on, whether
 * the team leader hears of each move, the roll call on scene, the SOS merge window, the authority report deadline
 * (at most the hour of 生产安全事故报告和调查处理条例 Art. 9) and the downwind sector of warnings. Saved whole
 * (`PATCH /tenant/settings { incidentPolicy }`; zone settings carry no version: the api merges under the zone row's
 * lock); the api's field errors land on their fields.
 */
export function IncidentPolicyCard({ settings, canEdit, t }: { settings: TenantSettings; canEdit: boolean; t: SettingsT }) {
  const stored = settings.incidentPolicy;
  return (
    <SettingsCard<Values>
      title={t('incidentCard')}
      testId="settings-incident"
      canEdit={canEdit}
      t={t}
      initial={{ incidentPolicy: stored }}
      toPatch={({ incidentPolicy: v }) => ({
        // Every field is in the form; the stored policy only fills what an older form would not know.
        incidentPolicy: { ...stored, ...v, downwind: { ...stored.downwind, ...v.downwind } },
      })}
      extra={(form) => <SectorPreview form={form} t={t} />}
    >
      <Typography.Paragraph type="secondary">{t('incidentHelp')}</Typography.Paragraph>
      <Typography.Title level={5}>{t('ipDispatch')}</Typography.Title>
      <Flex wrap gap="0 24px" align="start">
        <PolicyNumber k="ackMinutes" t={t} testId="incident-ack-minutes" />
        <Form.Item
          name={['incidentPolicy', 'escalateToLeader']}
          label={t('ip_escalateToLeader')}
          extra={t('ip_escalateToLeaderHelp')}
          valuePropName="checked"
          style={{ width: 320 }}
        >
          <Switch data-testid="incident-escalate-leader" />
        </Form.Item>
        <PolicyNumber k="accountabilityMinutes" t={t} testId="incident-roll-call-minutes" />
        <PolicyNumber k="sosMergeSeconds" t={t} testId="incident-sos-merge" />
      </Flex>
      <Typography.Title level={5}>{t('ipReport')}</Typography.Title>
      <Flex wrap gap="0 24px" align="start">
        <PolicyNumber k="authorityReportMinutes" t={t} testId="incident-report-minutes" />
      </Flex>
      <Typography.Title level={5}>{t('ipDownwind')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ipDownwindHelp')}</Typography.Paragraph>
      <Flex wrap gap="0 24px" align="start">
        <PolicyNumber k="downwind.halfAngleDeg" t={t} testId="incident-half-angle" />
        <PolicyNumber k="downwind.lowWindHalfAngleDeg" t={t} testId="incident-low-wind-angle" />
        <PolicyNumber k="downwind.lowWindSpeed" t={t} testId="incident-low-wind-speed" />
        <PolicyNumber k="downwind.calmSpeed" t={t} testId="incident-calm-speed" />
        <PolicyNumber k="downwind.distanceM" t={t} testId="incident-distance" />
        <PolicyNumber k="downwind.toxicDistanceM" t={t} testId="incident-toxic-distance" />
      </Flex>
    </SettingsCard>
  );
}

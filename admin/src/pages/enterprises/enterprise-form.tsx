import { Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch, Tooltip, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import {
  anyPhone,
  BUILDING_STRUCTURES,
  creditCode,
  GEOFENCE_POLYGON_POINTS,
  GEOFENCE_RADIUS_M,
  KEY_FIELDS,
  OWNERSHIPS,
  STANDARDISATION_LEVELS,
  type EnterpriseGeofence,
} from '@yuanan/contracts';
import { isApiError } from '../../api/errors.ts';
import type { Enterprise } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from './catalog.ts';
import { enterpriseFieldLabel, sizeBandLabel } from './labels.ts';
import { entMessages } from './messages.ts';

/** The editable fields of an enterprise, as the form holds them. */
export const EDITABLE = [
  'creditCode',
  'name',
  'legalRepresentative',
  'principalName',
  'principalPhone',
  'safetyManagerName',
  'safetyManagerPhone',
  'industryCode',
  'industryName',
  'isIndustryTrade',
  'ownership',
  'employees',
  'annualRevenue',
  'annualOutput',
  'address',
  'lat',
  'lng',
  'planX',
  'planY',
  'gridId',
  'buildingStructure',
  'hasSprinklers',
  'landlordEnterpriseId',
  'standardisationLevel',
  'keyPlaceTags',
  'peopleWithin500m',
  'status',
] as const;
export type EditableField = (typeof EDITABLE)[number];
/**
 * The inspection geofence (电子围栏) as the form holds it: the zone's default radius, the enterprise's own radius,
 * or a polygon typed as one "lat,lng" vertex per line (a textarea: there is no map editor for polygons).
 */
export type GeofenceMode = 'zone' | 'radius' | 'polygon';
export type EnterpriseFormValues = Partial<Record<EditableField, unknown>> & {
  geofenceMode?: GeofenceMode;
  geofenceRadiusM?: number | null;
  geofencePolygon?: string;
};

const KEY = new Set<string>(KEY_FIELDS);

export function toFormValues(e: Enterprise): EnterpriseFormValues {
  const out: EnterpriseFormValues = {};
  for (const f of EDITABLE) out[f] = (e as unknown as Record<string, unknown>)[f] ?? undefined;
  const g = e.geofence ?? null;
  out.geofenceMode = !g ? 'zone' : 'radiusM' in g ? 'radius' : 'polygon';
  out.geofenceRadiusM = g && 'radiusM' in g ? g.radiusM : null;
  out.geofencePolygon = g && 'polygon' in g ? g.polygon.map(([lat, lng]) => `${lat},${lng}`).join('\n') : '';
  return out;
}

/**
 * Polygon vertices from the textarea: one per line, "lat,lng" (a Chinese comma, a tab or spaces also separate);
 * blank lines ignored. A line that is not two numbers: `{ line }` (1-based) for the field's message.
 */
export function parsePolygon(text: string): { points: [number, number][] } | { line: number } {
  const points: [number, number][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const parts = raw.split(/\s*[,，;；\t]\s*|\s+/).filter(Boolean);
    const [lat, lng] = parts.map(Number);
    if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lng)) return { line: i + 1 };
    points.push([lat!, lng!]);
  }
  return { points };
}

/** The geofence the form describes (undefined: the form's polygon or radius cannot be read; its rules say why). */
export function geofenceOf(v: EnterpriseFormValues): EnterpriseGeofence | null | undefined {
  if (v.geofenceMode === 'radius') return typeof v.geofenceRadiusM === 'number' ? { radiusM: v.geofenceRadiusM } : undefined;
  if (v.geofenceMode === 'polygon') {
    const r = parsePolygon(v.geofencePolygon ?? '');
    return 'points' in r ? { polygon: r.points } : undefined;
  }
  return null;
}

/** The api's field errors of the geofence (geofence.radiusM, geofence.polygon.3.0 …) onto the form's own fields. */
export function geofenceErrorNames(e: unknown): Record<string, string[]> {
  if (!isApiError(e)) return {};
  const out: Record<string, string[]> = {};
  for (const path of Object.keys(e.fieldErrors)) {
    if (path === 'geofence.radiusM') out[path] = ['geofenceRadiusM'];
    else if (path.startsWith('geofence.polygon')) out[path] = ['geofencePolygon'];
    else if (path.startsWith('geofence')) out[path] = ['geofenceMode'];
  }
  return out;
}

/** The value a contract schema stores for `x`, or `x` as typed when the schema refuses it (the api says why). */
function foldWith(schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown } }, x: string): unknown {
  const r = schema.safeParse(x);
  return r.success ? r.data : x;
}

/** Form values as the api takes them: empty text is "not given" (null), text trimmed. */
export function normalise(v: EnterpriseFormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of EDITABLE) {
    let x = v[f];
    if (typeof x === 'string') x = x.trim();
    if (x === '' || x === undefined) x = null;
    if (f === 'keyPlaceTags') x = (x as string[] | null) ?? [];
    // The api's own folding (full-width, zero-width, +86, 转8001 …), so an unchanged value pasted differently is unchanged.
    if (f === 'creditCode' && typeof x === 'string') x = foldWith(creditCode, x.toUpperCase());
    if ((f === 'principalPhone' || f === 'safetyManagerPhone') && typeof x === 'string') x = foldWith(anyPhone, x);
    if (f === 'industryCode' && typeof x === 'string') x = x.toUpperCase();
    out[f] = x;
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return (a ?? null) === (b ?? null);
}

/** The fields whose values differ from the enterprise's. */
export function changedFields(e: Enterprise, v: EnterpriseFormValues): Record<string, unknown> {
  const n = normalise(v);
  const out: Record<string, unknown> = {};
  for (const f of EDITABLE) {
    if (!same(n[f], (e as unknown as Record<string, unknown>)[f])) out[f] = n[f];
  }
  // Only when the form has the geofence (the safety office's edit form) and it reads.
  if (v.geofenceMode !== undefined) {
    const g = geofenceOf(v);
    if (g !== undefined && JSON.stringify(g) !== JSON.stringify(e.geofence ?? null)) out.geofence = g;
  }
  return out;
}

/** The enterprise's fields in three sections; key fields are marked (an enterprise's own change needs approval). */
export function EnterpriseFields({ enterprise, mode }: { enterprise?: Enterprise; mode: 'create' | 'edit' }) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const lists = useZoneLists();
  const { effective } = useSession();
  // The geofence is the safety office's (the api refuses it from enterprise users).
  const showGeofence = mode === 'edit' && hasPermission(effective, 'enterprises.manage');
  const label = (f: EditableField, extra?: string) => (
    <span>
      {enterpriseFieldLabel(f, lang)}
      {KEY.has(f) && (
        <Tooltip title={t('keyFieldHint')}>
          <KeyOutlined style={{ color: '#d48806', marginLeft: 4, fontSize: 12 }} aria-label={t('keyFieldHint')} />
        </Tooltip>
      )}
      {extra && (
        <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4 }}>
          {extra}
        </Typography.Text>
      )}
    </span>
  );
  const item = (f: EditableField, node: React.ReactNode, opts: { required?: boolean; span?: number; extra?: string } = {}) => (
    <Col xs={24} md={opts.span ?? 8} key={f}>
      <Form.Item
        name={f}
        label={label(f)}
        rules={opts.required ? [{ required: true, whitespace: true }] : undefined}
        extra={opts.extra}
      >
        {node}
      </Form.Item>
    </Col>
  );
  const yesNo = [
    { value: true, label: t('yes') },
    { value: false, label: t('no') },
  ];
  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t('secBasic')}
      </Divider>
      <Row gutter={16}>
        {item('creditCode', <Input maxLength={40} className="mono" data-testid="ef-creditCode" />, { required: true })}
        {item('name', <Input maxLength={100} data-testid="ef-name" />, { required: true, span: 16 })}
        {item('legalRepresentative', <Input maxLength={32} />)}
        {item('principalName', <Input maxLength={32} data-testid="ef-principalName" />, { required: true })}
        {item('principalPhone', <Input maxLength={20} />)}
        {item('safetyManagerName', <Input maxLength={32} />)}
        {item('safetyManagerPhone', <Input maxLength={20} />)}
        {item(
          'ownership',
          <Select allowClear placeholder={t('selectPh')} options={OWNERSHIPS.map((o) => ({ value: o, label: o }))} />,
        )}
        {item('industryCode', <Input maxLength={8} className="mono" placeholder="C3311" />)}
        {item('industryName', <Input maxLength={60} />)}
        <Col xs={24} md={8}>
          <Form.Item
            name="isIndustryTrade"
            label={label('isIndustryTrade')}
            valuePropName="checked"
            extra={t('isIndustryTradeHint')}
          >
            <Switch />
          </Form.Item>
        </Col>
        {item('employees', <InputNumber min={0} precision={0} style={{ width: '100%' }} />)}
        {item('annualRevenue', <InputNumber min={0} style={{ width: '100%' }} />)}
        {item('annualOutput', <InputNumber min={0} style={{ width: '100%' }} />)}
        {mode === 'edit' && (
          <Col xs={24} md={8}>
            <Form.Item label={enterpriseFieldLabel('sizeBand', lang)} extra={t('sizeComputed')}>
              <Input value={sizeBandLabel(enterprise?.sizeBand ?? null, lang)} disabled />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Divider titlePlacement="start" plain>
        {t('secLocation')}
      </Divider>
      <Row gutter={16}>
        {item('address', <Input maxLength={200} />, { span: 16 })}
        {item('gridId', <Select allowClear placeholder={t('selectPh')} options={lists.gridOptions} data-testid="ef-grid" />)}
        {item('lat', <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />)}
        {item('lng', <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />)}
        {item('peopleWithin500m', <InputNumber min={0} precision={0} style={{ width: '100%' }} />)}
        {item('planX', <InputNumber min={0} max={1} step={0.01} style={{ width: '100%' }} />, { extra: t('planPosHint') })}
        {item('planY', <InputNumber min={0} max={1} step={0.01} style={{ width: '100%' }} />)}
      </Row>
      {showGeofence && <GeofenceFields />}
      <Divider titlePlacement="start" plain>
        {t('secSafety')}
      </Divider>
      <Row gutter={16}>
        {item(
          'keyPlaceTags',
          <Select mode="multiple" allowClear placeholder={t('selectPh')} options={lists.tagOptions} data-testid="ef-tags" />,
          { span: 16 },
        )}
        {item(
          'standardisationLevel',
          <Select allowClear placeholder={t('selectPh')} options={STANDARDISATION_LEVELS.map((o) => ({ value: o, label: o }))} />,
        )}
        {item(
          'buildingStructure',
          <Select allowClear placeholder={t('selectPh')} options={BUILDING_STRUCTURES.map((o) => ({ value: o, label: o }))} />,
        )}
        {item('hasSprinklers', <Select allowClear placeholder={t('selectPh')} options={yesNo} />)}
        {item(
          'landlordEnterpriseId',
          <EnterprisePicker
            allowClear
            placeholder={t('landlordPh')}
            excludeId={enterprise?.id}
            current={
              enterprise?.landlordEnterpriseId && enterprise.landlordName
                ? { id: enterprise.landlordEnterpriseId, name: enterprise.landlordName }
                : null
            }
            testId="ef-landlord"
          />,
        )}
        {item(
          'status',
          <Select
            options={[
              { value: 'active', label: t('active') },
              { value: 'closed', label: t('closed') },
            ]}
          />,
        )}
      </Row>
    </>
  );
}

/** 电子围栏 for inspection check-ins: the zone's radius, the enterprise's own radius, or a polygon (textarea). */
function GeofenceFields() {
  const t = useMessages(entMessages);
  const mode = Form.useWatch('geofenceMode') as GeofenceMode | undefined;
  return (
    <Row gutter={16} data-testid="ef-geofence">
      <Col xs={24} md={8}>
        <Form.Item name="geofenceMode" label={t('geofence')} extra={t('geofenceHint')}>
          <Radio.Group
            data-testid="ef-geofence-mode"
            options={[
              { value: 'zone', label: t('geofenceZone') },
              { value: 'radius', label: t('geofenceRadius') },
              { value: 'polygon', label: t('geofencePolygon') },
            ]}
          />
        </Form.Item>
      </Col>
      {mode === 'radius' && (
        <Col xs={24} md={8}>
          <Form.Item
            name="geofenceRadiusM"
            label={t('geofenceRadiusM')}
            rules={[{ required: true, type: 'number', min: GEOFENCE_RADIUS_M.min, max: GEOFENCE_RADIUS_M.max }]}
          >
            <InputNumber
              min={GEOFENCE_RADIUS_M.min}
              max={GEOFENCE_RADIUS_M.max}
              precision={0}
              style={{ width: '100%' }}
              data-testid="ef-geofence-radius"
            />
          </Form.Item>
        </Col>
      )}
      {mode === 'polygon' && (
        <Col xs={24} md={16}>
          <Form.Item
            name="geofencePolygon"
            label={t('geofencePolygonPoints')}
            extra={t('geofencePolygonHint', { min: GEOFENCE_POLYGON_POINTS.min, max: GEOFENCE_POLYGON_POINTS.max })}
            rules={[
              {
                validator: async (_, value: string | undefined) => {
                  const r = parsePolygon(value ?? '');
                  if ('line' in r) throw new Error(t('geofenceBadLine', { n: r.line }));
                  if (r.points.length < GEOFENCE_POLYGON_POINTS.min || r.points.length > GEOFENCE_POLYGON_POINTS.max)
                    throw new Error(
                      t('geofencePolygonHint', { min: GEOFENCE_POLYGON_POINTS.min, max: GEOFENCE_POLYGON_POINTS.max }),
                    );
                },
              },
            ]}
          >
            <Input.TextArea
              rows={6}
              className="mono"
              placeholder={'29.2895,120.1295\n29.2895,120.1305\n29.2905,120.1305'}
              data-testid="ef-geofence-polygon"
            />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

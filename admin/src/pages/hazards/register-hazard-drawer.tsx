import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { EnvironmentOutlined, FileAddOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { HAZARD_MAX_CITATIONS, HAZARD_SOURCES, type LawCitationRef, type StoredFile } from '@yuanan/contracts';
import { newIdempotencyKey } from '@yuanan/sdk';
import { useEnterprise } from '../../api/enterprise-queries.ts';
import { applyFormErrors, errorText } from '../../api/errors.ts';
import { useChecklist } from '../../api/hazard-queries.ts';
import { useScope } from '../../api/keys.ts';
import { useTenant } from '../../api/risk-queries.ts';
import { useCatalog } from '../../api/zone-queries.ts';
import { useApi } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { LawCitationPicker } from '../../components/law-citation/law-citation-picker.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n, useT } from '../../i18n/i18n.tsx';
import { ChecklistClauses, GradeFields, type Grade } from './grading-fields.tsx';
import { sourceLabel } from './labels.ts';
import { hzMessages } from './messages.ts';
import { regMessages } from './register-messages.ts';

type Api = ReturnType<typeof useApi>;
type RegisterBody = Parameters<Api['hazards']['report']>[0];

interface Values {
  enterpriseId?: string | null;
  source: (typeof HAZARD_SOURCES)[number];
  categoryCode?: string;
  description?: string;
  place?: string;
  lat?: number | null;
  lng?: number | null;
  grade: Grade;
  treatment: 'immediate' | 'deadline';
  deadline?: Dayjs;
  responsibleName?: string;
  majorChecklistItems?: string[];
  legalBasis?: string;
  citations?: LawCitationRef[];
}

/** The office's sources first (检查发现, 电话投诉, 上级交办, 举报 …); 企业自查 is the enterprise's own and comes last. */
const SOURCE_ORDER: Values['source'][] = [
  'safety_inspection',
  'phone_complaint',
  'authority_assigned',
  'report',
  'third_party',
  'iot_alarm',
  'grid_patrol',
  'analogy',
  'holiday',
  'other',
  'self_check',
];
const MAX_PHOTOS = 12;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';

/**
 * The button in the ledger's header and its drawer. Each opening is a fresh form (the drawer is keyed by the
 * opening), so a registration never inherits the last one's photos or idempotency key.
 */
export function RegisterHazardButton() {
  const r = useMessages(regMessages);
  const [open, setOpen] = useState(false);
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <Button
        type="primary"
        icon={<FileAddOutlined />}
        onClick={() => {
          setGeneration((g) => g + 1);
          setOpen(true);
        }}
        data-testid="hz-register"
      >
        {r('open')}
      </Button>
      {generation > 0 && <RegisterHazardDrawer key={generation} open={open} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * 登记隐患: the safety office files a hazard it found, was phoned about or was handed by the authority, graded at
 * once (POST /hazards with a grade). Photos go up through the files API as they are picked (HEIC is converted by
 * the server); a photo's GPS fills the point. The whole form carries one Idempotency-Key per opening, so a double
 * click or a retry after a lost answer registers once; a refused registration frees the key (server side) and
 * its field errors land on their fields.
 */
export function RegisterHazardDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(hzMessages);
  const r = useMessages(regMessages);
  const tc = useT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const key = useRef(newIdempotencyKey());
  const [photos, setPhotos] = useState<UploadFile<StoredFile>[]>([]);

  const enterpriseId = Form.useWatch('enterpriseId', form) ?? undefined;
  const grade = Form.useWatch('grade', form) ?? 'general';
  const enterprise = useEnterprise(enterpriseId);
  const checklist = useChecklist(enterpriseId, open && grade === 'major');
  const categories = useCatalog('hazard_category', open);
  const tenant = useTenant();
  const days = tenant.data?.settings.hazardDeadlineDays ?? { general: 7, major: 30 };
  // The principal offered as the responsible person, until someone types another name.
  const offered = useRef<string | null>(null);

  useEffect(() => {
    const principal = enterprise.data?.principalName ?? null;
    const current = form.getFieldValue('responsibleName') as string | undefined;
    if (principal && (!current || current === offered.current)) form.setFieldValue('responsibleName', principal);
    offered.current = principal;
  }, [enterprise.data, form]);

  // The deadline follows the zone's default for the grade until the person picks one.
  useEffect(() => {
    if (!form.isFieldTouched('deadline')) form.setFieldValue('deadline', dayjs().add(days[grade], 'day'));
  }, [grade, days.general, days.major, form]);

  const register = useMutation({
    mutationFn: (b: RegisterBody) => api.hazards.report(b, key.current),
    onSuccess: (h) => {
      void qc.invalidateQueries({ queryKey: [scope, 'hazards'] });
      // Hazards feed the enterprise's colour (recomputed by the worker).
      setTimeout(() => {
        void qc.invalidateQueries({ queryKey: [scope, 'enterprise', h.enterpriseId] });
        void qc.invalidateQueries({ queryKey: [scope, 'risk'] });
      }, 2500);
    },
  });

  const upload = async (file: File): Promise<StoredFile> => {
    const fd = new FormData();
    fd.append('purpose', 'hazard_photo');
    const eid = form.getFieldValue('enterpriseId') as string | null | undefined;
    if (eid) fd.append('enterpriseId', eid);
    fd.append('file', file, file.name);
    return api.files.upload(fd);
  };

  const onPhotos = (list: UploadFile<StoredFile>[]) => {
    const next = list.map((f) => {
      const stored = f.response;
      if (f.status !== 'done' || !stored) return f;
      // The server's copy (HEIC converted to JPEG) is the thumbnail the browser can show.
      return { ...f, url: stored.url, thumbUrl: stored.url };
    });
    setPhotos(next);
    const located = next.find((f) => f.status === 'done' && f.response?.lat != null && f.response?.lng != null);
    if (located && form.getFieldValue('lat') == null && form.getFieldValue('lng') == null) {
      form.setFieldsValue({ lat: located.response!.lat, lng: located.response!.lng });
      message.info(r('pointFromPhoto'));
    }
  };

  // Through the form's submit (onFinish): a refused field — the checklist far down the drawer included — is
  // scrolled to by the form's scrollToFirstError, and a refusal is no unhandled rejection.
  const submit = async (v: Values) => {
    if (register.isPending) return;
    if (photos.some((f) => f.status === 'uploading')) {
      message.warning(r('photoUploading'));
      return;
    }
    const treatment = v.grade === 'major' ? 'deadline' : v.treatment;
    const body: RegisterBody = {
      enterpriseId: v.enterpriseId!,
      source: v.source,
      categoryCode: v.categoryCode!,
      description: v.description!.trim(),
      place: v.place?.trim() || undefined,
      location: v.lat != null && v.lng != null ? { lat: v.lat, lng: v.lng } : undefined,
      photoIds: photos.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id),
      grade: v.grade,
      treatment,
      deadline: treatment === 'deadline' ? v.deadline?.format('YYYY-MM-DD') : undefined,
      responsibleName: v.responsibleName?.trim() || undefined,
      majorChecklistItems: v.grade === 'major' ? (v.majorChecklistItems ?? []) : undefined,
      majorChecklistVersion: v.grade === 'major' ? checklist.data?.id : undefined,
      legalBasis: v.legalBasis?.trim() || undefined,
      citations: v.citations?.length ? v.citations : undefined,
    };
    try {
      const h = await register.mutateAsync(body);
      key.current = newIdempotencyKey();
      message.success(
        <span data-testid="hz-register-done">
          {r('done', { code: h.code })}{' '}
          <Typography.Link onClick={() => navigate(`/hazards/${h.id}`)}>{r('view')}</Typography.Link>
        </span>,
      );
      onClose();
    } catch (e) {
      applyFormErrors(form, e, { 'location.lat': 'lat', 'location.lng': 'lng' });
      message.error(errorText(e));
    }
  };

  const sourceOptions = SOURCE_ORDER.filter((s) => (HAZARD_SOURCES as readonly string[]).includes(s)).map((s) => ({
    value: s,
    label: sourceLabel(s, lang),
  }));

  return (
    <Drawer
      open={open}
      title={r('title')}
      size={820}
      onClose={onClose}
      destroyOnHidden
      data-testid="hz-register-drawer"
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{tc('common.cancel')}</Button>
          <Button type="primary" loading={register.isPending} onClick={() => form.submit()} data-testid="hz-register-submit">
            {r('submit')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={r('intro')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        scrollToFirstError={{ block: 'center', focus: true }}
        onFinish={(v) => void submit(v)}
        initialValues={{
          source: 'safety_inspection',
          grade: 'general',
          treatment: 'deadline',
          majorChecklistItems: [],
          citations: [],
        }}
        data-testid="hz-register-form"
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="enterpriseId" label={r('enterprise')} rules={[{ required: true, message: r('enterpriseRequired') }]}>
              <EnterprisePicker testId="hz-register-enterprise" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="source" label={r('source')} rules={[{ required: true }]}>
              <Select options={sourceOptions} data-testid="hz-register-source" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="categoryCode" label={r('category')} rules={[{ required: true, message: r('categoryRequired') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('selectPh')}
                loading={categories.isLoading}
                options={(categories.data ?? []).filter((c) => c.enabled).map((c) => ({ value: c.code, label: c.name }))}
                data-testid="hz-register-category"
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="place" label={r('place')}>
              <Input maxLength={100} placeholder={r('placePh')} data-testid="hz-register-place" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="description"
          label={r('description')}
          rules={[
            { required: true, whitespace: true, message: r('descriptionShort') },
            { min: 4, message: r('descriptionShort') },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            placeholder={r('descriptionPh')}
            data-testid="hz-register-description"
          />
        </Form.Item>
        <Form.Item label={r('photos')} extra={r('photosHint')}>
          <Upload<StoredFile>
            listType="picture-card"
            accept={ACCEPT}
            multiple
            maxCount={MAX_PHOTOS}
            fileList={photos}
            onChange={({ fileList }) => onPhotos(fileList)}
            customRequest={({ file, onSuccess, onError }) => {
              upload(file as File)
                .then((stored) => onSuccess?.(stored))
                .catch((e: unknown) => {
                  message.error(r('photoFailed', { name: (file as File).name, reason: errorText(e) }));
                  onError?.(e instanceof Error ? e : new Error(String(e)));
                });
            }}
            data-testid="hz-register-photos"
          >
            {photos.length < MAX_PHOTOS && (
              <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
                <PlusOutlined />
                <div style={{ marginTop: 6 }}>{r('photoAdd')}</div>
              </button>
            )}
          </Upload>
        </Form.Item>
        {/* The point's two numbers are checked together; their error shows on the row (noStyle items report up). */}
        <Form.Item label={r('point')} extra={r('pointHint')}>
          <Space wrap>
            <Form.Item
              name="lat"
              noStyle
              dependencies={['lng']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    (v == null) === (getFieldValue('lng') == null)
                      ? Promise.resolve()
                      : Promise.reject(new Error(r('pointBoth'))),
                }),
              ]}
            >
              <InputNumber
                min={-90}
                max={90}
                step={0.000001}
                prefix={r('lat')}
                style={{ width: 210 }}
                data-testid="hz-register-lat"
              />
            </Form.Item>
            <Form.Item name="lng" noStyle>
              <InputNumber
                min={-180}
                max={180}
                step={0.000001}
                prefix={r('lng')}
                style={{ width: 210 }}
                data-testid="hz-register-lng"
              />
            </Form.Item>
            <Button
              icon={<EnvironmentOutlined />}
              disabled={enterprise.data?.lat == null || enterprise.data?.lng == null}
              onClick={() => form.setFieldsValue({ lat: enterprise.data!.lat, lng: enterprise.data!.lng })}
            >
              {r('useEnterprisePoint')}
            </Button>
          </Space>
        </Form.Item>

        <Divider titlePlacement="start">{r('decision')}</Divider>
        <Row gutter={16}>
          <GradeFields
            grade={grade}
            days={days}
            spans={{ grade: 10, treatment: 14, deadline: 10 }}
            onGradeChange={(g) => {
              if (g === 'major') form.setFieldsValue({ treatment: 'deadline' });
              else form.setFieldsValue({ majorChecklistItems: [] });
            }}
            testIds={{ grade: 'hz-register-grade', deadline: 'hz-register-deadline' }}
          />
          <Col span={14}>
            <Form.Item
              name="responsibleName"
              label={t('responsible')}
              extra={r('responsibleDefault')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={32} placeholder={t('responsiblePh')} data-testid="hz-register-responsible" />
            </Form.Item>
          </Col>
        </Row>
        {grade === 'major' && (
          <div className="checklist-box" data-testid="hz-register-checklist">
            {!enterpriseId ? (
              <Typography.Text type="secondary">{r('pickEnterpriseFirst')}</Typography.Text>
            ) : (
              <ChecklistClauses
                checklist={checklist.data}
                testIdPrefix="hz-register-clause"
                item={{
                  rules: [{ type: 'array', min: 1, required: true, message: r('checklistRequired') }],
                  style: { marginBottom: 0 },
                }}
              />
            )}
          </div>
        )}
        <Form.Item name="legalBasis" label={r('legalBasis')} style={{ marginTop: 12 }}>
          <Input.TextArea maxLength={1000} rows={2} placeholder={t('legalBasisPh')} />
        </Form.Item>
        <Form.Item name="citations" label={t('citations')} extra={t('citationsHint')}>
          <LawCitationPicker max={HAZARD_MAX_CITATIONS} basisField="legalBasis" testId="hz-register-citations" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

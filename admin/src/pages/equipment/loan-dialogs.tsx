import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Flex, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { ScanOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { BORROWER_KINDS, EQUIPMENT_CONDITIONS, type BorrowerKind, type EquipmentCondition } from '@yuanan/contracts';
import {
  useLoanMutations,
  useUnit,
  useUnits,
  type EquipmentLoan,
  type EquipmentReservation,
  type EquipmentUnit,
} from '../../api/equipment-queries.ts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useApi } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { fmtMinute } from '../../components/time.ts';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePunct } from '../../i18n/punct.ts';
import { borrowerKindLabel, conditionLabel, UnitStatusTag } from './labels.tsx';
import { eqMessages } from './messages.ts';
import { PhotoUpload, usePhotoState } from './photo-upload.tsx';
import { SignaturePad } from './signature-pad.tsx';

/** Where photos and signatures of loans are stored (the files module's general purpose). */
export const LOAN_FILE_PURPOSE = 'other';

/** A phone as the api may show it masked (137****0001): not sent back as the borrower's phone. */
const masked = (p: string | null | undefined) => !p || p.includes('*');

interface CheckOutValues {
  borrowerKind: BorrowerKind;
  enterpriseId?: string | null;
  borrowerName: string;
  borrowerPhone?: string;
  incidentRef?: string;
  dueAt: Dayjs;
  outCondition: EquipmentCondition;
}

/**
 * 出借登记: the unit (scanned label code or asset tag typed in the box, or picked from the units in stock), the
 * borrower (an enterprise, a person or an incident; filled from the reservation when one is picked up), due time,
 * condition, at least one photo and the borrower's signature drawn on the pad. Sent with the unit's `version`: when
 * another keeper lent it first the api answers 409 and the dialog says so and reloads the unit.
 */
export function CheckOutDialog({
  unitId: initialUnitId,
  reservation,
  onClose,
}: {
  unitId?: string;
  reservation?: EquipmentReservation;
  onClose: () => void;
}) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const api = useApi();
  const { checkOut } = useLoanMutations();
  const [form] = Form.useForm<CheckOutValues>();
  const [unitId, setUnitId] = useState<string | undefined>(reservation?.unitId ?? initialUnitId);
  const unit = useUnit(unitId);
  const [code, setCode] = useState('');
  const [finding, setFinding] = useState(false);
  const [typed, setTyped] = useState('');
  const candidates = useUnits({ q: typed || undefined, pageSize: 30 }, !reservation);
  const { photos, setPhotos, ready: photosReady } = usePhotoState();
  const [signature, setSignature] = useState<Blob | null>(null);
  const [sending, setSending] = useState(false);
  const kind = Form.useWatch('borrowerKind', form);

  useEffect(() => {
    if (!reservation) return;
    form.setFieldsValue({
      borrowerKind: reservation.borrowerKind,
      enterpriseId: reservation.enterpriseId,
      borrowerName: reservation.borrowerName,
      borrowerPhone: masked(reservation.borrowerPhone) ? undefined : reservation.borrowerPhone!,
      incidentRef: reservation.incidentRef ?? undefined,
      dueAt: dayjs(reservation.endsAt),
    });
  }, [reservation, form]);

  /** A scanned label (the signed code) or a typed asset tag → the unit. */
  const find = async () => {
    const c = code.trim();
    if (!c) return;
    setFinding(true);
    try {
      let found: { id: string } | undefined;
      try {
        found = await api.equipment.units.byCode(c);
      } catch (e) {
        if (!isApiError(e, 'not_found') && !isApiError(e, 'validation_failed')) throw e;
        const r = await api.equipment.units.list({ q: c, pageSize: 5 });
        found = r.items.find((u) => u.assetTag.toLowerCase() === c.toLowerCase());
      }
      if (found) setUnitId(found.id);
      else message.error(t('scanNotFound'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setFinding(false);
    }
  };

  const submit = async () => {
    const v = await validated(form);
    if (!v || !unit.data) return;
    if (!photosReady()) return;
    if (!signature) {
      message.error(t('signRequired'));
      return;
    }
    setSending(true);
    try {
      const fd = new FormData();
      fd.append('purpose', LOAN_FILE_PURPOSE);
      fd.append('file', new File([signature], 'signature.png', { type: 'image/png' }));
      const sig = await api.files.upload(fd);
      const loan = await checkOut.mutateAsync({
        unitId: unit.data.id,
        version: unit.data.version,
        borrowerKind: v.borrowerKind,
        enterpriseId: v.borrowerKind === 'enterprise' ? (v.enterpriseId ?? undefined) : undefined,
        borrowerName: v.borrowerName.trim(),
        borrowerPhone: v.borrowerPhone?.trim() || undefined,
        incidentRef: v.borrowerKind === 'incident' ? v.incidentRef?.trim() || undefined : undefined,
        dueAt: v.dueAt.toISOString(),
        reservationId: reservation?.id,
        outCondition: v.outCondition,
        outPhotoFileIds: photos.ids,
        signatureFileId: sig.id,
      });
      message.success(t('checkedOut', { tag: loan.assetTag }));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        message.error(`${t('conflict')}${pn.paren(errorText(e))}`);
        void unit.refetch();
      } else {
        applyFormErrors(form, e);
        message.error(errorText(e));
      }
    } finally {
      setSending(false);
    }
  };

  const u = unit.data;
  return (
    <Modal
      open
      title={t('checkOutTitle')}
      width={640}
      okText={t('checkOut')}
      cancelText={t('cancel')}
      confirmLoading={sending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ disabled: !u, 'data-testid': 'eq-checkout-ok' }}
      destroyOnHidden
      data-testid="eq-checkout"
    >
      <Form<CheckOutValues>
        form={form}
        layout="vertical"
        initialValues={{ borrowerKind: 'enterprise', outCondition: 'good', dueAt: dayjs().add(2, 'day').hour(17).minute(0) }}
      >
        {!reservation && (
          <Form.Item label={t('scanCode')}>
            <Flex vertical gap={8}>
              <Input.Search
                value={code}
                onChange={(e) => setCode(e.target.value)}
                onSearch={() => void find()}
                placeholder={t('scanCodePh')}
                enterButton={
                  <span>
                    <ScanOutlined /> {t('scanFind')}
                  </span>
                }
                loading={finding}
                data-testid="eq-checkout-code"
              />
              <Select
                value={unitId}
                onChange={setUnitId}
                showSearch={{ filterOption: false, onSearch: setTyped }}
                placeholder={t('unitPh')}
                options={(candidates.data?.items ?? [])
                  .filter((c: EquipmentUnit) => c.status === 'available' || c.status === 'reserved' || c.id === unitId)
                  .map((c: EquipmentUnit) => ({ value: c.id, label: `${c.assetTag} · ${c.modelName}` }))}
                data-testid="eq-checkout-unit"
              />
            </Flex>
          </Form.Item>
        )}
        {u && (
          <Alert
            type={u.status === 'available' || u.status === 'reserved' ? 'info' : 'warning'}
            style={{ marginBottom: 12 }}
            title={
              <Space size={8} wrap data-testid="eq-checkout-chosen" data-unit={u.id}>
                <Typography.Text strong className="mono">
                  {u.assetTag}
                </Typography.Text>
                <span data-user-text>{u.modelName}</span>
                <UnitStatusTag status={u.status} />
                {reservation && (
                  <Typography.Text type="secondary">
                    {pn.labelled(t('reservation'), `${fmtMinute(reservation.startsAt)} – ${fmtMinute(reservation.endsAt)}`)}
                  </Typography.Text>
                )}
              </Space>
            }
          />
        )}
        <Form.Item name="borrowerKind" label={t('borrowerKind')} rules={[{ required: true }]}>
          <Radio.Group
            disabled={!!reservation}
            options={BORROWER_KINDS.map((k) => ({ value: k, label: borrowerKindLabel(k, lang) }))}
          />
        </Form.Item>
        {kind === 'enterprise' && (
          <Form.Item name="enterpriseId" label={t('enterprise')} rules={[{ required: true }]}>
            <EnterprisePicker
              testId="eq-checkout-enterprise"
              current={
                reservation?.enterpriseId ? { id: reservation.enterpriseId, name: reservation.enterpriseName ?? '' } : null
              }
            />
          </Form.Item>
        )}
        {kind === 'incident' && (
          <Form.Item name="incidentRef" label={t('incidentRef')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input />
          </Form.Item>
        )}
        <Space wrap size={16} align="start">
          <Form.Item name="borrowerName" label={t('borrowerName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input style={{ width: 180 }} data-testid="eq-checkout-name" />
          </Form.Item>
          <Form.Item name="borrowerPhone" label={t('borrowerPhone')} rules={[{ max: 20 }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
        </Space>
        <Space wrap size={16} align="start">
          <Form.Item name="dueAt" label={t('dueAt')} rules={[{ required: true }]}>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(d) => d.isBefore(dayjs(), 'day')}
              data-testid="eq-checkout-due"
            />
          </Form.Item>
          <Form.Item name="outCondition" label={t('outCondition')} rules={[{ required: true }]}>
            <Select
              style={{ width: 120 }}
              options={EQUIPMENT_CONDITIONS.map((c) => ({ value: c, label: conditionLabel(c, lang) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={t('outPhotos')} required>
          <PhotoUpload onChange={setPhotos} purpose={LOAN_FILE_PURPOSE} testId="eq-checkout-photos" />
        </Form.Item>
        <Form.Item label={t('signature')} required>
          <SignaturePad onChange={setSignature} clearLabel={t('signClear')} hint={t('signHint')} testId="eq-signature" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ReturnValues {
  condition: EquipmentCondition;
  damageNote?: string;
}

/**
 * 归还验收: the condition the unit comes back in, photos, and what is damaged (required when damaged: the api then
 * puts the unit in maintenance with a job).
 */
export function ReturnDialog({ loan, onClose }: { loan: EquipmentLoan; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { lang } = useI18n();
  const pn = usePunct();
  const { message } = App.useApp();
  const { receive } = useLoanMutations();
  const [form] = Form.useForm<ReturnValues>();
  const { photos, setPhotos, ready: photosReady } = usePhotoState();
  const condition = Form.useWatch('condition', form);

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    if (!photosReady()) return;
    try {
      await receive.mutateAsync({
        id: loan.id,
        condition: v.condition,
        photoFileIds: photos.ids,
        damageNote: v.damageNote?.trim() || undefined,
      });
      message.success(
        v.condition === 'damaged' ? t('returnedToMaintenance', { tag: loan.assetTag }) : t('returned', { tag: loan.assetTag }),
      );
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };

  return (
    <Modal
      open
      title={t('returnTitle')}
      okText={t('receive')}
      cancelText={t('cancel')}
      confirmLoading={receive.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'eq-return-ok' }}
      destroyOnHidden
      data-testid="eq-return"
    >
      <Typography.Paragraph>
        <Typography.Text strong className="mono">
          {loan.assetTag}
        </Typography.Text>{' '}
        <span data-user-text>{loan.modelName}</span>
        <br />
        <Typography.Text type="secondary">
          {t('borrower')}
          {pn.colon}
          <span data-user-text>{loan.enterpriseName ?? loan.borrowerName}</span>
          {' · '}
          {pn.labelled(t('outCondition'), conditionLabel(loan.outCondition, lang))}
        </Typography.Text>
      </Typography.Paragraph>
      <Form<ReturnValues> form={form} layout="vertical" initialValues={{ condition: 'good' }}>
        <Form.Item name="condition" label={t('returnCondition')} rules={[{ required: true }]}>
          <Radio.Group
            options={EQUIPMENT_CONDITIONS.map((c) => ({ value: c, label: conditionLabel(c, lang) }))}
            data-testid="eq-return-condition"
          />
        </Form.Item>
        <Form.Item
          name="damageNote"
          label={t('damageNote')}
          rules={[{ required: condition === 'damaged', whitespace: true, message: t('damageRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={3} placeholder={t('damageNotePh')} data-testid="eq-return-damage" />
        </Form.Item>
        <Form.Item label={t('returnPhotos')}>
          <PhotoUpload onChange={setPhotos} purpose={LOAN_FILE_PURPOSE} testId="eq-return-photos" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 召回: incidents come first — the reason (and incident) and the borrower is notified. */
export function RecallDialog({ loan, onClose }: { loan: EquipmentLoan; onClose: () => void }) {
  const t = useMessages(eqMessages);
  const { message } = App.useApp();
  const { recall } = useLoanMutations();
  const [form] = Form.useForm<{ reason: string; incidentRef?: string }>();
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await recall.mutateAsync({ id: loan.id, reason: v.reason.trim(), incidentRef: v.incidentRef?.trim() || undefined });
      message.success(t('recalled'));
      onClose();
    } catch (e) {
      applyFormErrors(form, e);
      message.error(errorText(e));
    }
  };
  return (
    <Modal
      open
      title={t('recallTitle')}
      okText={t('recall')}
      cancelText={t('cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'eq-recall-ok' }}
      confirmLoading={recall.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('recallHint')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}>
          <Input.TextArea rows={3} placeholder={t('reasonPh')} data-testid="eq-recall-reason" />
        </Form.Item>
        <Form.Item name="incidentRef" label={t('incidentRef')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

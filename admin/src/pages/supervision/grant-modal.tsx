import { useEffect } from 'react';
import { App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { SupervisionGrant } from '@yuanan/contracts';
import { applyFieldErrors, errorText } from '../../api/errors.ts';
import { useTenants } from '../../api/platform-queries.ts';
import { useBureaus, useCreateGrant, useUpdateGrant } from '../../api/supervision-queries.ts';
import '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { supMessages } from './messages.ts';

interface Values {
  bureauId: string;
  zoneId: string;
  range: [Dayjs, Dayjs];
  note?: string;
}

/** The platform's clock: grants are entered and shown in Beijing time, whatever the browser's zone. */
export const PLATFORM_TZ = 'Asia/Shanghai';
const WALL = 'YYYY-MM-DDTHH:mm:ss.SSS';

/**
 * An instant as the picker shows it: a browser-local dayjs whose fields are Beijing's wall clock (the picker only
 * knows the browser's zone, so the Beijing reading is carried in its fields).
 */
export function toPlatformWall(at: string | Dayjs): Dayjs {
  return dayjs(dayjs(at).tz(PLATFORM_TZ).format(WALL));
}

/** The picker's wall-clock fields read as Beijing time, as a UTC instant (ISO). */
export function fromPlatformWall(d: Dayjs): string {
  return dayjs.tz(d.format(WALL), PLATFORM_TZ).toISOString();
}

/**
 * A new grant (bureau, zone, validity, note) or a change of one's validity and note. The end is required: a grant
 * without an end would never fail closed. Times are entered in Beijing time (labelled so), sent as UTC instants.
 */
export function GrantModal({
  open,
  grant,
  bureauId,
  onClose,
}: {
  open: boolean;
  /** Set: change this grant. */
  grant: SupervisionGrant | null;
  /** A new grant for this bureau (from the bureau's row). */
  bureauId?: string;
  onClose: () => void;
}) {
  const t = useMessages(supMessages);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const bureaus = useBureaus({ pageSize: 200 }, open && !grant);
  const zones = useTenants({ pageSize: 200, status: 'active' }, open && !grant);
  const create = useCreateGrant();
  const update = useUpdateGrant();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (grant)
      form.setFieldsValue({
        bureauId: grant.bureauId,
        zoneId: grant.zoneId,
        range: [toPlatformWall(grant.validFrom), toPlatformWall(grant.validUntil)],
        note: grant.note ?? '',
      });
    else
      form.setFieldsValue({
        bureauId,
        // from now to the end of next year, Beijing time
        range: [
          toPlatformWall(dayjs()).startOf('minute'),
          toPlatformWall(dayjs()).add(1, 'year').endOf('year').add(1, 'millisecond'),
        ],
      });
  }, [open, grant, bureauId, form]);

  const submit = async (v: Values) => {
    const [from, until] = v.range;
    try {
      if (grant) {
        await update.mutateAsync({
          id: grant.id,
          validFrom: fromPlatformWall(from),
          validUntil: fromPlatformWall(until),
          note: v.note?.trim() ? v.note.trim() : null,
        });
        message.success(t('editGrant'));
      } else {
        const g = await create.mutateAsync({
          bureauId: v.bureauId,
          zoneId: v.zoneId,
          validFrom: fromPlatformWall(from),
          validUntil: fromPlatformWall(until),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        });
        message.success(t('grantCreated', { bureau: g.bureauName, zone: g.zoneName }));
      }
      onClose();
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        bureauId: 'bureauId',
        zoneId: 'zoneId',
        validFrom: 'range',
        validUntil: 'range',
        note: 'note',
      });
      if (!shown) message.error(errorText(e));
    }
  };

  return (
    <Modal
      open={open}
      title={grant ? t('editGrant') : t('createGrant')}
      okText={grant ? t('save') : t('createGrant')}
      cancelText={t('cancel')}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="bureauId" label={t('bureau')} rules={[{ required: true, message: t('pickBureau') }]}>
          <Select
            disabled={!!grant}
            placeholder={t('pickBureau')}
            showSearch={{ optionFilterProp: 'label' }}
            options={
              grant
                ? [{ value: grant.bureauId, label: grant.bureauName }]
                : (bureaus.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))
            }
            data-testid="grant-bureau"
          />
        </Form.Item>
        <Form.Item name="zoneId" label={t('zone')} rules={[{ required: true, message: t('pickZone') }]}>
          <Select
            disabled={!!grant}
            placeholder={t('pickZone')}
            showSearch={{ optionFilterProp: 'label' }}
            options={
              grant
                ? [{ value: grant.zoneId, label: grant.zoneName }]
                : (zones.data?.items ?? []).map((z) => ({ value: z.id, label: `${z.name} · ${z.code}` }))
            }
            data-testid="grant-zone"
          />
        </Form.Item>
        <Form.Item
          name="range"
          label={t('validityTz')}
          extra={
            <>
              {t('validityHelp')}
              <br />
              {t('platformTzHelp')}
            </>
          }
          rules={[{ required: true, message: t('validUntilRequired') }]}
        >
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            placeholder={[t('validFrom'), t('validUntil')]}
            data-testid="grant-range"
          />
        </Form.Item>
        <Form.Item name="note" label={t('note')} rules={[{ max: 200 }]}>
          <Input placeholder={t('notePh')} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

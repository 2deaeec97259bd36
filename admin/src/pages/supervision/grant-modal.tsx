import { useEffect } from 'react';
import { App, DatePicker, Flex, Form, Input, Modal, Select, type DatePickerProps } from 'antd';
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
  validFrom: Dayjs;
  validUntil: Dayjs;
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
 * What a picker holds, to send: the instant it stood for when opened if untouched (`was`, to the millisecond),
 * else the minute it shows — so what is sent is what the dialog shows.
 */
function picked(d: Dayjs, was?: string): string {
  const at = fromPlatformWall(d);
  return was && Date.parse(at) === Date.parse(was) ? new Date(was).toISOString() : fromPlatformWall(d.startOf('minute'));
}

/**
 * A new grant (bureau, zone, validity, note) or a change of one's validity and note. The end is required: a grant
 * without an end would never fail closed. Times are entered in Beijing time (labelled so), sent as UTC instants.
 * Start and end are two pickers, each its own form field: a RangePicker with time (needConfirm) keeps a change of
 * one end only until both ends have been confirmed in the same opening — confirming just the end moves it to the
 * start, and closing it there (clicking 保存) drops the new end, so the old one was sent.
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
        validFrom: toPlatformWall(grant.validFrom),
        validUntil: toPlatformWall(grant.validUntil),
        note: grant.note ?? '',
      });
    else
      form.setFieldsValue({
        bureauId,
        // from now to the end of next year, Beijing time
        validFrom: toPlatformWall(dayjs()).startOf('minute'),
        validUntil: toPlatformWall(dayjs()).add(1, 'year').endOf('year').add(1, 'millisecond'),
      });
  }, [open, grant, bureauId, form]);

  const submit = async (v: Values) => {
    try {
      if (grant) {
        const next = {
          validFrom: picked(v.validFrom, grant.validFrom),
          validUntil: picked(v.validUntil, grant.validUntil),
          note: v.note?.trim() ? v.note.trim() : null,
        };
        // Nothing changed: nothing to send (and nothing to audit).
        if (
          next.validFrom === new Date(grant.validFrom).toISOString() &&
          next.validUntil === new Date(grant.validUntil).toISOString() &&
          next.note === (grant.note?.trim() || null)
        ) {
          message.info(t('grantUnchanged'));
          onClose();
          return;
        }
        await update.mutateAsync({ id: grant.id, ...next });
        message.success(t('grantUpdated'));
      } else {
        const g = await create.mutateAsync({
          bureauId: v.bureauId,
          zoneId: v.zoneId,
          validFrom: picked(v.validFrom),
          validUntil: picked(v.validUntil),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        });
        message.success(t('grantCreated', { bureau: g.bureauName, zone: g.zoneName }));
      }
      onClose();
    } catch (e) {
      const shown = applyFieldErrors(form, e, {
        bureauId: 'bureauId',
        zoneId: 'zoneId',
        validFrom: 'validFrom',
        validUntil: 'validUntil',
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
          label={t('validityTz')}
          required
          extra={
            <>
              {t('validityHelp')}
              <br />
              {t('platformTzHelp')}
            </>
          }
        >
          <Flex gap={8} align="center">
            <Form.Item name="validFrom" noStyle rules={[{ required: true, message: t('validFromRequired') }]}>
              <MinutePicker placeholder={t('validFrom')} testId="grant-from" />
            </Form.Item>
            <span>—</span>
            <Form.Item
              name="validUntil"
              noStyle
              dependencies={['validFrom']}
              rules={[
                { required: true, message: t('validUntilRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, until?: Dayjs | null) => {
                    const from = getFieldValue('validFrom') as Dayjs | null | undefined;
                    return !until || !from || until.isAfter(from)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('untilAfterFrom')));
                  },
                }),
              ]}
            >
              <MinutePicker placeholder={t('validUntil')} testId="grant-until" />
            </Form.Item>
          </Flex>
        </Form.Item>
        <Form.Item name="note" label={t('note')} rules={[{ max: 200 }]}>
          <Input placeholder={t('notePh')} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * A date and a minute (Beijing time in the grant dialog): one picker per end, so a change to either end alone is
 * taken (a range picker with a time part dropped an end confirmed without the other), and taken without 确定.
 * Form.Item passes value/onChange.
 */
function MinutePicker({ placeholder, testId, ...field }: { placeholder: string; testId: string } & DatePickerProps) {
  return (
    <DatePicker
      {...field}
      showTime={{ format: 'HH:mm' }}
      format="YYYY-MM-DD HH:mm"
      // A day picked (or typed) is taken when the panel closes, without 确定: an operator renewing a grant who
      // clicked elsewhere lost the new end, and 保存 then said 未作修改 (second fresh tester).
      needConfirm={false}
      style={{ flex: 1 }}
      placeholder={placeholder}
      data-testid={testId}
    />
  );
}

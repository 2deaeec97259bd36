import { useState } from 'react';
import { Alert, App, Button, Descriptions, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import {
  CloudUploadOutlined,
  EditOutlined,
  KeyOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { IOT_DEVICE_STATUSES, IOT_DEVICE_STATUS_LABELS, iotTopic } from '@yuanan/contracts';
import { ApiError } from '@yuanan/sdk';
import { errorText } from '../../api/errors.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { EnterprisePicker } from '../../components/enterprise-picker.tsx';
import { ListPage, useListQuery, type FilterSpec, type ListColumn, type RowActions } from '../../components/list-page/index.ts';
import { fmtDate, fmtTime, fromNow, zoneToday } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DeviceFormModal } from './device-form.tsx';
import { DeviceImportModal } from './device-import-modal.tsx';
import { useDeviceMutations, useDevices, type IotDevice } from './iot-queries.ts';
import { typeLabel, typeOptions, enterpriseColumn } from './labels.tsx';
import { iotMessages } from './messages.ts';
import './iot.css';

/** A secret to show once: which device, the secret, the topic it publishes to. */
export interface ShownSecret {
  code: string;
  name: string;
  secret: string;
  credentialVersion: number;
  topic: string;
}

/**
 * The device secret, shown ONCE (after create or reset): copy button, the topic, and the warning that it cannot be
 * seen again. Closing needs the explicit 我已复制.
 */
export function SecretModal({ value, onClose }: { value: ShownSecret | null; onClose: () => void }) {
  const t = useMessages(iotMessages);
  return (
    <Modal
      open={!!value}
      title={t('secretTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="iot-secret-done">
          {t('secretCopied')}
        </Button>
      }
      data-testid="iot-secret-modal"
    >
      {value && (
        <>
          <Alert type="warning" showIcon title={t('secretWarn')} style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('device')}>
              <span data-user-text>{value.name}</span>{' '}
              <Typography.Text type="secondary" className="mono">
                {value.code}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('mqttTopic')}>
              <Typography.Text className="mono" copyable>
                {value.topic}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('secret')}>
              <Typography.Text className="mono iot-secret" strong copyable data-testid="iot-secret">
                {value.secret}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('credentialVersion')}>{value.credentialVersion}</Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}

function CalibrationCell({ due }: { due: string | null }) {
  const t = useMessages(iotMessages);
  if (!due) return <>—</>;
  const today = zoneToday();
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86400_000).toISOString().slice(0, 10);
  const past = due < today;
  const near = !past && due <= soon;
  return (
    <Tooltip title={past ? t('calibrationPast') : near ? t('calibrationSoon') : undefined}>
      <Typography.Text type={past ? 'danger' : near ? 'warning' : undefined}>
        {(past || near) && <WarningFilled style={{ marginInlineEnd: 4 }} />}
        {fmtDate(due)}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * 设备台账: every monitoring device with its type, enterprise, place, reporting state and calibration; register /
 * edit (with the site-plan point picker), enable / disable, reset the secret (shown once), Excel import (dry run
 * first) and export.
 */
export function DevicesPage() {
  const t = useMessages(iotMessages);
  const { lang } = useI18n();
  const api = useApi();
  const { modal, message } = App.useApp();
  const { effective } = useSession();
  const canManage = hasPermission(effective, 'iot.manage');
  const m = useDeviceMutations();
  const spec: FilterSpec[] = [
    {
      key: 'q',
      kind: 'text',
      label: t('keyword'),
      placeholder: `${t('deviceCode')} / ${t('deviceName')} / ${t('location')}`,
      width: 240,
      testId: 'iot-q',
    },
    { key: 'type', kind: 'select', label: t('deviceType'), width: 180, options: typeOptions(lang) },
    {
      key: 'status',
      kind: 'select',
      label: t('status'),
      width: 110,
      options: IOT_DEVICE_STATUSES.map((s) => ({ value: s, label: IOT_DEVICE_STATUS_LABELS[s][lang === 'en' ? 'en' : 'zh'] })),
    },
    {
      key: 'online',
      kind: 'select',
      label: t('online'),
      width: 110,
      options: [
        { value: 'true', label: t('online') },
        { value: 'false', label: t('offline') },
      ],
    },
    {
      key: 'enterpriseId',
      kind: 'custom',
      label: t('enterprise'),
      control: <EnterprisePicker allowClear placeholder={t('selectPh')} style={{ width: 220 }} testId="iot-device-enterprise" />,
    },
  ];
  const lq = useListQuery({ filters: spec });
  const list = useDevices(lq.params);
  const [editing, setEditing] = useState<IotDevice | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const zoneCode = effective?.tenant.code ?? '';

  const onError = (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      message.warning(errorText(e));
      void list.refetch();
    } else message.error(errorText(e));
  };
  const toggle = (d: IotDevice) => {
    const disabling = d.status === 'enabled';
    const go = async () => {
      try {
        await (disabling ? m.disable : m.enable).mutateAsync({ id: d.id, version: d.version });
        message.success(disabling ? t('disabledOk') : t('enabledOk'));
      } catch (e) {
        onError(e);
      }
    };
    if (disabling)
      modal.confirm({ title: t('disable'), content: t('disableConfirm'), onOk: go, okButtonProps: { danger: true } });
    else void go();
  };
  const rotate = (d: IotDevice) =>
    modal.confirm({
      title: t('rotate'),
      content: t('rotateConfirm'),
      okButtonProps: { danger: true, 'data-testid': 'iot-rotate-ok' } as never,
      onOk: async () => {
        try {
          const r = await m.rotate.mutateAsync({ id: d.id, version: d.version });
          setSecret({
            code: d.code,
            name: d.name,
            secret: r.secret,
            credentialVersion: r.credentialVersion,
            topic: iotTopic(zoneCode, d.code),
          });
        } catch (e) {
          onError(e);
        }
      },
    });

  const columns: ListColumn<IotDevice>[] = [
    {
      key: 'code',
      title: t('deviceCode'),
      dataIndex: 'code',
      width: 140,
      fixed: 'left',
      render: (v: string) => (
        <span className="mono" data-testid="iot-device-code">
          {v}
        </span>
      ),
    },
    {
      key: 'name',
      title: t('deviceName'),
      dataIndex: 'name',
      width: 200,
      grow: true,
      ellipsis: true,
      render: (v: string) => <span data-user-text>{v}</span>,
    },
    { key: 'type', title: t('deviceType'), dataIndex: 'type', width: 150, render: (v: string) => typeLabel(v, lang) },
    enterpriseColumn(t),
    {
      key: 'location',
      title: t('location'),
      width: 180,
      ellipsis: true,
      priority: 3,
      render: (_: unknown, r) => <span data-user-text>{[r.keyPlace, r.location].filter(Boolean).join(' · ') || '—'}</span>,
    },
    {
      key: 'state',
      title: t('status'),
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          {r.status === 'disabled' ? (
            <Tag data-testid="iot-device-status">{t('disabled')}</Tag>
          ) : r.online ? (
            <Tag color="green" data-testid="iot-device-status">
              {t('online')}
            </Tag>
          ) : (
            <Tag color="default" data-testid="iot-device-status">
              {t('offline')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      key: 'lastSeenAt',
      title: t('lastSeen'),
      dataIndex: 'lastSeenAt',
      width: 120,
      priority: 2,
      render: (v: string | null) => <Tooltip title={fmtTime(v)}>{v ? fromNow(v) : '—'}</Tooltip>,
    },
    {
      key: 'calibrationDueOn',
      title: t('calibrationDue'),
      dataIndex: 'calibrationDueOn',
      width: 120,
      priority: 3,
      render: (v: string | null) => <CalibrationCell due={v} />,
    },
  ];
  const actions: RowActions<IotDevice> | null = canManage
    ? {
        width: 250,
        render: (r) => (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-testid="iot-device-edit">
              {t('edit')}
            </Button>
            <Button
              type="link"
              size="small"
              danger={r.status === 'enabled'}
              icon={r.status === 'enabled' ? <PauseCircleOutlined /> : <PlayCircleOutlined />}
              onClick={() => toggle(r)}
              data-testid="iot-device-toggle"
            >
              {r.status === 'enabled' ? t('disable') : t('enable')}
            </Button>
            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => rotate(r)} data-testid="iot-device-rotate">
              {t('rotate')}
            </Button>
          </Space>
        ),
      }
    : null;

  return (
    <ListPage<IotDevice>
      title={t('devicesTitle')}
      description={t('devicesDesc')}
      extra={
        canManage && (
          <>
            <Button icon={<CloudUploadOutlined />} onClick={() => setImporting(true)} data-testid="iot-import">
              {t('import')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="iot-device-create">
              {t('newDevice')}
            </Button>
          </>
        )
      }
      lq={lq}
      list={list}
      testId="iot-devices"
      views="iot-devices"
      exports={
        canManage
          ? [{ key: 'xlsx', label: t('export'), href: (f) => api.iot.devices.exportUrl(f), fileName: '物联网设备台账.xlsx' }]
          : []
      }
      tableTitle={t('devicesList')}
      emptyText={t('devicesEmpty')}
      table={{
        rowKey: 'id',
        columns,
        actions,
        testId: 'iot-device-table',
        rowClassName: (d) => (d.status === 'disabled' ? 'row-muted' : ''),
      }}
    >
      {editing && (
        <DeviceFormModal
          device={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(d, s) =>
            setSecret({
              code: d.code,
              name: d.name,
              secret: s,
              credentialVersion: d.credentialVersion,
              topic: iotTopic(zoneCode, d.code),
            })
          }
        />
      )}
      {importing && <DeviceImportModal onClose={() => setImporting(false)} />}
      <SecretModal value={secret} onClose={() => setSecret(null)} />
    </ListPage>
  );
}

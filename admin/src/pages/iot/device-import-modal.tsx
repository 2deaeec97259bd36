import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { IOT_IMPORT_COLUMNS } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useDownload } from '../../api/use-download.ts';
import { useApi } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { useIotInvalidate, type IotImportResult } from './iot-queries.ts';
import { iotMessages } from './messages.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Problem {
  key: string;
  row: number;
  code: string | null;
  field: string;
  message: string;
}

/**
 * Excel import of devices (like the equipment import): the template, then the file is checked first (dry run:
 * nothing written) and the report lists every refused cell by row and column; a clean file is then imported.
 * Secrets of the created devices are listed once after the import (copy them into the devices now).
 */
export function DeviceImportModal({ onClose }: { onClose: () => void }) {
  const t = useMessages(iotMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const api = useApi();
  const invalidate = useIotInvalidate();
  const { busy: downloading, download } = useDownload();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<IotImportResult | null>(null);
  const [done, setDone] = useState<IotImportResult | null>(null);

  const send = async (f: File, commit: boolean) => {
    setBusy(true);
    try {
      const r = await api.iot.devices.import(f, commit, f.name);
      if (commit) {
        setDone(r);
        invalidate();
        message.success(t('importDone', { create: r.created, update: r.updated }));
      } else setDry(r);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const pick = (f: File) => {
    if (!f.name.toLowerCase().endsWith('.xlsx') && f.type !== XLSX) {
      message.error(t('onlyXlsx'));
      return false;
    }
    setFile(f);
    setDry(null);
    setDone(null);
    void send(f, false);
    return false;
  };
  const problems: Problem[] = (dry?.rows ?? []).flatMap((r) =>
    r.errors.map((e, i) => ({ key: `${r.row}-${i}`, row: r.row, code: r.code, field: e.field, message: e.message })),
  );

  return (
    <Modal open title={t('importTitle')} width={780} footer={null} onCancel={onClose} data-testid="iot-import-modal">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('importHint')}
          <br />
          {pn.labelled(t('reportField'), pn.list(IOT_IMPORT_COLUMNS))}
        </Typography.Paragraph>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={() =>
            void download(api.iot.devices.templateUrl(), '物联网设备导入模板.xlsx', (name) => t('downloaded', { name }))
          }
          style={{ alignSelf: 'flex-start' }}
          data-testid="iot-template"
        >
          {t('template')}
        </Button>
        <Upload.Dragger accept=".xlsx" multiple={false} showUploadList={false} beforeUpload={pick} disabled={busy}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('dropTitle')}</p>
        </Upload.Dragger>
        {file && (
          <Typography.Text>
            <FileExcelOutlined style={{ color: '#1d6f42', marginRight: 6 }} />
            <span data-user-text>{file.name}</span>
          </Typography.Text>
        )}
        {busy && !dry && <Typography.Text type="secondary">{t('dryRunning')}</Typography.Text>}
        {dry &&
          !done &&
          (problems.length ? (
            <>
              <Alert type="error" showIcon title={t('dryRunErrors', { n: problems.length })} data-testid="iot-import-errors" />
              <Table<Problem>
                size="small"
                rowKey="key"
                dataSource={problems}
                pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                columns={[
                  { title: t('reportRow'), dataIndex: 'row', width: 70 },
                  { title: t('deviceCode'), dataIndex: 'code', width: 130, render: (v: string | null) => v ?? '—' },
                  { title: t('reportField'), dataIndex: 'field', width: 120 },
                  {
                    title: t('reportReason'),
                    dataIndex: 'message',
                    render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
                  },
                ]}
                data-testid="iot-import-report"
              />
            </>
          ) : (
            <Flex vertical gap={8}>
              <Alert
                type="success"
                showIcon
                title={t('dryRunOk', { rows: dry.total, create: dry.toCreate, update: dry.toUpdate })}
                data-testid="iot-import-ok"
              />
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                loading={busy}
                onClick={() => file && void send(file, true)}
                data-testid="iot-import-commit"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('doImport')}
              </Button>
            </Flex>
          ))}
        {done && (
          <>
            <Alert
              type="success"
              showIcon
              title={t('importDone', { create: done.created, update: done.updated })}
              data-testid="iot-import-done"
            />
            {done.secrets.length > 0 && (
              <>
                <Alert type="warning" showIcon title={t('secretWarn')} />
                <Table
                  size="small"
                  rowKey="code"
                  dataSource={done.secrets}
                  pagination={false}
                  scroll={{ y: 240 }}
                  columns={[
                    {
                      title: t('deviceCode'),
                      dataIndex: 'code',
                      width: 160,
                      render: (v: string) => <span className="mono">{v}</span>,
                    },
                    {
                      title: t('secret'),
                      dataIndex: 'secret',
                      render: (v: string) => (
                        <Typography.Text className="mono" copyable>
                          {v}
                        </Typography.Text>
                      ),
                    },
                  ]}
                  data-testid="iot-import-secrets"
                />
              </>
            )}
          </>
        )}
      </Flex>
    </Modal>
  );
}

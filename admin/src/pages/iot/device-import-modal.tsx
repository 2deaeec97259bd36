import { Alert, Button, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { IOT_IMPORT_COLUMNS } from '@yuanan/contracts';
import { useDownload } from '../../api/use-download.ts';
import { useApi } from '../../auth/session.tsx';
import { ExcelImportModal } from '../../components/excel-import-modal.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useIotInvalidate, type IotImportResult } from './iot-queries.ts';
import { iotMessages } from './messages.ts';

/**
 * Excel import of devices (like the equipment import): the template, then the file is checked first (dry run:
 * nothing written) and the report lists every refused cell by row and column; a clean file is then imported.
 * Secrets of the created devices are listed once after the import (copy them into the devices now).
 */
export function DeviceImportModal({ onClose }: { onClose: () => void }) {
  const t = useMessages(iotMessages);
  const api = useApi();
  const invalidate = useIotInvalidate();
  const { busy: downloading, download } = useDownload();

  return (
    <ExcelImportModal<IotImportResult>
      t={t}
      columns={IOT_IMPORT_COLUMNS}
      subject={{ title: t('deviceCode'), of: (r) => r.code }}
      send={(f, commit) => api.iot.devices.import(f, commit, f.name)}
      onImported={invalidate}
      onClose={onClose}
      testId="iot"
      width={780}
      extra={
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
      }
      renderDone={(done) =>
        done.secrets.length > 0 && (
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
        )
      }
    />
  );
}

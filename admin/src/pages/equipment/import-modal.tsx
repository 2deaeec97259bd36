import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { CloudUploadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { EQUIPMENT_IMPORT_COLUMNS } from '@yuanan/contracts';
import type { EquipmentImportResult } from '../../api/equipment-queries.ts';
import { errorText } from '../../api/errors.ts';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { usePunct } from '../../i18n/punct.ts';
import { eqMessages } from './messages.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One problem of the report: the sheet row, the column and why. */
interface Problem {
  key: string;
  row: number;
  assetTag: string | null;
  field: string;
  message: string;
}

/**
 * Excel import of units (like the enterprise import, simpler and synchronous): the file is checked first (a dry
 * run: nothing written) and the report lists every refused cell by row and column; only a clean file can be
 * imported, and the import writes every row or none.
 */
export function ImportModal({ onClose }: { onClose: () => void }) {
  const t = useMessages(eqMessages);
  const pn = usePunct();
  const { message } = App.useApp();
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<EquipmentImportResult | null>(null);
  const [done, setDone] = useState<EquipmentImportResult | null>(null);

  const send = async (f: File, commit: boolean) => {
    setBusy(true);
    try {
      const r = await api.equipment.units.import(f, commit, f.name);
      if (commit) {
        setDone(r);
        void qc.invalidateQueries({ queryKey: [scope, 'equipment'] });
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
    r.errors.map((e, i) => ({ key: `${r.row}-${i}`, row: r.row, assetTag: r.assetTag, field: e.field, message: e.message })),
  );

  return (
    <Modal open title={t('importTitle')} width={760} footer={null} onCancel={onClose} data-testid="eq-import-modal">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('importHint')}
          <br />
          {pn.labelled(t('reportField'), pn.list(EQUIPMENT_IMPORT_COLUMNS))}
        </Typography.Paragraph>
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
              <Alert type="error" showIcon title={t('dryRunErrors', { n: problems.length })} data-testid="eq-import-errors" />
              <Table<Problem>
                size="small"
                rowKey="key"
                dataSource={problems}
                pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                columns={[
                  { title: t('reportRow'), dataIndex: 'row', width: 70 },
                  { title: t('assetTag'), dataIndex: 'assetTag', width: 130, render: (v: string | null) => v ?? '—' },
                  { title: t('reportField'), dataIndex: 'field', width: 120 },
                  {
                    title: t('reportReason'),
                    dataIndex: 'message',
                    render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
                  },
                ]}
                data-testid="eq-import-report"
              />
            </>
          ) : (
            <Flex vertical gap={8}>
              <Alert
                type="success"
                showIcon
                title={t('dryRunOk', { rows: dry.total, create: dry.toCreate, update: dry.toUpdate })}
                data-testid="eq-import-ok"
              />
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                loading={busy}
                onClick={() => file && void send(file, true)}
                data-testid="eq-import-commit"
                style={{ alignSelf: 'flex-start' }}
              >
                {t('doImport')}
              </Button>
            </Flex>
          ))}
        {done && (
          <Alert
            type="success"
            showIcon
            title={t('importDone', { create: done.created, update: done.updated })}
            data-testid="eq-import-done"
          />
        )}
      </Flex>
    </Modal>
  );
}

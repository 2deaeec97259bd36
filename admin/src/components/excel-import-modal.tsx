import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { CloudUploadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { errorText } from '../api/errors.ts';
import type { FeatureT } from '../i18n/feature.ts';
import { usePunct } from '../i18n/punct.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The words of an import dialog: each feature's dictionary has them, in its own wording. */
export type ImportMessageKey =
  | 'importTitle'
  | 'importHint'
  | 'dropTitle'
  | 'onlyXlsx'
  | 'dryRunning'
  | 'dryRunErrors'
  | 'dryRunOk'
  | 'doImport'
  | 'importDone'
  | 'reportRow'
  | 'reportField'
  | 'reportReason';

/** One row of an import report (the contracts' `…ImportRow`): the sheet row and its refused cells. */
export interface ImportReportRow {
  row: number;
  errors: Array<{ field: string; message: string }>;
}

/** What a dry run or an import answers (the contracts' `…ImportResult`): counts of rows and the report. */
export interface ImportReport<R extends ImportReportRow = ImportReportRow> {
  total: number;
  toCreate: number;
  toUpdate: number;
  created: number;
  updated: number;
  rows: R[];
}

/** One problem of the report: the sheet row, the record it names, the column and why. */
interface Problem {
  key: string;
  row: number;
  subject: string | null;
  field: string;
  message: string;
}

/**
 * An Excel (.xlsx) import dialog: the picked file is checked first (`send(file, false)`, a dry run: nothing
 * written) and the report lists every refused cell by row and column; only a clean file can be imported
 * (`send(file, true)`), after which `onImported` runs (refresh the lists) and `renderDone` may add what the import
 * answered beyond its counts. `testId` prefixes the test ids (`<testId>-import-modal`, `-import-report`, …).
 */
export function ExcelImportModal<Res extends ImportReport>({
  t,
  columns,
  subject,
  send,
  onImported,
  onClose,
  testId,
  width = 760,
  extra,
  renderDone,
}: {
  t: FeatureT<ImportMessageKey>;
  /** The sheet's column headers, listed under the hint. */
  columns: readonly string[];
  /** The report's second column: the record a row names (asset tag, device code…). */
  subject: { title: string; of: (row: Res['rows'][number]) => string | null };
  send: (file: File, commit: boolean) => Promise<Res>;
  onImported: (result: Res) => void;
  onClose: () => void;
  testId: string;
  width?: number;
  /** Shown under the hint (a template download). */
  extra?: ReactNode;
  renderDone?: (result: Res) => ReactNode;
}) {
  const pn = usePunct();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [dry, setDry] = useState<Res | null>(null);
  const [done, setDone] = useState<Res | null>(null);

  const run = async (f: File, commit: boolean) => {
    setBusy(true);
    try {
      const r = await send(f, commit);
      if (commit) {
        setDone(r);
        onImported(r);
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
    void run(f, false);
    return false;
  };

  const problems: Problem[] = (dry?.rows ?? []).flatMap((r) =>
    r.errors.map((e, i) => ({
      key: `${r.row}-${i}`,
      row: r.row,
      subject: subject.of(r),
      field: e.field,
      message: e.message,
    })),
  );

  return (
    <Modal open title={t('importTitle')} width={width} footer={null} onCancel={onClose} data-testid={`${testId}-import-modal`}>
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('importHint')}
          <br />
          {pn.labelled(t('reportField'), pn.list(columns))}
        </Typography.Paragraph>
        {extra}
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
              <Alert
                type="error"
                showIcon
                title={t('dryRunErrors', { n: problems.length })}
                data-testid={`${testId}-import-errors`}
              />
              <Table<Problem>
                size="small"
                rowKey="key"
                dataSource={problems}
                pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                columns={[
                  { title: t('reportRow'), dataIndex: 'row', width: 70 },
                  { title: subject.title, dataIndex: 'subject', width: 130, render: (v: string | null) => v ?? '—' },
                  { title: t('reportField'), dataIndex: 'field', width: 120 },
                  {
                    title: t('reportReason'),
                    dataIndex: 'message',
                    render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
                  },
                ]}
                data-testid={`${testId}-import-report`}
              />
            </>
          ) : (
            <Flex vertical gap={8}>
              <Alert
                type="success"
                showIcon
                title={t('dryRunOk', { rows: dry.total, create: dry.toCreate, update: dry.toUpdate })}
                data-testid={`${testId}-import-ok`}
              />
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                loading={busy}
                onClick={() => file && void run(file, true)}
                data-testid={`${testId}-import-commit`}
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
              data-testid={`${testId}-import-done`}
            />
            {renderDone?.(done)}
          </>
        )}
      </Flex>
    </Modal>
  );
}

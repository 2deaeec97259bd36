import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Progress,
  Result,
  Row,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { REALTIME_EVENTS } from '@yuanan/contracts';
import { useImportJob } from '../../api/enterprise-queries.ts';
import { downloadFile } from '../../api/download.ts';
import { errorText } from '../../api/errors.ts';
import { useRealtimeEvent } from '../../api/socket.ts';
import type { ImportJob } from '../../api/types.ts';
import { useApi } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { entMessages } from './messages.ts';

type Stage = 'idle' | 'checking' | 'checked' | 'importing' | 'done';
type ReportRow = ImportJob['report'][number];
interface Live {
  id: string;
  phase: string;
  processed: number;
  total: number;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 批量导入: template → upload → dry run (summary and the row-by-row report, nothing written) → import (all or
 * nothing). Progress arrives live over the socket; the job is also asked every second in case the socket is down.
 */
export function ImportPage() {
  const t = useMessages(entMessages);
  const { message } = App.useApp();
  const api = useApi();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>('idle');
  const [dryId, setDryId] = useState<string | null>(null);
  const [realId, setRealId] = useState<string | null>(null);
  const [live, setLive] = useState<Live | null>(null);
  const [starting, setStarting] = useState(false);
  const [templating, setTemplating] = useState(false);
  const dry = useImportJob(dryId);
  const real = useImportJob(realId);
  const current = stage === 'importing' || stage === 'done' ? real : dry;
  const currentId = stage === 'importing' || stage === 'done' ? realId : dryId;

  useRealtimeEvent<Live>(REALTIME_EVENTS.importProgress, (p) => {
    if (p.id === currentId) setLive(p);
  });

  useEffect(() => {
    if (stage === 'checking' && dry.data && (dry.data.status === 'done' || dry.data.status === 'failed')) setStage('checked');
    if (stage === 'importing' && real.data && (real.data.status === 'done' || real.data.status === 'failed')) setStage('done');
  }, [stage, dry.data, real.data]);

  const start = async (f: File, dryRun: boolean) => {
    setStarting(true);
    setLive(null);
    try {
      const form = new FormData();
      form.append('dryRun', String(dryRun));
      form.append('file', f, f.name);
      const job = await api.enterprises.startImport(form);
      if (dryRun) {
        setDryId(job.id);
        setRealId(null);
        setStage('checking');
      } else {
        setRealId(job.id);
        setStage('importing');
      }
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setStarting(false);
    }
  };

  const pick = (f: File) => {
    if (!f.name.toLowerCase().endsWith('.xlsx') && f.type !== XLSX) {
      message.error(t('onlyXlsx'));
      return false;
    }
    setFile(f);
    void start(f, true);
    return false;
  };

  const template = async () => {
    setTemplating(true);
    try {
      await downloadFile(api, `${api.baseUrl}/enterprises/import/template`, '园安企业档案导入模板.xlsx');
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setTemplating(false);
    }
  };

  const reset = () => {
    setFile(null);
    setDryId(null);
    setRealId(null);
    setLive(null);
    setStage('idle');
  };

  const job = current.data;
  const running = stage === 'checking' || stage === 'importing';
  const processed = Math.max(live?.processed ?? 0, job?.processed ?? 0);
  const total = Math.max(live?.total ?? 0, job?.total ?? 0);
  const phase = live?.phase ?? (job?.status === 'queued' ? 'queued' : 'validate');
  const s = dry.data?.summary ?? {};
  const report = dry.data?.report ?? [];
  const sheets = [...new Set(report.map((r) => r.sheet).filter(Boolean))];
  const imported = stage === 'done' && real.data?.status === 'done';
  const stepIndex = imported ? 3 : stage === 'idle' || stage === 'checking' || (stage === 'checked' && report.length) ? 1 : 2;

  return (
    <PageContainer title={t('importTitle')} description={t('importDesc')}>
      <Card>
        <Steps
          current={stepIndex}
          status={stage === 'done' && real.data?.status === 'failed' ? 'error' : undefined}
          items={[
            { title: t('step1'), content: t('step1Desc') },
            { title: t('step2'), content: t('step2Desc') },
            { title: t('step3'), content: t('step3Desc') },
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={8}>
          <Card title={t('step1')} style={{ height: '100%' }}>
            <Flex vertical gap={12}>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('templateHint')}
              </Typography.Paragraph>
              <Button icon={<DownloadOutlined />} loading={templating} onClick={() => void template()} data-testid="imp-template">
                {t('template')}
              </Button>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={stage === 'importing' || stage === 'done' ? t('step3') : t('step2')} style={{ height: '100%' }}>
            {stage === 'idle' ? (
              <Upload.Dragger
                accept=".xlsx"
                multiple={false}
                showUploadList={false}
                beforeUpload={pick}
                disabled={starting}
                data-testid="imp-upload"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('dropTitle')}</p>
                <p className="ant-upload-hint">{t('dropHint')}</p>
              </Upload.Dragger>
            ) : (
              <Flex vertical gap={12}>
                <Typography.Text>
                  <FileExcelOutlined style={{ color: '#1d6f42', marginRight: 6 }} />
                  {t('fileName', { name: file?.name ?? '' })}
                </Typography.Text>
                {running && (
                  <div data-testid="imp-progress">
                    <Typography.Text strong>{stage === 'checking' ? t('dryRunning') : t('importing')}</Typography.Text>
                    <Progress
                      percent={total ? Math.min(99, Math.floor((processed / total) * 100)) : 0}
                      status="active"
                      format={() => (total ? t('progress', { processed, total }) : '')}
                    />
                    <Typography.Text type="secondary">
                      {phase === 'write' ? t('phaseWrite') : phase === 'queued' ? t('phaseQueued') : t('phaseValidate')}
                    </Typography.Text>
                  </div>
                )}
                {stage !== 'checking' && dry.data?.status === 'failed' && (
                  <Alert type="error" showIcon title={t('importFailed')} description={dry.data.error} />
                )}
                {stage === 'checked' && dry.data?.status === 'done' && (
                  <>
                    <Row gutter={16} data-testid="imp-summary">
                      <Col span={4}>
                        <Statistic title={t('sumRows')} value={s.rows ?? 0} />
                      </Col>
                      <Col span={4}>
                        <Statistic
                          title={t('sumErrors')}
                          value={s.errors ?? 0}
                          styles={{ content: { color: s.errors ? '#cf1322' : '#389e0d' } }}
                        />
                      </Col>
                      <Col span={4}>
                        <Statistic title={t('sumEnterprises')} value={s.enterprises ?? 0} />
                      </Col>
                      <Col span={4}>
                        <Statistic title={t('sumCreate')} value={s.enterprisesToCreate ?? 0} />
                      </Col>
                      <Col span={4}>
                        <Statistic title={t('sumUpdate')} value={s.enterprisesToUpdate ?? 0} />
                      </Col>
                      <Col span={4}>
                        <Statistic title={t('sumRecords')} value={s.records ?? 0} />
                      </Col>
                    </Row>
                    {report.length ? (
                      <Alert
                        type="error"
                        showIcon
                        title={t('dryRunErrors', { n: s.errors ?? report.length })}
                        description={t('dryRunErrorsDesc')}
                        data-testid="imp-errors"
                      />
                    ) : (
                      <Alert
                        type="success"
                        showIcon
                        title={t('dryRunOk')}
                        description={t('dryRunOkDesc', {
                          rows: s.rows ?? 0,
                          create: s.enterprisesToCreate ?? 0,
                          update: s.enterprisesToUpdate ?? 0,
                          records: s.records ?? 0,
                        })}
                        data-testid="imp-ok"
                      />
                    )}
                    <Flex gap={8}>
                      {!report.length && (
                        <Button
                          type="primary"
                          icon={<CloudUploadOutlined />}
                          loading={starting}
                          onClick={() => file && void start(file, false)}
                          data-testid="imp-commit"
                        >
                          {t('doImport')}
                        </Button>
                      )}
                      <Button onClick={reset} data-testid="imp-again">
                        {t('again')}
                      </Button>
                    </Flex>
                  </>
                )}
                {stage === 'done' && real.data?.status === 'done' && (
                  <Result
                    status="success"
                    icon={<CheckCircleOutlined />}
                    title={t('importDone')}
                    subTitle={t('importDoneDesc', {
                      created: real.data.summary?.created ?? 0,
                      updated: real.data.summary?.updated ?? 0,
                      unchanged: real.data.summary?.unchanged ?? 0,
                      rc: real.data.summary?.recordsCreated ?? 0,
                      ru: real.data.summary?.recordsUpdated ?? 0,
                    })}
                    extra={[
                      <Button key="list" type="primary" onClick={() => navigate('/enterprises')} data-testid="imp-to-list">
                        {t('toList')}
                      </Button>,
                      <Button key="again" onClick={reset}>
                        {t('again')}
                      </Button>,
                    ]}
                    data-testid="imp-done"
                  />
                )}
                {stage === 'done' && real.data?.status === 'failed' && (
                  <Result
                    status="error"
                    title={t('importFailed')}
                    subTitle={real.data.error ?? undefined}
                    extra={<Button onClick={reset}>{t('again')}</Button>}
                  />
                )}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      {stage === 'checked' && report.length > 0 && (
        <Card title={t('dryRunDone')}>
          <Table<ReportRow & { key: number }>
            size="small"
            dataSource={report.map((r, i) => ({ ...r, key: i }))}
            pagination={report.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            data-testid="imp-report"
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              {
                title: t('reportSheet'),
                dataIndex: 'sheet',
                width: 130,
                filters: sheets.map((x) => ({ text: x, value: x })),
                onFilter: (v, r) => r.sheet === v,
              },
              { title: t('reportRow'), dataIndex: 'row', width: 80, render: (v: number) => (v ? v : '—') },
              { title: t('reportField'), dataIndex: 'field', width: 200, render: (v: string) => v || '—' },
              {
                title: t('reportReason'),
                dataIndex: 'reason',
                render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
              },
            ]}
          />
        </Card>
      )}
    </PageContainer>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tree,
  Typography,
  Upload,
} from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { FileTextOutlined, InboxOutlined, SaveOutlined, ScanOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { LAW_FILE_MAX_BYTES, LAW_TEXT_MAX_CHARS, type LawDocType } from '@yuanan/contracts';
import { applyFormErrors, errorText, isApiError } from '../../api/errors.ts';
import { useSession } from '../../auth/session.tsx';
import { validated } from '../../components/validated.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { docTypeOptions } from './labels.tsx';
import { lawMessages } from './messages.ts';
import { useLawDocuments, useLawMutations, useLawParse, type LawNode, type LawParseResult } from './queries.ts';

type Issue = LawParseResult['errors'][number];

interface SaveValues {
  saveAs: 'doc' | 'version';
  documentId?: string;
  title?: string;
  docType?: LawDocType;
  issuingBody?: string;
  docNumber?: string;
  label: string;
  promulgatedOn?: Dayjs | null;
  effectiveOn: Dayjs;
}

/** The type a zone's upload starts with: the guess when it is one a zone issues or adopts, else 园区制度. */
function zoneType(guess: LawDocType | null): LawDocType {
  return guess && ['local_regulation', 'zone_rule', 'national_standard', 'industry_standard'].includes(guess)
    ? guess
    : 'zone_rule';
}

type TextAreaRef = GetRef<typeof Input.TextArea>;

const FILE_TYPES = /\.(md|markdown|txt|docx)$/i;

function nodesToTree(nodes: LawNode[], prefix = ''): TreeDataNode[] {
  return nodes.map((n, i) => ({
    key: `${prefix}${i}`,
    title: (
      <span data-user-text>
        {n.heading}
        {n.firstKey && (
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
            {n.firstKey === n.lastKey ? n.firstKey : `${n.firstKey}–${n.lastKey}`}
          </Typography.Text>
        )}
      </span>
    ),
    children: nodesToTree(n.children, `${prefix}${i}.`),
  }));
}

const countNodes = (nodes: LawNode[]): number => nodes.reduce((s, n) => s + 1 + countNodes(n.children), 0);

/** The issues of a 422 `law_parse_failed` answer (the api lists them like the preview does), if any. */
function issuesOf(e: unknown): Issue[] | null {
  if (!isApiError(e, 'law_parse_failed')) return null;
  const p = e.problem as unknown as { issues?: Issue[]; parseErrors?: Issue[]; errors?: unknown[] } | null;
  const list = p?.issues ?? p?.parseErrors ?? (p?.errors as Issue[] | undefined);
  return Array.isArray(list) ? list.filter((x) => x && typeof x === 'object' && 'line' in x) : null;
}

/**
 * 上传: paste a text or pick a file, see how it parses (articles, the tree of 编/章/节, errors and warnings with
 * their line), then save it as a new document or as a new version of one of the zone's (or the platform's)
 * documents. Nothing is saved while the preview has errors; the api checks again and refuses a broken text whole.
 */
export function UploadPanel({ targetDocumentId, onTargetUsed }: { targetDocumentId: string | null; onTargetUsed: () => void }) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { effective } = useSession();
  const platform = effective?.tenant.kind === 'platform';
  const [source, setSource] = useState<'paste' | 'file'>('paste');
  const [format, setFormat] = useState<'markdown' | 'text'>('markdown');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<LawParseResult | null>(null);
  /** What the preview was made from: a later edit asks for a new preview before saving. */
  const [parsedFrom, setParsedFrom] = useState<string | null>(null);
  const [saveIssues, setSaveIssues] = useState<Issue[] | null>(null);
  const parse = useLawParse();
  const m = useLawMutations();
  const [form] = Form.useForm<SaveValues>();
  const docs = useLawDocuments({ scope: platform ? 'platform' : 'zone', pageSize: 200 });
  const editable = useMemo(() => (docs.data?.items ?? []).filter((d) => d.editable), [docs.data]);
  const saveAs = Form.useWatch('saveAs', form) ?? 'doc';
  const area = useRef<TextAreaRef>(null);

  useEffect(() => {
    if (!targetDocumentId) return;
    form.setFieldsValue({ saveAs: 'version', documentId: targetDocumentId });
    onTargetUsed();
  }, [targetDocumentId, form, onTargetUsed]);

  const inputKey =
    source === 'file' ? (file ? `file:${file.name}:${file.size}:${file.lastModified}` : null) : `text:${format}:${text}`;
  const stale = !!result && parsedFrom !== inputKey;

  const runParse = async () => {
    setSaveIssues(null);
    if (source === 'paste' && !text.trim()) return void message.warning(t('textEmpty'));
    if (source === 'file' && !file) return void message.warning(t('textEmpty'));
    try {
      const r = await parse.mutateAsync(source === 'file' ? { file: file! } : { format, text });
      setResult(r);
      setParsedFrom(inputKey);
      const g = r.guess;
      const cur = form.getFieldsValue(true) as Partial<SaveValues>;
      form.setFieldsValue({
        title: cur.title || g.title || r.title || undefined,
        // A zone's uploads are its own rules or local texts: a national type guessed from the title (…规定 →
        // 部门规章) is kept for the platform only.
        docType: cur.docType ?? (platform ? (g.docType ?? undefined) : zoneType(g.docType)),
        issuingBody: cur.issuingBody || g.issuingBody || undefined,
        docNumber: cur.docNumber || g.docNumber || undefined,
        promulgatedOn: cur.promulgatedOn ?? (g.promulgatedOn ? dayjs(g.promulgatedOn) : null),
        effectiveOn: cur.effectiveOn ?? (g.effectiveOn ? dayjs(g.effectiveOn) : undefined),
        label: cur.label || (g.effectiveOn ? `${g.effectiveOn.slice(0, 4)}年版` : undefined),
      });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const save = async () => {
    if (!result || stale || result.errors.length) return void message.warning(t('parseFirst'));
    const v = await validated(form);
    if (!v) return;
    const version = {
      label: v.label.trim(),
      promulgatedOn: v.promulgatedOn ? v.promulgatedOn.format('YYYY-MM-DD') : null,
      effectiveOn: v.effectiveOn.format('YYYY-MM-DD'),
      format: result.format,
      text: result.text,
    };
    try {
      const r =
        v.saveAs === 'version'
          ? await m.addVersion.mutateAsync({ documentId: v.documentId!, ...version })
          : await m.create.mutateAsync({
              title: v.title!.trim(),
              docType: v.docType!,
              issuingBody: v.issuingBody!.trim(),
              docNumber: v.docNumber?.trim() || null,
              version,
            });
      message.success(t('savedDoc', { n: r.articleCount }));
      navigate(`/laws/read/${r.versionId}`);
    } catch (e) {
      const issues = issuesOf(e);
      if (issues) setSaveIssues(issues);
      if (
        !applyFormErrors(form, e, {
          'version.label': 'label',
          'version.effectiveOn': 'effectiveOn',
          'version.promulgatedOn': 'promulgatedOn',
        })
      )
        message.error(errorText(e));
    }
  };

  /** A pasted text's line (1-based) selected in the box, so an error's line is found at once. */
  const showLine = (n: number) => {
    const el = area.current?.resizableTextArea?.textArea;
    if (!el || source !== 'paste') return;
    const all = text.split('\n');
    let start = 0;
    for (let i = 0; i < n - 1 && i < all.length; i++) start += all[i]!.length + 1;
    el.focus();
    el.setSelectionRange(start, start + (all[n - 1]?.length ?? 0));
    const lh = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (n - 4) * lh);
    el.scrollIntoView({ block: 'nearest' });
  };

  const lines = useMemo(() => (result ? result.text.split(/\r?\n/) : []), [result]);
  const issueRows = (list: Issue[], kind: 'error' | 'warning') =>
    list.map((x, i) => ({ key: `${kind}-${i}`, kind, ...x, source: lines[x.line - 1] ?? '' }));

  return (
    <Row gutter={16} className="law-upload">
      <Col xs={24} xl={10}>
        <Card size="small" title={t('source')} data-testid="law-upload-source">
          <Flex vertical gap={12}>
            <Radio.Group
              value={source}
              onChange={(e) => setSource(e.target.value as 'paste' | 'file')}
              optionType="button"
              options={[
                { value: 'paste', label: t('srcPaste') },
                { value: 'file', label: t('srcFile') },
              ]}
              data-testid="law-upload-mode"
            />
            {source === 'paste' ? (
              <>
                <Space>
                  <Typography.Text type="secondary">{t('format')}</Typography.Text>
                  <Select
                    value={format}
                    onChange={setFormat}
                    style={{ width: 140 }}
                    options={[
                      { value: 'markdown', label: t('fmtMarkdown') },
                      { value: 'text', label: t('fmtText') },
                    ]}
                    data-testid="law-upload-format"
                  />
                </Space>
                <Input.TextArea
                  ref={area}
                  value={text}
                  onChange={(e) => setText(e.target.value)}
                  maxLength={LAW_TEXT_MAX_CHARS}
                  placeholder={t('pastePh')}
                  className="law-upload-text"
                  autoSize={{ minRows: 14, maxRows: 26 }}
                  data-testid="law-upload-text"
                />
              </>
            ) : (
              <>
                {/* The test id on a wrapper: given to the Dragger, rc-upload puts data-* on the <input> itself, and
                    the documented `[data-testid=law-upload-file] input[type=file]` found nothing. */}
                <div data-testid="law-upload-file">
                  <Upload.Dragger
                    accept=".md,.markdown,.txt,.docx"
                    multiple={false}
                    showUploadList={false}
                    beforeUpload={(f) => {
                      if (!FILE_TYPES.test(f.name)) message.error(t('fileType'));
                      else if (f.size > LAW_FILE_MAX_BYTES) message.error(t('fileTooBig'));
                      else setFile(f);
                      return false;
                    }}
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p className="ant-upload-text">{t('fileHint')}</p>
                  </Upload.Dragger>
                </div>
                {file && (
                  <Typography.Text>
                    <FileTextOutlined style={{ marginRight: 6 }} />
                    <span data-user-text>{file.name}</span>
                  </Typography.Text>
                )}
              </>
            )}
            <Button
              type="primary"
              icon={<ScanOutlined />}
              loading={parse.isPending}
              onClick={() => void runParse()}
              data-testid="law-parse"
            >
              {result ? t('parseAgain') : t('parse')}
            </Button>
          </Flex>
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        {!result ? (
          <Card size="small">
            <Empty description={t('parseFirst')} />
          </Card>
        ) : (
          <Flex
            vertical
            gap={12}
            data-testid="law-preview"
            data-articles={result.articleCount}
            data-errors={result.errors.length}
          >
            <Card size="small">
              <Flex gap={32} wrap align="center">
                <Statistic title={t('previewArticles')} value={result.articleCount} />
                <Statistic title={t('previewTree')} value={countNodes(result.nodes)} />
                <div style={{ flex: 1, minWidth: 200 }}>
                  {result.title && (
                    <Typography.Title level={5} style={{ margin: 0 }} data-user-text>
                      {result.title}
                    </Typography.Title>
                  )}
                  {result.errors.length ? (
                    <Typography.Text type="danger" data-testid="law-preview-errors">
                      {t('parseErrors', { n: result.errors.length })}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="success" data-testid="law-preview-ok">
                      {t('parseOk')}
                    </Typography.Text>
                  )}
                  {result.warnings.length > 0 && (
                    <Typography.Text type="warning" style={{ marginLeft: 12 }}>
                      {t('parseWarnings', { n: result.warnings.length })}
                    </Typography.Text>
                  )}
                </div>
              </Flex>
              {stale && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('parseFirst')} />}
            </Card>
            {(result.errors.length > 0 || result.warnings.length > 0 || saveIssues?.length) && (
              <IssueTable
                onLine={source === 'paste' && !stale ? showLine : undefined}
                rows={[
                  ...issueRows(saveIssues ?? [], 'error'),
                  ...issueRows(result.errors, 'error'),
                  ...issueRows(result.warnings, 'warning'),
                ]}
              />
            )}
            <Card size="small" styles={{ body: { paddingTop: 0 } }}>
              <Tabs
                size="small"
                items={[
                  {
                    key: 'tree',
                    label: t('previewTree'),
                    children: result.nodes.length ? (
                      <div className="law-preview-scroll">
                        <Tree treeData={nodesToTree(result.nodes)} defaultExpandAll selectable={false} />
                      </div>
                    ) : (
                      <Typography.Text type="secondary">{t('noStructure')}</Typography.Text>
                    ),
                  },
                  {
                    key: 'articles',
                    label: t('previewArticles'),
                    children: (
                      <div className="law-preview-scroll" data-testid="law-preview-articles">
                        {result.articles.map((a) => (
                          <p key={a.articleKey} className="law-preview-article" data-user-text>
                            <b>{a.label}</b>
                            {'\u3000'}
                            {a.text.length > 160 ? `${a.text.slice(0, 160)}…` : a.text}
                          </p>
                        ))}
                      </div>
                    ),
                  },
                ]}
              />
            </Card>
            <Card size="small" title={t('saveAs')}>
              <Form form={form} layout="vertical" initialValues={{ saveAs: 'doc' }} data-testid="law-save-form">
                <Form.Item name="saveAs">
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: 'doc', label: t('saveNewDoc') },
                      { value: 'version', label: t('saveNewVersion'), disabled: editable.length === 0 },
                    ]}
                    data-testid="law-save-as"
                  />
                </Form.Item>
                {saveAs === 'version' ? (
                  <Form.Item
                    name="documentId"
                    label={t('targetDoc')}
                    rules={[{ required: true, message: t('required', { f: t('targetDoc') }) }]}
                  >
                    <Select
                      showSearch
                      optionFilterProp="text"
                      placeholder={t('targetDocPh')}
                      options={editable.map((d) => ({
                        value: d.id,
                        text: d.title,
                        label: <span data-user-text>{d.title}</span>,
                      }))}
                      data-testid="law-save-document"
                    />
                  </Form.Item>
                ) : (
                  <Row gutter={12}>
                    <Col span={24}>
                      <Form.Item
                        name="title"
                        label={t('docTitle')}
                        rules={[{ required: true, whitespace: true, max: 200, message: t('required', { f: t('docTitle') }) }]}
                      >
                        <Input maxLength={200} data-testid="law-save-title" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="docType"
                        label={t('docType')}
                        rules={[{ required: true, message: t('required', { f: t('docType') }) }]}
                      >
                        <Select options={docTypeOptions(lang)} data-testid="law-save-type" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name="issuingBody"
                        label={t('issuer')}
                        rules={[{ required: true, whitespace: true, max: 100, message: t('required', { f: t('issuer') }) }]}
                      >
                        <Input maxLength={100} data-testid="law-save-issuer" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name="docNumber" label={t('docNumber')} rules={[{ max: 100 }]}>
                        <Input maxLength={100} data-testid="law-save-docnumber" />
                      </Form.Item>
                    </Col>
                  </Row>
                )}
                <Row gutter={12}>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="label"
                      label={t('versionLabel')}
                      rules={[{ required: true, whitespace: true, max: 60, message: t('required', { f: t('versionLabel') }) }]}
                    >
                      <Input maxLength={60} placeholder={t('versionLabelPh')} data-testid="law-save-label" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name="promulgatedOn" label={t('promulgatedOn')}>
                      <DatePicker style={{ width: '100%' }} data-testid="law-save-promulgated" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="effectiveOn"
                      label={t('effectiveOn')}
                      rules={[{ required: true, message: t('required', { f: t('effectiveOn') }) }]}
                    >
                      <DatePicker
                        style={{ width: '100%' }}
                        data-testid="law-save-effective"
                        onChange={(d) => {
                          // An empty version label follows the effective year (2026年版); a typed one is kept.
                          if (d && !form.getFieldValue('label')) form.setFieldsValue({ label: `${d.year()}年版` });
                        }}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  disabled={stale || result.errors.length > 0}
                  loading={m.create.isPending || m.addVersion.isPending}
                  onClick={() => void save()}
                  data-testid="law-save"
                >
                  {t('saveDoc')}
                </Button>
              </Form>
            </Card>
          </Flex>
        )}
      </Col>
    </Row>
  );
}

function IssueTable({
  rows,
  onLine,
}: {
  rows: (Issue & { key: string; kind: 'error' | 'warning'; source: string })[];
  /** Selects the line in the pasted text (absent for a file). */
  onLine?: (line: number) => void;
}) {
  const t = useMessages(lawMessages);
  const { lang } = useI18n();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      dataSource={rows}
      data-testid="law-issues"
      rowClassName={(r) => `law-issue-${r.kind}`}
      columns={[
        {
          title: t('issueLine'),
          dataIndex: 'line',
          width: 90,
          render: (n: number, r) =>
            onLine ? (
              <Typography.Link
                onClick={() => onLine(n)}
                data-testid="law-issue-line"
                data-line={n}
                className={`law-issue-link-${r.kind}`}
              >
                {t('line', { n })}
              </Typography.Link>
            ) : (
              <Typography.Text type={r.kind === 'error' ? 'danger' : 'warning'} data-testid="law-issue-line" data-line={n}>
                {t('line', { n })}
              </Typography.Text>
            ),
        },
        {
          title: t('issueMessage'),
          dataIndex: 'message',
          render: (_: unknown, r) => (lang === 'en' ? r.message.en : r.message.zh),
        },
        {
          title: t('lineText'),
          dataIndex: 'source',
          render: (s: string) => (
            <code className="law-issue-source" data-user-text>
              {s.length > 80 ? `${s.slice(0, 80)}…` : s}
            </code>
          ),
        },
      ]}
    />
  );
}

import { useState } from 'react';
import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { PageContainer } from '../../components/page-container.tsx';
import { useSession } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { DocumentsPanel } from './documents-panel.tsx';
import { FlaggedPanel } from './flagged-panel.tsx';
import { lawMessages } from './messages.ts';
import { SynonymsPanel } from './synonyms-panel.tsx';
import { UploadPanel } from './upload-panel.tsx';
import './laws.css';

const TABS = ['upload', 'documents', 'synonyms', 'flagged'] as const;
type Tab = (typeof TABS)[number];

/**
 * 法规管理: upload (paste / .md / .txt / .docx → parse preview with errors by line → save as a new document or a new
 * version), the documents with their metadata, repeal date and versions, the synonym groups, and the zone's
 * citations to review (引用待复核). The platform operator manages the platform library on the same page.
 */
export function LawManagePage() {
  const t = useMessages(lawMessages);
  const { effective } = useSession();
  const platform = effective?.tenant.kind === 'platform';
  const [sp, setSp] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as Tab) : 'upload';
  // "Add a version" on a document opens the upload tab with that document chosen.
  const [target, setTarget] = useState<string | null>(null);
  const setTab = (k: string) => {
    const p = new URLSearchParams(sp);
    p.set('tab', k);
    setSp(p, { replace: true });
  };
  const items = [
    {
      key: 'upload',
      label: <span data-testid="law-tab-upload">{t('tabUpload')}</span>,
      children: <UploadPanel targetDocumentId={target} onTargetUsed={() => setTarget(null)} />,
    },
    {
      key: 'documents',
      label: <span data-testid="law-tab-documents">{t('tabDocuments')}</span>,
      children: (
        <DocumentsPanel
          platform={platform}
          onAddVersion={(id) => {
            setTarget(id);
            setTab('upload');
          }}
        />
      ),
    },
    { key: 'synonyms', label: <span data-testid="law-tab-synonyms">{t('tabSynonyms')}</span>, children: <SynonymsPanel /> },
    // The platform tenant cites nothing: its operator has no citations to review.
    ...(platform
      ? []
      : [{ key: 'flagged', label: <span data-testid="law-tab-flagged">{t('tabFlagged')}</span>, children: <FlaggedPanel /> }]),
  ];
  return (
    <PageContainer title={t('manageTitle')} description={platform ? t('manageDescPlatform') : t('manageDescZone')}>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden data-testid="law-manage-tabs" />
    </PageContainer>
  );
}

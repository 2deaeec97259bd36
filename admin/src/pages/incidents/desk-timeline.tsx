import { useEffect, useRef, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Space, Timeline, Typography } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useIncidentMutations, type IncidentDetail } from '../../api/incident-queries.ts';
import { fmtMinute } from '../../components/time.ts';
import { useMessages } from '../../i18n/feature.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Run } from './desk-page.tsx';
import { MediaStrip, mediaIds } from './desk-media.tsx';
import { eventTextEn } from './event-text.ts';
import { eventKindText } from './labels.tsx';
import { incidentMessages } from './messages.ts';

const KIND_COLOURS: Record<string, string> = {
  reported: 'red',
  sos_merged: 'red',
  dispatched: 'blue',
  acknowledged: 'green',
  ack_late: 'orange',
  escalated: 'red',
  on_scene: 'green',
  warning_sent: 'volcano',
  roll_call_missed: 'red',
  authority_due: 'red',
  authority_reported: 'green',
  casualties: 'magenta',
  closed: 'green',
  cancelled: 'gray',
};

/**
 * 时间线: every action, message, status and reading of the incident, oldest first, scrolled to the newest, with the
 * photos (thumbnails, a click enlarges) and voice notes (a player) an entry carries; the desk adds a note (记录) at
 * the bottom.
 */
export function TimelineCard({ inc, canManage, run }: { inc: IncidentDetail; canManage: boolean; run: Run }) {
  const t = useMessages(incidentMessages);
  const { lang } = useI18n();
  const m = useIncidentMutations();
  const [text, setText] = useState('');
  const end = useRef<HTMLDivElement>(null);
  // A block body: Chromium's scrollIntoView may return a promise, which React would take for the effect's cleanup.
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [inc.events.length]);

  const add = async () => {
    const v = text.trim();
    if (!v) return;
    if (await run(() => m.note.mutateAsync({ id: inc.id, text: v }), t('noteAdded'))) setText('');
  };

  return (
    <Card
      size="small"
      className="inc-fill inc-half"
      title={t('timeline')}
      data-testid="inc-timeline"
      actions={
        canManage
          ? [
              <Flex key="note" gap={6} style={{ padding: '0 8px' }}>
                <Input
                  size="small"
                  value={text}
                  maxLength={2000}
                  placeholder={t('notePh')}
                  onChange={(e) => setText(e.target.value)}
                  onPressEnter={() => void add()}
                  data-testid="inc-note-text"
                />
                <Button
                  size="small"
                  icon={<SendOutlined />}
                  loading={m.note.isPending}
                  onClick={() => void add()}
                  data-testid="inc-note-add"
                >
                  {t('noteAdd')}
                </Button>
              </Flex>,
            ]
          : undefined
      }
    >
      {inc.events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          className="inc-tl"
          items={inc.events.map((e) => ({
            color: KIND_COLOURS[e.kind] ?? 'gray',
            content: (
              <div data-testid="inc-ev" data-kind={e.kind}>
                <Space size={6} wrap>
                  <Typography.Text strong style={{ fontSize: 13 }}>
                    {eventKindText(e.kind, lang)}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fmtMinute(e.at).slice(5)} · {e.actorId ? <span data-user-text>{e.actorName}</span> : t('system')}
                  </Typography.Text>
                </Space>
                {e.text && (
                  // In English the system's own entries are said in English (the names and titles inside stay as
                  // typed, hence data-user-text); notes and the rest keep their stored text.
                  <Typography.Paragraph
                    style={{ margin: 0, fontSize: 13, whiteSpace: 'pre-wrap' }}
                    data-user-text
                    data-testid="inc-ev-text"
                  >
                    {(lang === 'en' && eventTextEn(e)) || e.text}
                  </Typography.Paragraph>
                )}
                <MediaStrip ids={mediaIds(e.data)} size={48} testId="inc-ev-media" />
              </div>
            ),
          }))}
        />
      )}
      <div ref={end} />
    </Card>
  );
}

import { Flex, Image, Skeleton, Tag, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useIncidentFiles } from '../../api/incident-queries.ts';
import { useMessages } from '../../i18n/feature.ts';
import { incidentMessages } from './messages.ts';

/**
 * The file ids an incident or one of its timeline events carries: `fileIds` (SOS photos and voice, notes, scene
 * photos), and `photoFileIds` / `voiceFileId` where the api keeps them apart. Unique, in order.
 */
export function mediaIds(data: Record<string, unknown> | null | undefined): string[] {
  if (!data) return [];
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v && !out.includes(v)) out.push(v);
  };
  for (const key of ['fileIds', 'photoFileIds']) {
    const v = data[key];
    if (Array.isArray(v)) v.forEach(add);
  }
  add(data.voiceFileId);
  return out;
}

/**
 * Photos and voice notes by file id: photos as thumbnails (`size` px square; a click enlarges them, arrows go through
 * all of the strip), voice notes (audio/*) as an <audio> player, any other file as a link. At most `max` thumbnails
 * are drawn (the rest are counted, still reachable in the enlarged view). A file the api no longer gives is named so.
 */
export function MediaStrip({
  ids,
  size = 48,
  max = 12,
  testId,
}: {
  ids: string[];
  size?: number;
  max?: number;
  testId?: string;
}) {
  const t = useMessages(incidentMessages);
  const files = useIncidentFiles(ids);
  if (!ids.length) return null;
  const photos: Array<{ id: string; url: string }> = [];
  const audio: Array<{ id: string; url: string }> = [];
  const other: Array<{ id: string; url: string; name: string }> = [];
  let loading = 0;
  let missing = 0;
  files.forEach((q, i) => {
    const f = q.data;
    if (!f) {
      if (q.isError) missing++;
      else loading++;
      return;
    }
    if (f.mime.startsWith('image/')) photos.push({ id: ids[i]!, url: f.url });
    else if (f.mime.startsWith('audio/')) audio.push({ id: ids[i]!, url: f.url });
    else other.push({ id: ids[i]!, url: f.url, name: f.originalName ?? f.mime });
  });
  const shown = photos.slice(0, max);
  return (
    <Flex gap={6} wrap align="center" data-testid={testId} data-n={ids.length} className="inc-media">
      {photos.length > 0 && (
        <Image.PreviewGroup items={photos.map((p) => p.url)}>
          {shown.map((p) => (
            <Image
              key={p.id}
              src={p.url}
              width={size}
              height={size}
              style={{ objectFit: 'cover', borderRadius: 4 }}
              data-testid="inc-photo"
              data-id={p.id}
            />
          ))}
        </Image.PreviewGroup>
      )}
      {photos.length > shown.length && <Typography.Text type="secondary">+{photos.length - shown.length}</Typography.Text>}
      {Array.from({ length: loading }, (_, i) => (
        <Skeleton.Image key={`l${i}`} active style={{ width: size, height: size }} />
      ))}
      {audio.map((a) => (
        // A voice note: the browser's own player (play, pause, seek); nothing is fetched before play.
        <audio
          key={a.id}
          controls
          preload="none"
          src={a.url}
          data-testid="inc-voice"
          data-id={a.id}
          style={{ height: 32, width: 240, maxWidth: '100%' }}
        >
          <track kind="captions" />
        </audio>
      ))}
      {other.map((o) => (
        <Typography.Link key={o.id} href={o.url} target="_blank" rel="noreferrer" data-testid="inc-file">
          <PaperClipOutlined /> <span data-user-text>{o.name}</span>
        </Typography.Link>
      ))}
      {missing > 0 && <Tag>{t('fileMissing', { n: missing })}</Tag>}
    </Flex>
  );
}

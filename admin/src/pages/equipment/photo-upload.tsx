import { useState } from 'react';
import { App, Upload, type UploadFile } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { StoredFile } from '@yuanan/contracts';
import { errorText } from '../../api/errors.ts';
import { useApi } from '../../auth/session.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { eqMessages } from './messages.ts';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif';

/** What the photos' owner needs: the stored files' ids, and whether one is still on its way. */
export interface PhotoState {
  ids: string[];
  busy: boolean;
}

/**
 * Condition photos (check-out, return, maintenance, catalogue): each picked image is uploaded at once as a
 * `purpose` file (the server keeps the time and place it was taken); `onChange` gets the ids of those stored and
 * whether any upload is still running, so the dialog can wait before it sends. A failed upload says why.
 */
export function PhotoUpload({
  onChange,
  purpose = 'other',
  max = 6,
  testId,
}: {
  onChange: (s: PhotoState) => void;
  purpose?: string;
  max?: number;
  testId?: string;
}) {
  const t = useMessages(eqMessages);
  const api = useApi();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile<StoredFile>[]>([]);

  const report = (list: UploadFile<StoredFile>[]) => {
    const next = list.map((f) =>
      f.status === 'done' && f.response ? { ...f, url: f.response.url, thumbUrl: f.response.url } : f,
    );
    setFiles(next);
    onChange({
      ids: next.filter((f) => f.status === 'done' && f.response).map((f) => f.response!.id),
      busy: next.some((f) => f.status === 'uploading'),
    });
  };

  return (
    <div data-testid={testId}>
      <Upload<StoredFile>
        listType="picture-card"
        accept={ACCEPT}
        multiple
        maxCount={max}
        fileList={files}
        onChange={({ fileList }) => report(fileList)}
        customRequest={({ file, onSuccess, onError }) => {
          const fd = new FormData();
          fd.append('purpose', purpose);
          fd.append('file', file as File, (file as File).name);
          api.files
            .upload(fd)
            .then((stored) => onSuccess?.(stored))
            .catch((e: unknown) => {
              message.error(t('photoFailed', { name: (file as File).name, reason: errorText(e) }));
              onError?.(e instanceof Error ? e : new Error(String(e)));
            });
        }}
      >
        {files.length < max && (
          <button type="button" style={{ border: 0, background: 'none', cursor: 'pointer' }}>
            <PlusOutlined />
            <div style={{ marginTop: 6 }}>{t('photoAdd')}</div>
          </button>
        )}
      </Upload>
    </div>
  );
}

/**
 * The photos of a dialog: `photos` (the stored ids, and whether one is still uploading), `setPhotos` for
 * PhotoUpload's `onChange`, and `ready()`: false while an upload is still running (and says so: 照片仍在上传), so
 * the dialog waits before it sends.
 */
export function usePhotoState() {
  const t = useMessages(eqMessages);
  const { message } = App.useApp();
  const [photos, setPhotos] = useState<PhotoState>({ ids: [], busy: false });
  const ready = () => {
    if (photos.busy) message.warning(t('photoUploading'));
    return !photos.busy;
  };
  return { photos, setPhotos, ready };
}

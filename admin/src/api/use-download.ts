import { useState } from 'react';
import { App } from 'antd';
import { useApi } from '../auth/session.tsx';
import { downloadFile } from './download.ts';
import { errorText } from './errors.ts';

/**
 * A download button's state and action: `download` saves the document the api builds at `url` (see downloadFile),
 * then says so with `saved(name)` — or shows why not; `busy` while it runs.
 */
export function useDownload() {
  const api = useApi();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const download = async (url: string, fallbackName: string, saved: (name: string) => string) => {
    setBusy(true);
    try {
      message.success(saved(await downloadFile(api, url, fallbackName)));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, download };
}

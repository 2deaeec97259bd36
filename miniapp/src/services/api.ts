import Taro from '@tarojs/taro';
import { ApiClient, ApiError, TokenStore, taroTransport, type PathUploader, type TaroLike, type Transport } from '@yuanan/sdk';
import { observable } from './observable';
import { store } from './storage';

/** The api base from the build (config/index.ts): relative /api/v1 in H5, absolute in the weapp. */
export const API_BASE: string = __API_BASE__;

/** Whether the device has a network (from Taro's network events and from calls that got an answer). */
export const online = observable<boolean>(true);

/** Called whenever a call got any answer from the server: the network is back (the offline queue listens). */
const answeredListeners = new Set<() => void>();
export function onServerAnswered(listener: () => void): () => void {
  answeredListeners.add(listener);
  return () => void answeredListeners.delete(listener);
}

const taro: TaroLike = {
  request: (o) =>
    Taro.request({
      url: o.url,
      method: o.method as keyof Taro.request.Method,
      header: o.header,
      data: o.data,
      timeout: o.timeout,
      dataType: o.dataType,
      responseType: o.responseType === 'arraybuffer' ? 'arraybuffer' : 'text',
    }),
  uploadFile: (o) => Taro.uploadFile(o),
};
const base = taroTransport(taro);

function answered(): void {
  // An answer that was already in flight can land just after the browser went offline; the browser's "offline" is
  // definite (its "online" is not), so it wins over a late answer.
  const browserOffline = process.env.TARO_ENV === 'h5' && window.navigator.onLine === false;
  if (!online.get() && !browserOffline) online.set(true);
  for (const l of [...answeredListeners]) l();
}

/**
 * Taro.request and Taro.uploadFile with bookkeeping: an answer means we are online. `upload` must be passed
 * through: the sdk's files.uploadPath uploads by local path only on a transport that has it.
 */
const transport: Transport & PathUploader = {
  async request(req) {
    const res = await base.request(req);
    answered();
    return res;
  },
  async upload(req) {
    const res = await base.upload(req);
    answered();
    return res;
  },
};

export const tokens = new TokenStore(store, 'tokens');

let sessionExpired: (e: ApiError) => void = () => undefined;
/** The session module registers what happens when the session cannot be refreshed (back to sign-in). */
export function setSessionExpiredHandler(handler: (e: ApiError) => void): void {
  sessionExpired = handler;
}

export const client = new ApiClient({
  baseUrl: API_BASE,
  transport,
  tokens,
  lang: () => 'zh-CN',
  onSessionExpired: (e) => sessionExpired(e),
});

export { ApiError };

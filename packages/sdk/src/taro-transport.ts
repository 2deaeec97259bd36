import { TransportFailure, type Transport, type TransportResponse } from './transport.ts';

/** The parts of Taro's API the transport needs (injected, so the sdk does not depend on Taro). */
export interface TaroLike {
  request(opts: {
    url: string;
    method: string;
    header: Record<string, string>;
    data?: unknown;
    timeout: number;
    dataType?: string;
    responseType?: string;
  }): Promise<{
    statusCode: number;
    header: Record<string, string>;
    data: unknown;
  }>;
  uploadFile(opts: {
    url: string;
    filePath: string;
    name: string;
    formData: Record<string, string>;
    header: Record<string, string>;
    timeout: number;
  }): Promise<{
    statusCode: number;
    data: string;
  }>;
}

function lower(h: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

/** Taro.request for calls, Taro.uploadFile for files (WeChat has no FormData). */
export function taroTransport(taro: TaroLike): Transport & {
  upload(req: {
    url: string;
    headers: Record<string, string>;
    filePath: string;
    fields: Record<string, string>;
    timeoutMs: number;
  }): Promise<TransportResponse>;
} {
  return {
    async request(req) {
      try {
        const r = await taro.request({
          url: req.url,
          method: req.method,
          header: req.headers,
          data: typeof req.body === 'string' ? req.body : undefined,
          timeout: req.timeoutMs,
          dataType: 'json',
          responseType: 'text',
        });
        return { status: r.statusCode, headers: lower(r.header), data: r.data };
      } catch {
        throw new TransportFailure();
      }
    },
    async upload(req) {
      try {
        const r = await taro.uploadFile({
          url: req.url,
          filePath: req.filePath,
          name: 'file',
          formData: req.fields,
          header: req.headers,
          timeout: req.timeoutMs,
        });
        let data: unknown = r.data;
        try {
          data = JSON.parse(r.data);
        } catch {
          // keep text
        }
        return { status: r.statusCode, headers: {}, data };
      } catch {
        throw new TransportFailure();
      }
    },
  };
}

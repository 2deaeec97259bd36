/** How requests leave the client: fetch in browsers (admin), Taro.request in the mini-program. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
  timeoutMs: number;
}
export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, else text. */
  data: unknown;
}
export interface Transport {
  request(req: TransportRequest): Promise<TransportResponse>;
}
/** Thrown by transports when the network itself failed (no response). */
export class TransportFailure extends Error {
  constructor(message = 'network') {
    super(message);
    this.name = 'TransportFailure';
  }
}

export function fetchTransport(fetchImpl: typeof fetch = (...a) => fetch(...a)): Transport {
  return {
    async request(req) {
      const ctrl = new AbortController();
      const t = setTimeout(() => ctrl.abort(), req.timeoutMs);
      let res: Response;
      try {
        res = await fetchImpl(req.url, { method: req.method, headers: req.headers, body: req.body, signal: ctrl.signal });
      } catch {
        throw new TransportFailure();
      } finally {
        clearTimeout(t);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
      const text = await res.text().catch(() => '');
      let data: unknown = text;
      if ((headers['content-type'] ?? '').includes('json') && text) {
        try {
          data = JSON.parse(text);
        } catch {
          data = text;
        }
      }
      return { status: res.status, headers, data };
    },
  };
}

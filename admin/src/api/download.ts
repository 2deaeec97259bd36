import { ApiError, toApiError, type ApiClient } from '@yuanan/sdk';
import { getLang } from '../i18n/i18n.tsx';

/** The file name from Content-Disposition (RFC 5987 `filename*=UTF-8''…` first). */
function fileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // fall through
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]! : fallback;
}

/**
 * Downloads a document the api builds (Excel, Word) with the bearer token — a plain link cannot carry it — and
 * saves it under the server's file name. An expired access token is renewed once. Failures throw ApiError.
 */
export async function downloadFile(client: ApiClient, url: string, fallbackName: string): Promise<string> {
  const send = () =>
    fetch(url, {
      headers: {
        authorization: `Bearer ${client.tokens?.accessToken ?? ''}`,
        'accept-language': getLang(),
      },
    });
  let res: Response;
  try {
    res = await send();
    if (res.status === 401 && (await client.refresh())) res = await send();
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: toApiError(0, { code: 'network_error' }, getLang()).message,
    });
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    throw toApiError(res.status, body, getLang());
  }
  const blob = await res.blob();
  const name = fileName(res.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * HEIC/HEIF photos (the iPhone camera's default) decoded to RGBA pixels, since sharp's bundled libvips has no
 * HEVC decoder. The decoder is `heic-decode` (libheif compiled to WebAssembly, `libheif-js`; no native build, no
 * download). Decoding a 12-megapixel photo takes 1.5–3 s of CPU and ~150 MB, synchronously, so it runs in a
 * worker thread — the api's event loop keeps serving — one photo at a time, and the worker exits after a short
 * idle time so its WebAssembly memory goes back to the system.
 */

/** Decoded pixels: `data` holds width × height × 4 bytes (RGBA). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Why a HEIC could not be decoded: not decodable at all, or more pixels than allowed. */
export class HeicError extends Error {
  readonly reason: 'undecodable' | 'too_many_pixels' | 'timeout';
  constructor(reason: 'undecodable' | 'too_many_pixels' | 'timeout', message: string) {
    super(message);
    this.name = 'HeicError';
    this.reason = reason;
  }
}

const IDLE_MS = 20_000;
const TIMEOUT_MS = 30_000;

// The worker is plain CommonJS (heic-decode is CommonJS) so it runs the same under node, tsx and jest.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.decoder);
parentPort.on('message', async ({ id, buffer, maxPixels }) => {
  try {
    const images = await decode.all({ buffer: new Uint8Array(buffer) });
    const primary = images[0];
    if (!primary) throw new Error('no image in the file');
    if (primary.width * primary.height > maxPixels) {
      parentPort.postMessage({ id, error: 'too_many_pixels', message: primary.width + 'x' + primary.height });
      return;
    }
    const img = await primary.decode();
    const data = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
    parentPort.postMessage({ id, width: img.width, height: img.height, data }, [data.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: 'undecodable', message: String(e && e.message || e) });
  }
});
`;

type Reply =
  | { id: number; width: number; height: number; data: Uint8Array; error?: undefined }
  | { id: number; error: 'undecodable' | 'too_many_pixels'; message: string };

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

function getWorker(): Worker {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!worker) {
    const decoder = createRequire(import.meta.url).resolve('heic-decode');
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { decoder } });
    worker.unref();
    worker.on('exit', () => {
      worker = null;
    });
  }
  return worker;
}

function scheduleIdleExit(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void stopHeicDecoder(), IDLE_MS);
  idleTimer.unref();
}

/** Stops the decoder thread now (tests, shutdown); the next decode starts a new one. */
export async function stopHeicDecoder(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

function decodeOne(data: Buffer, maxPixels: number): Promise<RgbaImage> {
  const w = getWorker();
  const id = nextId++;
  return new Promise<RgbaImage>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      void stopHeicDecoder();
      reject(new HeicError('timeout', `HEIC decoding took over ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    const onMessage = (r: Reply) => {
      if (r.id !== id) return;
      cleanup();
      if (r.error) reject(new HeicError(r.error, r.message));
      else resolve({ width: r.width, height: r.height, data: r.data });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new HeicError('undecodable', e.message));
    };
    const cleanup = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    // A copy: the upload's buffer may be a slice of a larger pool and stays the caller's.
    const copy = new Uint8Array(data);
    w.postMessage({ id, buffer: copy.buffer, maxPixels }, [copy.buffer]);
  });
}

/**
 * Decodes the primary image of a HEIC/HEIF file (rotation and mirroring of the file applied, as libheif does)
 * to RGBA. Decodes run one after another. Throws {@link HeicError}.
 */
export function decodeHeic(data: Buffer, maxPixels: number): Promise<RgbaImage> {
  const run = queue.then(() => decodeOne(data, maxPixels));
  queue = run.catch(() => undefined).finally(scheduleIdleExit);
  return run;
}

import Taro from '@tarojs/taro';
import { newIdempotencyKey } from '@yuanan/sdk';

/**
 * Photos taken for a report or a rectification are kept on the device until the server has them, so a report
 * made offline survives closing the mini-program:
 * - WeChat: the temporary file is saved into the user data folder (`wx.env.USER_DATA_PATH/photos/…`);
 * - H5: the picture is kept in IndexedDB and the path is `idb:<id>` (blob: URLs die with the page).
 * `photoSrc` turns a kept path into something <Image> and Taro.uploadFile can use.
 */
export interface LocalPhoto {
  /** Persisted local path. */
  path: string;
  /** The upload's Idempotency-Key, fixed when the photo is taken. */
  uploadKey: string;
}

const IDB = 'idb:';
const DB_NAME = 'yuanan-photos';
const STORE = 'photos';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = window.indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB'));
  });
}

async function idb<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = run(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('indexedDB'));
      tx.onabort = () => reject(tx.error ?? new Error('indexedDB'));
    });
  } finally {
    db.close();
  }
}

/** Object URLs made this session for kept H5 photos (one per photo). */
const objectUrls = new Map<string, string>();

function photoDir(): string {
  return `${Taro.env.USER_DATA_PATH}/photos`;
}

/** Keeps a photo the user just took or picked; resolves with its persisted path (the temp path when keeping fails). */
export async function keepPhoto(tempPath: string): Promise<LocalPhoto> {
  const id = newIdempotencyKey();
  const uploadKey = `up-${id.slice(2)}`;
  if (process.env.TARO_ENV === 'h5') {
    try {
      const blob = await (await fetch(tempPath)).blob();
      await idb('readwrite', (s) => s.put(blob, id));
      objectUrls.set(id, tempPath);
      return { path: IDB + id, uploadKey };
    } catch {
      return { path: tempPath, uploadKey };
    }
  }
  try {
    const fs = Taro.getFileSystemManager();
    try {
      fs.mkdirSync(photoDir(), true);
    } catch {
      // exists
    }
    const ext = /\.(jpe?g|png|heic|webp)$/i.exec(tempPath)?.[0] ?? '.jpg';
    const saved = await new Promise<string>((resolve, reject) => {
      fs.saveFile({
        tempFilePath: tempPath,
        filePath: `${photoDir()}/${id}${ext}`,
        success: (r) => resolve(r.savedFilePath),
        fail: reject,
      });
    });
    return { path: saved, uploadKey };
  } catch {
    return { path: tempPath, uploadKey };
  }
}

/** A path that <Image src> and Taro.uploadFile accept; null when the photo is gone (H5 storage cleared). */
export async function photoSrc(path: string): Promise<string | null> {
  if (!path.startsWith(IDB)) return path;
  const id = path.slice(IDB.length);
  const known = objectUrls.get(id);
  if (known) return known;
  try {
    const blob = await idb<Blob | undefined>('readonly', (s) => s.get(id) as IDBRequest<Blob | undefined>);
    if (!blob) return null;
    const url = URL.createObjectURL(blob);
    objectUrls.set(id, url);
    return url;
  } catch {
    return null;
  }
}

/** Forgets a kept photo (sent, removed from the form, or discarded with its outbox item). */
export function dropPhoto(path: string): void {
  if (path.startsWith(IDB)) {
    const id = path.slice(IDB.length);
    const url = objectUrls.get(id);
    if (url?.startsWith('blob:')) URL.revokeObjectURL(url);
    objectUrls.delete(id);
    void idb('readwrite', (s) => s.delete(id)).catch(() => undefined);
    return;
  }
  if (process.env.TARO_ENV !== 'h5' && path.startsWith(photoDir())) {
    try {
      Taro.getFileSystemManager().unlink({ filePath: path, fail: () => undefined });
    } catch {
      // already gone
    }
  }
}

/**
 * Takes photos with the camera or picks them from the album (WeChat's own sheet; in H5 Taro shows one and opens
 * the file chooser), keeps them, and resolves with the kept photos (empty when the user cancels).
 */
export async function takePhotos(max: number): Promise<LocalPhoto[]> {
  if (max <= 0) return [];
  let temp: string[];
  try {
    const r = await Taro.chooseMedia({
      count: Math.min(max, 9),
      mediaType: ['image'],
      sourceType: ['camera', 'album'],
      sizeType: ['compressed'],
      camera: 'back',
    });
    temp = r.tempFiles.map((f) => f.tempFilePath);
  } catch (e) {
    const msg = (e as { errMsg?: string })?.errMsg ?? '';
    if (/cancel|abort/i.test(msg) || msg === '') return [];
    throw e;
  }
  const kept: LocalPhoto[] = [];
  for (const t of temp.slice(0, max)) kept.push(await keepPhoto(t));
  return kept;
}

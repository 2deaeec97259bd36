import { client } from '../../services/api';
import { photoSrc, type LocalPhoto } from '../../services/photos';

/**
 * Uploads a photo kept on the phone (or a drawn signature) with its own Idempotency-Key, so a retry after a lost
 * answer stores it once; resolves with the stored file's id. A photo gone from the phone (H5 storage cleared) is an
 * error saying so.
 */
export async function uploadKept(p: LocalPhoto, purpose = 'other'): Promise<string> {
  const src = await photoSrc(p.path);
  if (!src) throw new Error('照片已丢失，请重新拍摄');
  return (await client.files.uploadPath(src, { purpose }, p.uploadKey)).id;
}

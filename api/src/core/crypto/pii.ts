import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { maskPhone as maskPhoneNumber } from '@yuanan/domain';

/**
 * Personal data (phones) and second-factor secrets are sealed at rest with AES-256-GCM. Most roles only ever
 * see the masked form; the sealed value is opened for roles with `pii.view` and for delivery (SMS).
 */
export class FieldCipher {
  readonly #key: Buffer;
  constructor(base64Key: string) {
    this.#key = Buffer.from(base64Key, 'base64');
    if (this.#key.length !== 32) throw new Error('FIELD_ENCRYPTION_KEY must be 32 bytes');
  }
  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
  }
  open(sealed: string): string {
    const [v, data] = sealed.split('.');
    if (v !== 'v1' || !data) throw new Error('Unknown sealed format');
    const raw = Buffer.from(data, 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }
}

/** The masked form of a phone for roles without `pii.view`: the rule lives with the phone forms in the domain. */
export const maskPhone = maskPhoneNumber;

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

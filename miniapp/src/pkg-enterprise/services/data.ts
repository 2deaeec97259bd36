import type { RecordKind } from '@yuanan/sdk';
import { client } from '../../services/api';
import { loadCached } from '../../services/cache';
import { readJson, writeJson } from '../../services/storage';
import { DEFAULT_PALETTE, type Palette } from './enterprise-ui';

/** Data of the enterprise pages, each kept on the phone for reading offline. */

export function loadRecords<T>(enterpriseId: string, kind: RecordKind) {
  return loadCached<T[]>(`records:${enterpriseId}:${kind}`, () => client.enterprises.records<T>(enterpriseId, kind));
}

export function loadEnterprise(enterpriseId: string) {
  return loadCached(`enterprise:${enterpriseId}`, () => client.enterprises.get(enterpriseId));
}

/** The zone's colour palette (colours and their names are zone settings). */
export async function loadPalette(): Promise<Palette> {
  try {
    return (await loadCached('palette', async () => (await client.risk.map()).palette as Palette)).data;
  } catch {
    return DEFAULT_PALETTE;
  }
}

/**
 * Key fields sent for approval, remembered on this phone (the api tells an enterprise only that a change is
 * pending, not which fields): shown as 审核中 next to them until the file no longer has a pending change.
 */
interface PendingFields {
  fields: string[];
  at: string;
}
const pendingKey = (enterpriseId: string) => `pending-change:${enterpriseId}`;

export function pendingFields(enterpriseId: string, stillPending: boolean): PendingFields | null {
  const p = readJson<PendingFields>(pendingKey(enterpriseId));
  if (p && !stillPending) {
    writeJson(pendingKey(enterpriseId), null);
    return null;
  }
  return p;
}

export function rememberPendingFields(enterpriseId: string, fields: string[]): void {
  // a new request supersedes the older one on the server: the same here
  writeJson(pendingKey(enterpriseId), { fields, at: new Date().toISOString() } satisfies PendingFields);
}

import type { ExportProfile } from '../profile.ts';
import { nationalMajorHazard } from './national-major-hazard.ts';
import { provincialEnterpriseFile } from './provincial-enterprise-file.ts';
import { provincialHazardLedger } from './provincial-hazard-ledger.ts';

export { nationalMajorHazard, provincialEnterpriseFile, provincialHazardLedger };
export { HAZARD_GOVERNANCE_STATUS, HAZARD_SOURCE_WORDS } from './provincial-hazard-ledger.ts';

/** Every shipped profile (each `id@version` once). A new version of a profile is a new entry; old ones stay. */
export const EXPORT_PROFILES: readonly ExportProfile[] = [provincialEnterpriseFile, provincialHazardLedger, nationalMajorHazard];

/** The profile `id` at `version` (the newest version when omitted), or null. */
export function exportProfile(id: string, version?: number): ExportProfile | null {
  const all = EXPORT_PROFILES.filter((p) => p.id === id);
  if (version !== undefined) return all.find((p) => p.version === version) ?? null;
  return all.reduce<ExportProfile | null>((best, p) => (!best || p.version > best.version ? p : best), null);
}

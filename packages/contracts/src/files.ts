import { z } from 'zod';
import { isoDateTime, zId } from './common.ts';

export const FILE_PURPOSES = [
  'hazard_photo',
  'rectification_photo',
  'enterprise_doc',
  'emergency_plan',
  'site_plan',
  'certificate',
  'import',
  'avatar',
  /** Incident photos and voice notes (SOS, scene photos): images or short audio. */
  'incident_media',
  'other',
] as const;
export const storedFile = z.object({
  id: zId,
  purpose: z.enum(FILE_PURPOSES),
  mime: z.string(),
  size: z.number().int(),
  originalName: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  takenAt: isoDateTime.nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  enterpriseId: zId.nullable(),
  url: z.string(),
  createdAt: isoDateTime,
});
export type StoredFile = z.infer<typeof storedFile>;

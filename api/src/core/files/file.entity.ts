import { defineEntity, p } from '@mikro-orm/core';
import { tenantProperties } from '../db/base-entity.ts';

export const StoredFileSchema = defineEntity({
  name: 'StoredFile',
  tableName: 'files',
  indexes: [{ properties: ['tenantId', 'enterpriseId'] }, { properties: ['tenantId', 'sha256'] }],
  properties: {
    ...tenantProperties,
    purpose: p.string().length(32),
    mime: p.string().length(100),
    size: p.integer(),
    sha256: p.string().length(64),
    storageKey: p.string().length(300),
    originalName: p.string().length(200).nullable(),
    width: p.integer().nullable(),
    height: p.integer().nullable(),
    /** Kept from the photo's EXIF before the metadata was stripped. */
    takenAt: p.datetime(3).nullable(),
    lat: p.double().$type<number>().nullable(),
    lng: p.double().$type<number>().nullable(),
    enterpriseId: p.string().length(36).nullable(),
    uploadedBy: p.string().length(36).nullable(),
  },
});
export class StoredFile extends StoredFileSchema.class {}
StoredFileSchema.setClass(StoredFile);

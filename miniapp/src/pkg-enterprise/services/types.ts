import type { certificate, chemical, majorHazardReport, supply } from '@yuanan/contracts';

/** The output type of a contracts schema (zod's `z.output`, without importing zod here). */
type Out<T> = T extends { _zod: { output: infer O } } ? O : never;

export type Supply = Out<typeof supply>;
export type Certificate = Out<typeof certificate>;
export type Chemical = Out<typeof chemical>;
export type MajorHazardReport = Out<typeof majorHazardReport>;

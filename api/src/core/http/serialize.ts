/** Dates leave the api as ISO 8601 UTC strings. */
export function iso(d: Date | string | null | undefined): string | null {
  if (d == null) return null;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}
export function isoReq(d: Date | string): string {
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

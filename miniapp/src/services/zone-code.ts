/** Zone codes: 2–32 lower-case letters, digits or '-', starting with a letter (contracts' tenantCode). */
export const ZONE_CODE = /^[a-z][a-z0-9-]{1,31}$/;

/**
 * Reads a zone code out of what a zone QR code holds: the bare code (`siqi`), a URL or mini-program path with a
 * `zone` parameter (`https://…/join?zone=siqi`, `pages/zone/index?zone=siqi`), or a `scene=zone%3Dsiqi` value.
 * Null when nothing usable is in it.
 */
export function parseZoneCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let text = raw.trim();
  for (let i = 0; i < 2 && /%[0-9a-f]{2}/i.test(text); i++) {
    try {
      text = decodeURIComponent(text);
    } catch {
      break;
    }
  }
  const param = /(?:^|[?&#]|scene=)zone=([A-Za-z0-9-]+)/.exec(text);
  const candidate = (param ? param[1]! : text).toLowerCase();
  return ZONE_CODE.test(candidate) ? candidate : null;
}

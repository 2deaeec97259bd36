/**
 * Chinese phone numbers as people type and paste them, normalised to one stored form.
 *
 * Numbering plan: 《电信网编号计划（2017年版）》 (工业和信息化部, 工信部信管〔2017〕299号) and the E.164 assignment of
 * country code 86 to mainland China:
 * - mobile numbers (移动业务号码) are 11 digits `1[3-9]X XXXX XXXX` (the 13–19 network codes);
 * - fixed lines are the trunk prefix `0`, an area code and a local number of 7 or 8 digits that starts with 2–9.
 *   Area codes are 2 digits for 北京 `10` and the `2X` cities (`020`–`029` with the trunk prefix, local numbers of
 *   8 digits), else 3 digits `[3-9]XX` (`0XXX` with the trunk prefix, local numbers of 7 or 8 digits);
 *   dialled from abroad the trunk `0` is dropped (`+86 579 8520 1234`), and so does Excel when a cell is a number;
 * - `400` / `800` enterprise service numbers (企业客服号码) are 10 digits and reach a company from anywhere;
 * - short service numbers (`110`, `12345`, `95xxx`, `96xxx`…) belong to authorities, carriers and utilities:
 *   they are never a person's or an enterprise's contact and are refused.
 *
 * Stored forms: mobile `13905790103`; fixed line `0579-85201234`, with an extension `0579-85201234-8001`
 * (extensions written `转8001`, `分机8001`, `ext. 8001`, `x8001`, `#8001` or `-8001` all become `-8001`);
 * service number `400-820-8820`.
 *
 * libphonenumber-js was evaluated and not used: it reads `57985201234` as a valid fixed line without saying that
 * the trunk 0 was restored, does not know `转`/`分机` or a dash-separated extension (`0579-85201234-8001` is
 * "invalid"), its national format has no area-code separator, and its metadata would add ~140 kB to the
 * mini-program, which validates with the same contracts.
 */

/** What kind of number a valid input is. */
export type PhoneKind = 'mobile' | 'landline' | 'service';

/** Why an input is not a phone number, most specific first. */
export type PhoneProblem =
  | 'empty'
  | 'chars' // something that is no part of a phone number (letters, a second number after "/")
  | 'foreign' // a country code other than +86
  | 'mobile_length' // starts with 1 but is not 11 digits
  | 'mobile_prefix' // 11 digits starting 10, 11 or 12: no such mobile network
  | 'short_service' // 110, 12345, 95588 …: not a contact number
  | 'area_code' // starts with 0 but no area code has that shape (00…, 01X other than 010)
  | 'area_code_missing' // a bare 7–8 digit local number
  | 'local_number' // the local number after the area code is not 7–8 digits starting 2–9
  | 'extension' // an extension on a number that has none, or longer than 6 digits
  | 'not_mobile'; // a valid fixed-line or service number where only a mobile can do (SMS, sign-in)

export type PhoneResult =
  | { ok: true; value: string; kind: PhoneKind; extension: string | null }
  | { ok: false; problem: PhoneProblem; /** digits counted, for messages */ digits: number; char?: string };

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// Dashes NFKC leaves alone: hyphen, non-breaking hyphen, figure/en/em dash, minus, katakana long sound mark.
const DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70]/g;
const EXTENSION = /^(.*?\d)\s*(?:转|轉|分机号?|分機號?|ext\.?|extension|x|#)\s*(\d+)$/i;

function landline(d: string): { area: string; local: string } | null {
  const m = /^0(10|2\d)([2-9]\d{7})$/.exec(d) ?? /^0([3-9]\d{2})([2-9]\d{6,7})$/.exec(d);
  return m ? { area: `0${m[1]}`, local: m[2]! } : null;
}

function classify(d: string): { value: string; kind: PhoneKind; landline?: true } | null {
  if (/^1[3-9]\d{9}$/.test(d)) return { value: d, kind: 'mobile' };
  if (/^[48]00\d{7}$/.test(d)) return { value: `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`, kind: 'service' };
  const l = landline(d);
  if (l) return { value: `${l.area}-${l.local}`, kind: 'landline', landline: true };
  return null;
}

function diagnose(d: string): PhoneProblem {
  if (d.length === 0) return 'empty';
  // 110, 119, 12345, 12350, 95588, 96xxx: numbers of authorities, carriers and utilities.
  if ((d.length <= 6 && /^[19]/.test(d)) || /^9[56]\d{3,6}$/.test(d)) return 'short_service';
  if (d.startsWith('1')) return d.length === 11 ? 'mobile_prefix' : 'mobile_length';
  if (d.startsWith('0')) return /^0(0|1[1-9])/.test(d) ? 'area_code' : 'local_number';
  if (d.length <= 8) return 'area_code_missing';
  return 'local_number';
}

/** Folds full-width characters, odd dashes, zero-width characters and every kind of space to plain ASCII. */
export function foldPhoneText(input: string): string {
  return input.normalize('NFKC').replace(ZERO_WIDTH, '').replace(DASHES, '-').replace(/\s+/g, ' ').trim();
}

/**
 * Normalises one phone number to its stored form (see the module comment), or says what is wrong with it.
 * Accepts `+86`/`0086`/`86` prefixes, spaces (also full-width), dashes, dots, brackets around the area code,
 * full-width digits, an extension, and a fixed line whose leading 0 was dropped.
 */
export function normalizePhone(input: string): PhoneResult {
  let s = foldPhoneText(input);
  let extension: string | null = null;
  const ext = EXTENSION.exec(s);
  if (ext) {
    s = ext[1]!;
    extension = ext[2]!;
  }
  const bad = /[^\d\s\-().+]/.exec(s);
  const count = s.replace(/\D/g, '').length;
  if (bad) return { ok: false, problem: 'chars', digits: count, char: bad[0] };
  if (/\+/.test(s.replace(/^\(?\+/, ''))) return { ok: false, problem: 'chars', digits: count, char: '+' };

  let rest = s;
  let international = false;
  if (/^\(?\+/.test(rest)) {
    const cc = /^\(?\+\s*\(?\s*86\s*\)?/.exec(rest);
    if (!cc) return { ok: false, problem: 'foreign', digits: count };
    rest = rest.slice(cc[0].length);
    international = true;
  } else if (/^0086/.test(rest.replace(/\D/g, ''))) {
    rest = rest.replace(/^\(?\s*0\s*0\s*8\s*6\s*\)?/, '');
    international = true;
  }
  const groups = rest.split(/[\s\-().]+/).filter(Boolean);
  let digits = groups.join('');
  // "86 139…": the country code without "+" in front of a mobile.
  if (!international && /^861[3-9]\d{9}$/.test(digits)) digits = digits.slice(2);

  const resolve = (d: string): PhoneResult | null => {
    const direct = classify(d);
    if (direct) return { ok: true, value: direct.value, kind: direct.kind, extension: null };
    // Trunk 0 dropped: dialled from abroad, or a number cell in a spreadsheet. Never a mobile (those start with 1),
    // except Beijing's `10` + 8 digits which is 10 digits long where a mobile has 11.
    if (/^[2-9]/.test(d) || /^10\d{8}$/.test(d)) {
      const l = classify(`0${d}`);
      if (l?.landline) return { ok: true, value: l.value, kind: 'landline', extension: null };
    }
    return null;
  };

  let found = resolve(digits);
  // "0579-85201234-8001": the last dash group is an extension when the rest is a whole fixed line.
  if (!found && !extension && groups.length >= 2) {
    const last = groups[groups.length - 1]!;
    const head = resolve(groups.slice(0, -1).join(''));
    if (head?.ok && head.kind === 'landline' && last.length <= 6) {
      found = head;
      extension = last;
    }
  }
  if (!found || !found.ok) return { ok: false, problem: diagnose(digits), digits: digits.length };
  if (extension !== null) {
    if (found.kind !== 'landline' || extension.length > 6) return { ok: false, problem: 'extension', digits: digits.length };
    return { ok: true, value: `${found.value}-${extension}`, kind: 'landline', extension };
  }
  return found;
}

/** Like {@link normalizePhone}, but only a mobile number will do (sign-in, SMS, WeChat binding). */
export function normalizeMobile(input: string): PhoneResult {
  const r = normalizePhone(input);
  if (r.ok && r.kind !== 'mobile') return { ok: false, problem: 'not_mobile', digits: r.value.replace(/\D/g, '').length };
  return r;
}

/**
 * The masked form shown to roles without `pii.view`: a mobile keeps its first 3 and last 4 digits
 * (`139****0103`), a fixed line its area code and last 4 digits (`0579-****1234`, the extension dropped), a 400/800
 * number its last 4. A value that is not a recognisable number keeps at most its first 4 and last 2 characters.
 */
export function maskPhone(phone: string): string {
  const r = normalizePhone(phone);
  if (r.ok) {
    if (r.kind === 'mobile') return `${r.value.slice(0, 3)}****${r.value.slice(7)}`;
    if (r.kind === 'landline') {
      const [area, local] = r.value.split('-') as [string, string];
      return `${area}-****${local.slice(-4)}`;
    }
    return `${r.value.slice(0, 3)}-***-${r.value.slice(-4)}`;
  }
  if (phone.length <= 4) return '****';
  return `${phone.slice(0, Math.min(4, phone.length - 4))}****${phone.slice(-2)}`;
}

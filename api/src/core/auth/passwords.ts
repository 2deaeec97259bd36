import { hash, verify } from '@node-rs/argon2';

// argon2id (the package's const enum value 2) with OWASP's second recommended profile (19 MiB, t=2, p=1).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}
export async function verifyPassword(hashed: string | null | undefined, password: string): Promise<boolean> {
  if (!hashed) return false;
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified when the user does not exist so timing does not reveal usernames. */
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword('not-a-real-password-0!A');
  await verifyPassword(await dummy, password);
}

const COMMON = new Set([
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  'qwerty123',
  'abc12345',
  'admin123',
  'admin@123',
  'a123456789',
  'woaini1314',
  'iloveyou',
  'p@ssw0rd',
  'passw0rd',
  '1qaz2wsx',
  'qwertyuiop',
  '11111111',
  '88888888',
  '66666666',
  'aa123456',
  'zxcvbnm123',
]);

/**
 * Password policy: at least 10 characters, three of four classes (lower, upper, digit, symbol), not a common
 * password, and not containing the username. Returns the reasons it fails (empty when it passes).
 */
export function passwordProblems(password: string, username?: string | null): string[] {
  const out: string[] = [];
  if (password.length < 10) out.push('至少 10 位');
  if (password.length > 128) out.push('最多 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) out.push('须包含大写字母、小写字母、数字、符号中的至少三类');
  if (COMMON.has(password.toLowerCase())) out.push('过于常见');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) out.push('不能包含用户名');
  return out;
}

/** A random password that satisfies the policy (for generated initial passwords). */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '!@#$%&*?'];
  const pick = (s: string) => s[crypto.getRandomValues(new Uint32Array(1))[0]! % s.length]!;
  const chars = [...sets.map(pick)];
  const all = sets.join('');
  while (chars.length < 14) chars.push(pick(all));
  return chars.sort(() => (crypto.getRandomValues(new Uint8Array(1))[0]! & 1 ? 1 : -1)).join('');
}

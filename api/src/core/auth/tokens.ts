import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Role } from '@yuanan/contracts';
import { AppError } from '../http/problem.ts';

/** Claims of the short-lived access token. The tenant comes from here, never from a header or body. */
export interface AccessClaims {
  sub: string;
  tid: string;
  role: Role;
  eid: string | null;
  sid: string;
  /** Platform operator acting inside the zone. */
  act: { uid: string; name: string; reason: string; stid: string } | null;
  /**
   * A bureau's supervisor reading inside a zone (issue 14 §1): the grant (`gid`), the bureau (`stid`, where the
   * session and the user live) and its name. `tid` is the zone; every request re-checks the grant.
   */
  sup?: { gid: string; stid: string; bname: string } | null;
  name: string;
}

type Purpose = 'access' | 'mfa' | 'wechat-bind';

export class TokenService {
  readonly #key: Uint8Array;
  readonly accessTtl: number;
  constructor(secret: string, accessTtlSeconds: number) {
    this.#key = new TextEncoder().encode(secret);
    this.accessTtl = accessTtlSeconds;
  }

  signAccess(claims: AccessClaims): Promise<string> {
    return this.#sign('access', { ...claims }, this.accessTtl);
  }
  async verifyAccess(token: string): Promise<AccessClaims> {
    return (await this.#verify('access', token)) as unknown as AccessClaims;
  }

  /** A 5-minute token that proves the password step passed, for the second-factor step. */
  signMfa(payload: { sub: string; tid: string; client: 'console' | 'miniapp'; enrol: string | null }): Promise<string> {
    return this.#sign('mfa', payload, 300);
  }
  async verifyMfa(token: string) {
    return (await this.#verify('mfa', token)) as {
      sub: string;
      tid: string;
      client: 'console' | 'miniapp';
      enrol: string | null;
    };
  }

  /** A 10-minute token carrying a WeChat openid that is not bound yet in the chosen zone. */
  signWechatBind(payload: { openid: string; unionid: string | null; tid: string }): Promise<string> {
    return this.#sign('wechat-bind', payload, 600);
  }
  async verifyWechatBind(token: string) {
    return (await this.#verify('wechat-bind', token)) as { openid: string; unionid: string | null; tid: string };
  }

  async #sign(purpose: Purpose, payload: Record<string, unknown>, ttl: number): Promise<string> {
    return new SignJWT({ ...payload, typ: purpose })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setIssuer('yuanan')
      .setAudience(purpose)
      .setExpirationTime(`${ttl}s`)
      .sign(this.#key);
  }
  async #verify(purpose: Purpose, token: string): Promise<Record<string, unknown>> {
    try {
      const { payload } = await jwtVerify(token, this.#key, { issuer: 'yuanan', audience: purpose, algorithms: ['HS256'] });
      if (payload.typ !== purpose) throw new AppError(401, 'token_invalid');
      return payload;
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof errors.JWTExpired) throw new AppError(401, 'token_expired');
      throw new AppError(401, 'token_invalid');
    }
  }
}

/** Refresh tokens are opaque random strings; only their SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

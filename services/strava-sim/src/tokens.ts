// OAuth grants with Strava's rules: single-use short-lived codes; 6 h access tokens; a
// refresh returns the same access token while it has more than 1 h to live, otherwise a new
// one (the old stays valid until it expires); a new refresh token invalidates the old one at
// once; revoking a grant kills every token of that athlete for that application.
import { randomBytes } from 'node:crypto';

export interface TokenRules {
  accessTtlSec: number;
  codeTtlSec: number;
  /** A refresh returns the current access token while it has more than this to live. */
  reuseThresholdSec: number;
  /** Issue a new refresh token whenever a new access token is issued. */
  rotateRefreshTokens: boolean;
}

export const DEFAULT_TOKEN_RULES: TokenRules = {
  accessTtlSec: 21_600,
  codeTtlSec: 600,
  reuseThresholdSec: 3600,
  rotateRefreshTokens: true,
};

export interface Grant {
  clientId: string;
  athleteId: number;
  scope: string[];
  refreshToken: string;
  current: string; // latest access token
  createdAt: number;
}

interface AccessToken {
  grantKey: string;
  expiresAt: number;
  scope: string[];
}
interface Code {
  clientId: string;
  athleteId: number;
  scope: string[];
  expiresAt: number;
  redirectUri: string;
}

export interface IssuedTokens {
  token_type: 'Bearer';
  expires_at: number;
  expires_in: number;
  refresh_token: string;
  access_token: string;
}

export interface Authenticated {
  clientId: string;
  athleteId: number;
  scope: string[];
  expiresAt: number;
}

export type TokenResult = { ok: true; grant: Grant; tokens: IssuedTokens } | { ok: false };

const secret = (): string => randomBytes(20).toString('hex');
const grantKey = (clientId: string, athleteId: number): string => `${clientId}:${athleteId}`;

export class TokenStore {
  private codes = new Map<string, Code>();
  private grants = new Map<string, Grant>();
  private access = new Map<string, AccessToken>();
  private refresh = new Map<string, string>();
  readonly rules: TokenRules;

  constructor(
    private readonly nowSec: () => number,
    rules: Partial<TokenRules> = {},
  ) {
    this.rules = { ...DEFAULT_TOKEN_RULES, ...rules };
  }

  issueCode(clientId: string, athleteId: number, scope: string[], redirectUri: string): string {
    const code = secret();
    this.codes.set(code, { clientId, athleteId, scope, redirectUri, expiresAt: this.nowSec() + this.rules.codeTtlSec });
    return code;
  }

  private newAccess(g: Grant): AccessToken & { token: string } {
    const token = secret();
    const at = {
      grantKey: grantKey(g.clientId, g.athleteId),
      expiresAt: this.nowSec() + this.rules.accessTtlSec,
      scope: g.scope,
    };
    this.access.set(token, at);
    g.current = token;
    return { ...at, token };
  }

  private issued(g: Grant): IssuedTokens {
    const at = this.access.get(g.current)!;
    return {
      token_type: 'Bearer',
      expires_at: at.expiresAt,
      expires_in: Math.max(0, at.expiresAt - this.nowSec()),
      refresh_token: g.refreshToken,
      access_token: g.current,
    };
  }

  /** authorization_code grant: the code works once, for the client it was issued to. */
  exchangeCode(clientId: string, code: string): TokenResult {
    const c = this.codes.get(code);
    this.codes.delete(code);
    if (!c || c.clientId !== clientId || c.expiresAt < this.nowSec()) return { ok: false };
    return {
      ok: true,
      grant: this.grant(clientId, c.athleteId, c.scope),
      tokens: this.issued(this.grants.get(grantKey(clientId, c.athleteId))!),
    };
  }

  /** Creates or re-authorizes a grant and issues a fresh access token (used by the code grant and /sim/tokens). */
  grant(clientId: string, athleteId: number, scope: string[]): Grant {
    const key = grantKey(clientId, athleteId);
    let g = this.grants.get(key);
    if (!g) {
      g = { clientId, athleteId, scope, refreshToken: secret(), current: '', createdAt: this.nowSec() };
      this.grants.set(key, g);
      this.refresh.set(g.refreshToken, key);
    } else {
      g.scope = scope;
    }
    this.newAccess(g);
    return g;
  }

  tokensOf(g: Grant): IssuedTokens {
    return this.issued(g);
  }

  refreshTokens(clientId: string, refreshToken: string): TokenResult {
    const key = this.refresh.get(refreshToken);
    const g = key ? this.grants.get(key) : undefined;
    if (!g || g.clientId !== clientId) return { ok: false };
    const cur = this.access.get(g.current);
    if (cur && cur.expiresAt - this.nowSec() > this.rules.reuseThresholdSec)
      return { ok: true, grant: g, tokens: this.issued(g) };
    this.newAccess(g);
    if (this.rules.rotateRefreshTokens) {
      this.refresh.delete(g.refreshToken);
      g.refreshToken = secret();
      this.refresh.set(g.refreshToken, grantKey(g.clientId, g.athleteId));
    }
    return { ok: true, grant: g, tokens: this.issued(g) };
  }

  /** The grant behind a valid (unexpired) access token. */
  authenticate(token: string): Authenticated | null {
    const at = this.access.get(token);
    if (!at) return null;
    if (at.expiresAt <= this.nowSec()) return null;
    const g = this.grants.get(at.grantKey);
    if (!g) return null;
    return { clientId: g.clientId, athleteId: g.athleteId, scope: at.scope, expiresAt: at.expiresAt };
  }

  /** The grant an access or refresh token (even expired) belongs to. */
  grantOfToken(token: string): Grant | null {
    const key = this.access.get(token)?.grantKey ?? this.refresh.get(token);
    return key ? (this.grants.get(key) ?? null) : null;
  }

  grantOf(clientId: string, athleteId: number): Grant | null {
    return this.grants.get(grantKey(clientId, athleteId)) ?? null;
  }

  grantsOf(clientId: string): Grant[] {
    return [...this.grants.values()].filter((g) => g.clientId === clientId);
  }

  revoke(clientId: string, athleteId: number): boolean {
    const key = grantKey(clientId, athleteId);
    const g = this.grants.get(key);
    if (!g) return false;
    this.grants.delete(key);
    this.refresh.delete(g.refreshToken);
    for (const [t, at] of this.access) if (at.grantKey === key) this.access.delete(t);
    return true;
  }

  /** Test helper: let the current access token of a grant expire now. */
  expireAccess(clientId: string, athleteId: number): boolean {
    const g = this.grantOf(clientId, athleteId);
    const at = g ? this.access.get(g.current) : undefined;
    if (!at) return false;
    at.expiresAt = this.nowSec();
    return true;
  }
}

import { request } from 'undici';
import { TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE } from '@runnerly/contracts';
import { gatewayErrors } from './errors.ts';

/** A short-lived token that acts for one user only (token exchange at the token dealer). */
export interface UserTokenSource {
  get(userId: string): Promise<string>;
  forget(userId: string): void;
}

export interface ExchangeOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  timeoutMs?: number;
  /** Users whose tokens are kept (least recently fetched dropped first). */
  cacheSize?: number;
}

/** Token exchange with a per-user cache: one fetch at a time per user, renewed 30 s before expiry. */
export function tokenExchange(options: ExchangeOptions): UserTokenSource {
  const cache = new Map<string, { token: string; renewAt: number }>();
  const inflight = new Map<string, Promise<string>>();
  const max = options.cacheSize ?? 10_000;
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;

  async function fetchToken(userId: string): Promise<string> {
    const form = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: userId,
      subject_token_type: USER_ID_TOKEN_TYPE,
      scope: options.scopes.join(' '),
    });
    let res;
    try {
      res = await request(options.tokenUrl, {
        method: 'POST',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
        headersTimeout: options.timeoutMs ?? 5000,
        bodyTimeout: options.timeoutMs ?? 5000,
      });
    } catch {
      throw gatewayErrors.tokenDealerDown();
    }
    const body = (await res.body.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (res.statusCode !== 200 || !body.access_token) throw gatewayErrors.noUserToken();
    const ttl = body.expires_in ?? 60;
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(userId, {
      token: body.access_token,
      renewAt: Date.now() + Math.max(1, ttl - Math.min(30, ttl / 5)) * 1000,
    });
    return body.access_token;
  }

  return {
    async get(userId) {
      const hit = cache.get(userId);
      if (hit && Date.now() < hit.renewAt) return hit.token;
      let pending = inflight.get(userId);
      if (!pending) {
        pending = fetchToken(userId).finally(() => inflight.delete(userId));
        inflight.set(userId, pending);
      }
      return pending;
    },
    forget(userId) {
      cache.delete(userId);
    },
  };
}

// A typed Strava client: OAuth (code exchange, refresh, deauthorize/revoke) and API v3 reads.
// Bearer header only; every API response's rate-limit headers are read into a budget.
import { parseBudget, type RateBudget } from './budget.ts';
import { faultError, TransientError, type Fault } from './errors.ts';
import type { DetailedActivity, Lap, StreamSet, SummaryActivity, SummaryAthlete, TokenResponse } from './types.ts';

export const STRAVA_OAUTH_URL = 'https://www.strava.com/oauth';
export const STRAVA_API_URL = 'https://www.strava.com/api/v3';

export interface StravaClientOptions {
  clientId: string;
  clientSecret: string;
  /** Base of `/authorize`, `/token`, `/deauthorize` (default https://www.strava.com/oauth). */
  oauthUrl?: string;
  /** Base of the API (default https://www.strava.com/api/v3). */
  apiUrl?: string;
  /** The newer revoke endpoint (Basic client auth); when set, `revoke` uses it instead of `/deauthorize`. */
  revokeUrl?: string;
  timeoutMs?: number;
  /** Called with the budget of every API response that carries one (429s included). */
  onBudget?: (budget: RateBudget, status: number) => void;
  fetch?: typeof fetch;
}

export interface ApiResult<T> {
  data: T;
  budget: RateBudget | null;
  status: number;
}

export interface ListParams {
  before?: number;
  after?: number;
  page?: number;
  perPage?: number;
}

export const STREAM_KEYS = ['time', 'distance', 'latlng', 'altitude', 'heartrate', 'cadence'] as const;

const trim = (u: string) => u.replace(/\/+$/, '');

export class StravaClient {
  readonly oauthUrl: string;
  readonly apiUrl: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: StravaClientOptions) {
    this.oauthUrl = trim(options.oauthUrl ?? STRAVA_OAUTH_URL);
    this.apiUrl = trim(options.apiUrl ?? STRAVA_API_URL);
    this.doFetch = options.fetch ?? fetch;
  }

  /** Where to send the runner's browser. */
  authorizeUrl(p: { redirectUri: string; scope: string; state: string; approvalPrompt?: 'auto' | 'force' }): string {
    const u = new URL(`${this.oauthUrl}/authorize`);
    u.search = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: p.redirectUri,
      response_type: 'code',
      approval_prompt: p.approvalPrompt ?? 'auto',
      scope: p.scope,
      state: p.state,
    }).toString();
    return u.toString();
  }

  exchangeCode(code: string): Promise<TokenResponse> {
    return this.token({ grant_type: 'authorization_code', code });
  }

  refresh(refreshToken: string): Promise<TokenResponse> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  /** Revokes the whole grant (every token of it). */
  async revoke(token: string): Promise<void> {
    if (this.options.revokeUrl) {
      const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
      await this.send(
        'POST',
        this.options.revokeUrl,
        { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        new URLSearchParams({ token }).toString(),
      );
      return;
    }
    await this.send('POST', `${this.oauthUrl}/deauthorize`, { authorization: `Bearer ${token}` });
  }

  athlete(token: string): Promise<ApiResult<SummaryAthlete>> {
    return this.get(token, '/athlete');
  }

  /** One page of the athlete's activities (per_page ≤ 200). A page may be short before the end. */
  listActivities(token: string, p: ListParams = {}): Promise<ApiResult<SummaryActivity[]>> {
    const q = new URLSearchParams();
    if (p.before !== undefined) q.set('before', String(Math.floor(p.before)));
    if (p.after !== undefined) q.set('after', String(Math.floor(p.after)));
    q.set('page', String(p.page ?? 1));
    q.set('per_page', String(Math.min(200, p.perPage ?? 200)));
    return this.get(token, `/athlete/activities?${q}`);
  }

  /** Every page until an empty one (short pages do not end it). */
  async *allActivities(token: string, p: Omit<ListParams, 'page'> = {}): AsyncGenerator<SummaryActivity[]> {
    for (let page = 1; ; page++) {
      const { data } = await this.listActivities(token, { ...p, page });
      if (data.length === 0) return;
      yield data;
    }
  }

  activity(token: string, id: number | string): Promise<ApiResult<DetailedActivity>> {
    return this.get(token, `/activities/${id}?include_all_efforts=false`);
  }

  streams(token: string, id: number | string, keys: readonly string[] = STREAM_KEYS): Promise<ApiResult<StreamSet>> {
    return this.get(token, `/activities/${id}/streams?keys=${keys.join(',')}&key_by_type=true`);
  }

  laps(token: string, id: number | string): Promise<ApiResult<Lap[]>> {
    return this.get(token, `/activities/${id}/laps`);
  }

  private async token(form: Record<string, string>): Promise<TokenResponse> {
    const body = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      ...form,
    });
    const { data } = await this.send<TokenResponse>(
      'POST',
      `${this.oauthUrl}/token`,
      { 'content-type': 'application/x-www-form-urlencoded' },
      body.toString(),
    );
    return data;
  }

  private get<T>(token: string, path: string): Promise<ApiResult<T>> {
    return this.send<T>('GET', `${this.apiUrl}${path}`, { authorization: `Bearer ${token}` });
  }

  private async send<T>(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await this.doFetch(url, {
        method,
        headers: { accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        redirect: 'manual',
      });
    } catch (err) {
      throw new TransientError(
        `Strava could not be reached: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`,
        0,
      );
    }
    const budget = parseBudget(res.headers);
    if (budget) this.options.onBudget?.(budget, res.status);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new TransientError(
        `Strava dropped the connection: ${err instanceof Error ? err.message : String(err)}`,
        0,
        null,
        budget,
      );
    }
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (res.status < 200 || res.status >= 300) {
      throw faultError(
        res.status,
        parsed && typeof parsed === 'object' ? (parsed as Fault) : { message: text.slice(0, 200) },
        budget,
      );
    }
    if (parsed === null && text)
      throw new TransientError('Strava answered with invalid JSON', res.status, null, budget);
    return { data: parsed as T, budget, status: res.status };
  }
}

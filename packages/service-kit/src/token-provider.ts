import { request } from 'undici';

export interface TokenProvider {
  /** A valid access token, fetched once and reused until shortly before it expires. */
  getToken(): Promise<string>;
}

export interface ClientCredentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** OAuth2 client credentials against the token dealer; one fetch at a time. */
export function clientCredentialsProvider(creds: ClientCredentials): TokenProvider {
  let cached: { token: string; renewAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      ...(creds.scope ? { scope: creds.scope } : {}),
    });
    const res = await request(creds.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(creds.clientId)}:${encodeURIComponent(creds.clientSecret)}`).toString('base64')}`,
      },
      body: body.toString(),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    const json = (await res.body.json()) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (res.statusCode !== 200 || !json.access_token) {
      throw new Error(
        `token dealer refused client ${creds.clientId}: ${json.error ?? res.statusCode} ${json.error_description ?? ''}`.trim(),
      );
    }
    const ttl = json.expires_in ?? 60;
    cached = { token: json.access_token, renewAt: Date.now() + Math.max(1, ttl - Math.min(60, ttl / 5)) * 1000 };
    return json.access_token;
  }
  return {
    async getToken() {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
  };
}

import type { UserTokenSource } from './user-tokens.ts';
import type { Upstreams } from './upstreams.ts';

export interface GatewaySettings {
  /** Cookies get `Secure` and responses HSTS (PUBLIC_URL is https). */
  https: boolean;
  sessionTtlSeconds: number;
  rateLimitAuth: number;
  rateLimitApi: number;
  /** The development mailbox folder; null when mail goes out by SMTP. */
  mailboxDir: string | null;
  dashboardDir: string;
}

export interface GatewayDeps {
  settings: GatewaySettings;
  sessionKey: Buffer;
  /** Clients of the upstream services, authenticated with the gateway's own service token. */
  upstreams: Upstreams;
  userTokens: UserTokenSource;
}

import { TOKEN_EXCHANGE_GRANT, USER_ID_TOKEN_TYPE, scopes as scopeNames, type TokenRequest } from '@runnerly/contracts';
import type { Client } from '../store.ts';
import { oauthErrors } from '../errors.ts';

export interface GrantDecision {
  subject: string;
  tokenUse: 'service' | 'user';
  scope: string[];
  issuedTokenType?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decides what an authenticated client gets for a token request (RFC 6749 §4.4, RFC 8693). */
export function decideGrant(client: Client, request: TokenRequest): GrantDecision {
  const requested = request.scope?.split(' ').filter(Boolean);
  if (request.grant_type === 'client_credentials') {
    return { subject: client.clientId, tokenUse: 'service', scope: pickScopes(requested, client.scopes) };
  }
  if (request.grant_type === TOKEN_EXCHANGE_GRANT) {
    if (!client.scopes.includes(scopeNames.tokenExchange)) throw oauthErrors.mayNotExchange();
    if (request.subject_token_type !== USER_ID_TOKEN_TYPE) throw oauthErrors.subjectTokenType(USER_ID_TOKEN_TYPE);
    if (!request.subject_token || !UUID.test(request.subject_token)) throw oauthErrors.subjectToken();
    return {
      subject: request.subject_token.toLowerCase(),
      tokenUse: 'user',
      scope: pickScopes(requested, client.userScopes),
      issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    };
  }
  throw oauthErrors.unsupportedGrant(request.grant_type);
}

function pickScopes(requested: string[] | undefined, allowed: string[]): string[] {
  if (!requested || requested.length === 0) return [...allowed];
  const refused = requested.filter((s) => !allowed.includes(s));
  if (refused.length) throw oauthErrors.invalidScope(refused);
  return [...new Set(requested)];
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1) or the body; exactly one way. */
export function clientCredentialsOf(
  authorization: string | undefined,
  body: TokenRequest,
): { id: string; secret: string } {
  if (authorization?.toLowerCase().startsWith('basic ')) {
    if (body.client_secret) throw oauthErrors.credentialsTwice();
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw oauthErrors.malformedBasic();
    try {
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    } catch {
      throw oauthErrors.malformedBasic();
    }
  }
  if (!body.client_id || !body.client_secret) throw oauthErrors.clientAuthRequired();
  return { id: body.client_id, secret: body.client_secret };
}

import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { TOKEN_AUDIENCE } from '@runnerly/contracts';
import { AppError, forbidden, unauthorized } from './errors.ts';

/** Who is calling: a service acting for anyone, or a runner through a user token. */
export interface AuthContext {
  subject: string;
  clientId: string;
  /** Set for user tokens: the only user whose data this call may touch. */
  userId: string | null;
  scopes: ReadonlySet<string>;
  expiresAt: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Scopes the caller's token must all hold. */
    scopes?: string[];
    /** No token needed (the route protects itself, e.g. the OAuth token endpoint). */
    public?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export interface VerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience?: string;
  /** Pinned: a token signed with anything else is refused, whatever its header says. */
  algorithms?: string[];
  /** Verified tokens kept until they expire. */
  cacheSize?: number;
  /**
   * The longest lifetime (exp - iat) of a token accepted here, in seconds (default an hour: the
   * token dealer's longest by default is 15 min). A token without iat, issued in the future or
   * living longer is refused, however well signed: a key that leaked, or a dealer misconfigured,
   * cannot mint tokens that outlive a rotation.
   */
  maxLifetimeSeconds?: number;
  /** A key set fetched from elsewhere (tests); defaults to the remote JWKS. */
  keySet?: JWTVerifyGetKey;
}

/** The longest token lifetime a verifier accepts unless told otherwise (TOKEN_MAX_LIFETIME_SECONDS). */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3600;
const CLOCK_TOLERANCE_SECONDS = 5;

export interface Verifier {
  verify(token: string): Promise<AuthContext>;
}

/**
 * JWT verification against the token dealer's JWKS: keys fetched once and cached, fetched
 * again when a token names an unknown `kid` (rotation); algorithm, issuer, audience, expiry
 * and lifetime checked; verified tokens cached until they expire.
 */
export function createVerifier(options: VerifierOptions): Verifier {
  const keySet =
    options.keySet ??
    createRemoteJWKSet(new URL(options.jwksUrl), {
      cooldownDuration: 1_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 3_000,
    });
  const algorithms = options.algorithms ?? ['EdDSA'];
  const audience = options.audience ?? TOKEN_AUDIENCE;
  const max = options.cacheSize ?? 10_000;
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const cache = new Map<string, AuthContext>();
  return {
    async verify(token) {
      const now = Math.floor(Date.now() / 1000);
      const hit = cache.get(token);
      if (hit) {
        if (hit.expiresAt > now) return hit;
        cache.delete(token);
      }
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          algorithms,
          issuer: options.issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        }));
      } catch (err) {
        throw unauthorized(describeJoseError(err));
      }
      const scope = typeof payload.scope === 'string' ? payload.scope : '';
      const use = payload.token_use;
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || (use !== 'service' && use !== 'user')) {
        throw unauthorized('The token is missing required claims.');
      }
      if (typeof payload.iat !== 'number') throw unauthorized('The token has no issued-at (iat) claim.');
      if (payload.iat > now + CLOCK_TOLERANCE_SECONDS) throw unauthorized('The token is issued in the future.');
      if (payload.exp - payload.iat > maxLifetime)
        throw unauthorized(`The token lives longer than the ${maxLifetime} s accepted here.`);
      const context: AuthContext = {
        subject: payload.sub,
        clientId: typeof payload.client_id === 'string' ? payload.client_id : payload.sub,
        userId: use === 'user' ? payload.sub : null,
        scopes: new Set(scope.split(' ').filter(Boolean)),
        expiresAt: payload.exp,
      };
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(token, context);
      return context;
    },
  };
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'The token has expired.';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${err.claim} claim is not accepted here.`;
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return "The token's signing algorithm is not accepted.";
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The token was not signed by a known key.';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  if (err instanceof joseErrors.JWKSTimeout) return "The token dealer's keys could not be fetched in time.";
  return 'The token is malformed or invalid.';
}

/**
 * onRequest hook for a service's routes: every route needs a valid token unless marked
 * `config.public`, and must hold every scope in `config.scopes`.
 */
export function authHook(verifier: Verifier) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const config = request.routeOptions.config;
    request.auth = null;
    if (config.public) return;
    const header = request.headers.authorization;
    if (!header) throw unauthorized();
    const [kind, token] = header.split(' ');
    if (kind?.toLowerCase() !== 'bearer' || !token)
      throw unauthorized('Use an `Authorization: Bearer <token>` header.');
    const auth = await verifier.verify(token);
    const missing = (config.scopes ?? []).filter((s) => !auth.scopes.has(s));
    if (missing.length) throw forbidden(`The token lacks the scope ${missing.join(', ')}.`);
    request.auth = auth;
    void reply;
  };
}

/** The token may act for this user: a service token, or this user's own token. */
export function assertUser(auth: AuthContext | null, userId: string): void {
  if (!auth) throw unauthorized();
  if (auth.userId !== null && auth.userId !== userId)
    throw new AppError(403, 'forbidden', "A user token only reaches its own user's data.");
}

/** For resources looked up by id: another user's resource is reported as absent. */
export function ownsOrService(auth: AuthContext | null, ownerId: string): boolean {
  return !!auth && (auth.userId === null || auth.userId === ownerId);
}

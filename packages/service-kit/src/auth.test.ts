import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { AppError } from './errors.ts';
import { assertUser, createVerifier } from './auth.ts';

const { publicKey, privateKey } = await generateKeyPair('EdDSA');
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
const verifier = createVerifier({
  jwksUrl: 'http://unused',
  issuer: 'runnerly-tokendealer',
  keySet: createLocalJWKSet({ keys: [jwk] }),
});
const base = { sub: 'svc', scope: 'runs:read', client_id: 'svc', token_use: 'service' };

function sign(
  claims: Record<string, unknown>,
  opts: { iss?: string; aud?: string; exp?: number | string; iat?: number | null } = {},
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
    .setIssuer(opts.iss ?? 'runnerly-tokendealer')
    .setAudience(opts.aud ?? 'runnerly')
    .setExpirationTime(opts.exp ?? '5m');
  if (opts.iat !== null) jwt.setIssuedAt(opts.iat);
  return jwt.sign(privateKey);
}

async function rejects(token: string, pattern: RegExp) {
  await assert.rejects(
    verifier.verify(token),
    (err: unknown) => err instanceof AppError && err.statusCode === 401 && pattern.test(err.message),
  );
}

describe('token verification', () => {
  it('accepts a valid token and reads scopes and subject', async () => {
    const ctx = await verifier.verify(await sign(base));
    assert.equal(ctx.clientId, 'svc');
    assert.equal(ctx.userId, null);
    assert.ok(ctx.scopes.has('runs:read'));
  });
  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await rejects(await sign(base, { iat: now - 600, exp: now - 60 }), /expired/);
  });
  it('refuses another audience and another issuer', async () => {
    await rejects(await sign(base, { aud: 'someone-else' }), /aud/);
    await rejects(await sign(base, { iss: 'evil' }), /iss/);
  });
  it('refuses an algorithm other than the pinned one, even from the same key set', async () => {
    const es = await generateKeyPair('ES256');
    const esJwk = { ...(await exportJWK(es.publicKey)), kid: 'k2', alg: 'ES256', use: 'sig' };
    const both = createVerifier({
      jwksUrl: 'http://unused',
      issuer: 'runnerly-tokendealer',
      keySet: createLocalJWKSet({ keys: [jwk, esJwk] }),
    });
    const token = await new SignJWT(base)
      .setProtectedHeader({ alg: 'ES256', kid: 'k2' })
      .setIssuer('runnerly-tokendealer')
      .setAudience('runnerly')
      .setExpirationTime('5m')
      .sign(es.privateKey);
    await assert.rejects(both.verify(token), /algorithm/);
  });
  it('refuses a well-signed token that lives longer than the maximum, has no iat or is issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await rejects(await sign(base, { iat: now, exp: now + 3601 }), /lives longer than the 3600 s/);
    await rejects(await sign(base, { iat: now - 86_400, exp: now + 60 }), /lives longer/);
    await rejects(await sign(base, { iat: null }), /no issued-at/);
    await rejects(await sign(base, { iat: now + 600, exp: now + 900 }), /issued in the future/);
    assert.ok(await verifier.verify(await sign(base, { iat: now, exp: now + 3600 })));
  });
  it('takes its maximum lifetime from its options', async () => {
    const strict = createVerifier({
      jwksUrl: 'http://unused',
      issuer: 'runnerly-tokendealer',
      keySet: createLocalJWKSet({ keys: [jwk] }),
      maxLifetimeSeconds: 600,
    });
    const now = Math.floor(Date.now() / 1000);
    await assert.rejects(strict.verify(await sign(base, { iat: now, exp: now + 900 })), /lives longer than the 600 s/);
    assert.ok(await strict.verify(await sign(base, { iat: now, exp: now + 600 })));
  });
  it('refuses a token without token_use', async () => {
    await rejects(await sign({ sub: 'x', scope: '' }), /claims/);
  });
  it('limits a user token to its own user', async () => {
    const ctx = await verifier.verify(await sign({ ...base, sub: 'u1', token_use: 'user' }));
    assert.equal(ctx.userId, 'u1');
    assert.doesNotThrow(() => assertUser(ctx, 'u1'));
    assert.throws(
      () => assertUser(ctx, 'u2'),
      (e: unknown) => e instanceof AppError && e.statusCode === 403,
    );
  });
});

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { createVerifier, openServiceDatabase } from '@runnerly/service-kit';
import { waitFor } from '@runnerly/testing';
import { tokendealer } from './service.ts';
import { migrations } from './migrations.ts';
import { removeClient } from './store.ts';
import type { TokendealerTables } from './tables.ts';

let sys: TestServices;
const user = '6f1c2b9e-8a47-4c1e-9d2f-3b5a7c9e1f20';
before(async () => {
  sys = await startTestServices('tokens', [tokendealer]);
});
after(async () => {
  await sys.close();
});

async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${sys.urls.tokendealer}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
}

describe('issuing tokens', () => {
  it('issues a short-lived EdDSA JWT with kid, scopes and audience for client credentials', async () => {
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: sys.client.id,
      client_secret: sys.client.secret,
      scope: 'runs:read',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.scope, 'runs:read');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const header = decodeProtectedHeader(res.body.access_token!);
    assert.equal(header.alg, 'EdDSA');
    assert.ok(header.kid);
    const claims = decodeJwt(res.body.access_token!);
    assert.equal(claims.aud, 'runnerly');
    assert.equal(claims.sub, sys.client.id);
    assert.ok(claims.exp! - claims.iat! <= 900);
    // What every service does with it: verified against the published keys.
    const verifier = createVerifier({
      jwksUrl: `${sys.urls.tokendealer}/.well-known/jwks.json`,
      issuer: 'runnerly-tokendealer',
    });
    assert.equal((await verifier.verify(res.body.access_token!)).subject, sys.client.id);
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`${sys.client.id}:${sys.client.secret}`).toString('base64');
    const res = await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` });
    assert.equal(res.status, 200);
  });

  it('refuses a wrong secret and an unknown client with invalid_client 401', async () => {
    for (const form of <Array<Record<string, string>>>[
      { grant_type: 'client_credentials', client_id: sys.client.id, client_secret: 'wrong' },
      { grant_type: 'client_credentials', client_id: 'nobody', client_secret: sys.client.secret },
      { grant_type: 'client_credentials' },
    ]) {
      const res = await tokenRequest(form);
      assert.equal(res.status, 401);
      assert.equal(res.body.error, 'invalid_client');
      assert.equal(res.body.code, 'invalid_client');
      assert.ok(res.headers.get('www-authenticate'));
    }
  });

  it('refuses an unsupported grant type with 400 unsupported_grant_type', async () => {
    const res = await tokenRequest({
      grant_type: 'password',
      client_id: sys.client.id,
      client_secret: sys.client.secret,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'unsupported_grant_type');
  });

  it('answers an unreadable body (malformed JSON, wrong type) with a 4xx {error, code, message}, not a 500', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{bad'],
      ['application/json', '"'],
      ['application/json', ''],
      ['text/plain', 'grant_type=client_credentials'],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(`${sys.urls.tokendealer}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      const json = (await res.json()) as Record<string, string>;
      assert.ok(res.status >= 400 && res.status < 500, `${type} ${JSON.stringify(body)} → ${res.status}`);
      assert.equal(json.error, 'invalid_request');
      assert.equal(typeof json.message, 'string');
      assert.doesNotMatch(String(json.message), /FST_|Unexpected token|serialize/);
    }
  });

  it('refuses scopes the client does not have with invalid_scope', async () => {
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: sys.client.id,
      client_secret: sys.client.secret,
      scope: 'accounts:read',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
  });

  it('lets only exchange clients mint user tokens, scoped to that user', async () => {
    const res = await tokenRequest({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: sys.client.id,
      client_secret: sys.client.secret,
      subject_token: user,
      subject_token_type: 'urn:runnerly:params:oauth:token-type:user-id',
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'unauthorized_client');
    const token = await sys.userToken(user);
    const claims = decodeJwt(token);
    assert.equal(claims.sub, user);
    assert.equal(claims.token_use, 'user');
  });
});

describe('clients changed while they ask for tokens', () => {
  const ask = (c: { clientId: string; clientSecret: string }) =>
    tokenRequest({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });

  it('a new secret works at once; the old one, and a removed client, are refused within a second', async () => {
    const old = await sys.registerClient({ clientId: 'rotating', scopes: ['runs:read'] });
    assert.equal((await ask(old)).status, 200);
    // Another process (the CLI) gives it a new secret: asked with it right away, it is let in.
    const renewed = await sys.registerClient({ clientId: 'rotating', scopes: ['runs:read'] });
    assert.notEqual(renewed.clientSecret, old.clientSecret);
    assert.equal((await ask(renewed)).status, 200);
    await waitFor('the old secret refused', async () => (await ask(old)).status === 401, 3000, 100);

    const database = await openServiceDatabase<TokendealerTables>(
      'tokendealer',
      { databaseUrl: sys.databaseUrls.tokendealer, dataDir: sys.dataDir },
      migrations,
    );
    try {
      assert.equal((await ask(renewed)).status, 200);
      assert.ok(await removeClient(database.db, 'rotating'));
      const refused = await waitFor(
        'the removed client refused',
        async () => {
          const res = await ask(renewed);
          return res.status === 401 && res;
        },
        3000,
        100,
      );
      assert.equal(refused.body.error, 'invalid_client');
    } finally {
      await database.close();
    }
  });
});

describe('lifetimes', () => {
  it('refuses to start when it would issue tokens that live longer than the services accept', async () => {
    await assert.rejects(
      tokendealer.start({
        env: {
          PORT: '0',
          LOG_LEVEL: 'silent',
          DATA_DIR: sys.dataDir,
          ...(sys.databaseUrls.tokendealer ? { DATABASE_URL: sys.databaseUrls.tokendealer } : {}),
          TOKEN_TTL_SECONDS: '7200',
        },
      }),
      /must not exceed TOKEN_MAX_LIFETIME_SECONDS \(3600\)/,
    );
  });
});

describe('key rotation on request', () => {
  it('is refused with 409 {code, message} and Retry-After while the newest key is young; the JWKS keeps one key', async () => {
    const res = await fetch(`${sys.urls.tokendealer}/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await sys.serviceToken()}` },
    });
    assert.equal(res.status, 409);
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(body.code, 'rotation_too_soon');
    assert.match(body.message, /try again in \d+ s/);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const jwks = (await (await fetch(`${sys.urls.tokendealer}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    assert.equal(jwks.keys.length, 1);
  });
});

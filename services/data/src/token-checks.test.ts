import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair, decodeProtectedHeader, decodeJwt, base64url } from 'jose';
import { startTestServices, type TestServices } from '@runnerly/service-kit/testing';
import { tokendealer } from '@runnerly/tokendealer';
import { data } from './service.ts';

let sys: TestServices;
const user = '6f1c2b9e-8a47-4c1e-9d2f-3b5a7c9e1f20';
before(async () => {
  // Rotation on request is allowed at once here (by default the newest key must be 5 min old).
  sys = await startTestServices('token_checks', [tokendealer, data], {
    env: { TOKENDEALER_KEY_ROTATION_MIN_SECONDS: '0' },
  });
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
const listRuns = (token: string) =>
  fetch(`${sys.urls.data}/users/${user}/runs`, { headers: { authorization: `Bearer ${token}` } });

describe('rejected tokens', () => {
  const expect401 = async (token: string, pattern: RegExp) => {
    const res = await listRuns(token);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { code: string; message: string };
    assert.equal(body.code, 'unauthorized');
    assert.match(body.message, pattern);
  };
  const claims = () => ({
    iss: 'runnerly-tokendealer',
    aud: 'runnerly',
    sub: 'tester',
    scope: 'runs:read runs:write',
    client_id: 'tester',
    token_use: 'service',
  });

  it('refuses a token signed by a key it has never published', async () => {
    const { privateKey } = await generateKeyPair('EdDSA');
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: 'unknown-kid' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect401(token, /not signed by a known key/);
  });

  it('refuses a token signed by another key, even with a known kid', async () => {
    const real = await sys.serviceToken();
    const { kid } = decodeProtectedHeader(real);
    const { privateKey } = await generateKeyPair('EdDSA');
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'EdDSA', kid: kid! })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect401(forged, /signature/);
  });

  it('refuses alg none', async () => {
    const real = await sys.serviceToken();
    const { kid } = decodeProtectedHeader(real);
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid, typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ ...claims(), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 300 }),
    );
    await expect401(`${header}.${payload}.`, /algorithm|malformed|invalid/);
  });

  it('refuses a token for another audience, a tampered payload and garbage', async () => {
    const real = await sys.serviceToken();
    const [h, , s] = real.split('.');
    const otherAud = base64url.encode(JSON.stringify({ ...decodeJwt(real), aud: 'elsewhere' }));
    await expect401(`${h}.${otherAud}.${s}`, /signature/);
    await expect401('not-a-jwt', /malformed/);
    const res = await fetch(`${sys.urls.data}/users/${user}/runs`, { headers: { authorization: `Basic abc` } });
    assert.equal(res.status, 401);
  });

  it("refuses a token missing the route's scope with 403", async () => {
    const token = await sys.serviceToken(['runs:read']);
    const res = await fetch(`${sys.urls.data}/runs/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ runs: [] }),
    });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { message: string }).message, /runs:write/);
  });
});

describe('key rotation', () => {
  it('publishes the new key first, signs with it after the activation delay, and keeps the old one published, so old tokens still verify', async () => {
    const old = await sys.serviceToken();
    const oldKid = decodeProtectedHeader(old).kid;
    const rotate = await fetch(`${sys.urls.tokendealer}/keys/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${old}` },
    });
    assert.equal(rotate.status, 200);
    const { kid } = (await rotate.json()) as { kid: string };
    assert.notEqual(kid, oldKid);
    const jwks = (await (await fetch(`${sys.urls.tokendealer}/.well-known/jwks.json`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    assert.deepEqual(new Set(jwks.keys.map((k) => k.kid)), new Set([kid, oldKid]));
    const basic = Buffer.from(`${sys.client.id}:${sys.client.secret}`).toString('base64');
    // The new key is published at once but signs only after the activation delay.
    const during = (await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).body
      .access_token!;
    assert.equal(decodeProtectedHeader(during).kid, oldKid);
    await new Promise((r) => setTimeout(r, 5200));
    const fresh = (await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${basic}` })).body
      .access_token!;
    assert.equal(decodeProtectedHeader(fresh).kid, kid);
    // The data service learns the new kid by refetching the JWKS; the old token still works.
    assert.equal((await listRuns(fresh)).status, 200);
    assert.equal((await listRuns(old)).status, 200);
  });
});

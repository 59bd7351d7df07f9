import { it } from 'node:test';
import assert from 'node:assert/strict';
import { serviceEnv, type ServiceModule } from '@runnerly/service-kit';
import { sharedSettings } from './registry.ts';

const module = (name: string) =>
  ({
    name,
    description: '',
    defaultPort: 1,
    clientScopes: [],
    start: async () => {
      throw new Error('unused');
    },
  }) as ServiceModule;
const urls = {
  tokendealer: 'http://127.0.0.1:8081',
  strava: 'http://127.0.0.1:8084',
  gateway: 'http://127.0.0.1:8080',
};

it('gives each service its own settings, the shared ones, and never lets them replace its credentials', () => {
  const parent = {
    DATA_DATABASE_URL: 'postgres://x/data',
    STRAVA_CLIENT_ID: '42',
    STRAVA_CLIENT_SECRET: 's',
    STRAVA_POLL_MINUTES: '5',
    SMTP_URL: 'smtp://mail',
    UNRELATED: 'no',
  };
  const strava = serviceEnv(
    module('strava'),
    parent,
    urls,
    { clientId: 'strava', clientSecret: 'secret' },
    { LOG_LEVEL: 'info' },
    sharedSettings,
  );
  assert.equal(strava.CLIENT_ID, 'strava');
  assert.equal(strava.CLIENT_SECRET, 'secret');
  assert.equal(strava.STRAVA_CLIENT_ID, '42');
  assert.equal(strava.POLL_MINUTES, '5');
  assert.equal(strava.PORT, '8084');
  assert.equal(strava.TOKENDEALER_URL, 'http://127.0.0.1:8081');
  assert.equal(strava.DASHBOARD_URL, 'http://127.0.0.1:8080');
  assert.equal(strava.SMTP_URL, 'smtp://mail');
  assert.equal(strava.UNRELATED, undefined);
  assert.equal(strava.DATABASE_URL, undefined);
  assert.equal(
    serviceEnv(module('data'), parent, { ...urls, data: 'http://127.0.0.1:8083' }, undefined, {}, sharedSettings)
      .DATABASE_URL,
    'postgres://x/data',
  );
});

/**
 * The scope catalogue. A service token holding a scope may act for any user; a user token
 * (issued through token exchange for a signed-in runner) only ever reaches its own data.
 */
export const scopes = {
  runsRead: 'runs:read',
  runsWrite: 'runs:write',
  tokenExchange: 'token:exchange',
  keysRotate: 'keys:rotate',
  racesRead: 'races:read',
  racesWrite: 'races:write',
  plansRead: 'plans:read',
  plansWrite: 'plans:write',
} as const;
export type Scope = (typeof scopes)[keyof typeof scopes] | (string & {});

/** Scopes a user token may carry. */
export const userScopes = [scopes.runsRead, scopes.runsWrite] as const;

export const TOKEN_AUDIENCE = 'runnerly';
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const USER_ID_TOKEN_TYPE = 'urn:runnerly:params:oauth:token-type:user-id';

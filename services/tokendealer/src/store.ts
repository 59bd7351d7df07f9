import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Credentials, ClientSpec } from '@runnerly/service-kit';
import type { TokendealerTables } from './tables.ts';
import { hashSecret } from './domain/secrets.ts';

export interface Client {
  clientId: string;
  name: string;
  scopes: string[];
  userScopes: string[];
  disabled: boolean;
}

export interface NewClient {
  clientId: string;
  name?: string;
  scopes: string[];
  userScopes?: string[];
  /** The secret to register (an operator's, from a Kubernetes Secret); by default a new random one. */
  clientSecret?: string;
}

const CLIENT_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Registers a client (or gives an existing one a new secret) and returns the secret:
 * this is the only time it exists in clear.
 */
export async function upsertClient(
  db: Kysely<TokendealerTables>,
  client: NewClient,
): Promise<{ clientId: string; clientSecret: string }> {
  if (!CLIENT_ID.test(client.clientId))
    throw new Error(`client id "${client.clientId}" must be lowercase letters, digits, dot, dash or underscore`);
  if (client.clientSecret !== undefined && client.clientSecret.length < 32)
    throw new Error(`the secret of client "${client.clientId}" must be at least 32 characters`);
  const clientSecret = client.clientSecret ?? randomBytes(32).toString('base64url');
  const row = {
    client_id: client.clientId,
    name: client.name ?? client.clientId,
    secret_hash: hashSecret(clientSecret),
    scopes: client.scopes.join(' '),
    user_scopes: (client.userScopes ?? []).join(' '),
    created_at: new Date().toISOString(),
    disabled: 0,
  };
  await db
    .insertInto('clients')
    .values(row)
    .onConflict((oc) =>
      oc.column('client_id').doUpdateSet({
        secret_hash: row.secret_hash,
        scopes: row.scopes,
        user_scopes: row.user_scopes,
        name: row.name,
        disabled: 0,
      }),
    )
    .execute();
  return { clientId: client.clientId, clientSecret };
}

export async function findClientWithHash(
  db: Kysely<TokendealerTables>,
  clientId: string,
): Promise<(Client & { secretHash: string }) | undefined> {
  const row = await db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  if (!row) return undefined;
  return { ...toClient(row), secretHash: row.secret_hash };
}

/** A client as the token endpoint checks it, and whether it came from the cache. */
export type CheckedClient = Client & { secretHash: string; cached: boolean };

/**
 * Client lookups for the token endpoint: a found client is kept for `ttlMs`, so a service
 * asking for tokens does not cost a query each time. Only `find(id, { fresh: true })` skips
 * the cache: the endpoint asks that way before it refuses, so a client registered or given a
 * new secret a moment ago is let in at once. A client removed, disabled or given a new secret
 * keeps getting tokens for at most `ttlMs`: a second, against minutes for the tokens it
 * already holds. Unknown ids are not kept (no one fills the cache with made-up ids).
 */
export function clientLookup(db: Kysely<TokendealerTables>, ttlMs = 1000, max = 1000) {
  const kept = new Map<string, { client: Client & { secretHash: string }; until: number }>();
  return {
    async find(clientId: string, options: { fresh?: boolean } = {}): Promise<CheckedClient | undefined> {
      const now = Date.now();
      const hit = options.fresh ? undefined : kept.get(clientId);
      if (hit && hit.until > now) return { ...hit.client, cached: true };
      const client = await findClientWithHash(db, clientId);
      if (!client) {
        kept.delete(clientId);
        return undefined;
      }
      if (kept.size >= max && !kept.has(clientId)) kept.delete(kept.keys().next().value as string);
      kept.set(clientId, { client, until: now + ttlMs });
      return { ...client, cached: false };
    },
  };
}

export async function listClients(db: Kysely<TokendealerTables>): Promise<Client[]> {
  const rows = await db.selectFrom('clients').selectAll().orderBy('client_id').execute();
  return rows.map(toClient);
}

export async function removeClient(db: Kysely<TokendealerTables>, clientId: string): Promise<boolean> {
  const res = await db.deleteFrom('clients').where('client_id', '=', clientId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

function toClient(row: TokendealerTables['clients']): Client {
  return {
    clientId: row.client_id,
    name: row.name,
    scopes: row.scopes.split(' ').filter(Boolean),
    userScopes: row.user_scopes.split(' ').filter(Boolean),
    disabled: Number(row.disabled) === 1,
  };
}

/**
 * Gives every client of the list its credentials: a known secret is kept while the stored
 * client still has it with the same scopes; any other gets a new secret.
 */
export async function registerClients(
  db: Kysely<TokendealerTables>,
  clients: ClientSpec[],
  known: Map<string, Credentials> = new Map(),
): Promise<Map<string, Credentials>> {
  const out = new Map<string, Credentials>();
  for (const spec of clients) {
    const existing = known.get(spec.clientId);
    const row = existing
      ? await db.selectFrom('clients').selectAll().where('client_id', '=', existing.clientId).executeTakeFirst()
      : undefined;
    const current =
      existing &&
      row &&
      Number(row.disabled) === 0 &&
      row.scopes === spec.scopes.join(' ') &&
      row.user_scopes === (spec.userScopes ?? []).join(' ') &&
      row.secret_hash === hashSecret(existing.clientSecret);
    out.set(spec.clientId, current ? existing : await upsertClient(db, spec));
  }
  return out;
}

// Where the fuzz test sends its requests: every operation of every service directly, the
// gateway's own operations, and the operations the gateway routes (`/api/<service>/…`), each
// checked against the gateway's declaration and the upstream's.
import { routingTable } from '@runnerly/gateway';
import { operations, type Operation } from './requests.ts';
import type { Schema } from './generate.ts';

export interface Target {
  /** The service whose data the request may change (for the snapshot). */
  owner: string;
  op: Operation;
  /** Sent to the gateway (with the runner's session) rather than to the service itself. */
  viaGateway: boolean;
  /** Path prefix at the gateway (`/api/data`). */
  prefix: string;
  /** The gateway's operation that answers it (its wildcard route), for a routed request. */
  gatewayOp?: Operation;
}

/** Operations only sent malformed: done for real they end the runner, the session or the keys. */
const refusedOnly = new Set([
  'accounts DELETE /users/{userId}',
  'gateway DELETE /api/me',
  'gateway POST /api/auth/logout',
  'gateway DELETE /api/me/sessions',
  'gateway DELETE /api/me/sessions/{id}',
  'tokendealer POST /keys/rotate',
]);

export const onlyMalformed = (op: Operation) => refusedOnly.has(`${op.service} ${op.method} ${op.path}`);

function routed(service: string, op: Operation): boolean {
  const parts = op.path.split('/');
  return (routingTable[service] ?? []).some(([method, pattern]) => {
    const want = pattern.split('/');
    return (
      method === op.method &&
      want.length === parts.length &&
      want.every((w, i) => (w.startsWith(':') ? /^\{.+\}$/.test(parts[i]!) : w === parts[i]))
    );
  });
}

/** Which service's data a gateway operation changes. */
function gatewayOwner(path: string): string {
  const m = /^\/api\/([a-z]+)\//.exec(path);
  if (m && m[1] !== 'me' && m[1] !== 'auth' && m[1] !== 'mailbox') return m[1]!;
  return 'accounts';
}

export function fuzzTargets(docs: Record<string, Schema>): Target[] {
  const targets: Target[] = [];
  const gatewayOps = docs.gateway ? operations('gateway', docs.gateway) : [];
  for (const [service, doc] of Object.entries(docs)) {
    if (service === 'gateway') continue;
    for (const op of operations(service, doc)) {
      targets.push({ owner: service, op, viaGateway: false, prefix: '' });
      if (!routed(service, op)) continue;
      const gatewayOp = gatewayOps.find((g) => g.method === op.method && g.path === `/api/${service}/{*}`);
      if (gatewayOp) targets.push({ owner: service, op, viaGateway: true, prefix: `/api/${service}`, gatewayOp });
    }
  }
  for (const op of gatewayOps)
    if (!op.path.endsWith('/{*}')) targets.push({ owner: gatewayOwner(op.path), op, viaGateway: true, prefix: '' });
  return targets;
}

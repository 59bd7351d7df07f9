// The fuzz loop: `count` requests drawn from a seed over every target, each sent with no
// token, a service token or the runner's user token (through the gateway: the runner's
// session and CSRF token, or none), each answer checked, and the owner's data compared before
// and after every request that changes something and was refused.
import { Random } from './generate.ts';
import { buildRequest, type FuzzRequest } from './requests.ts';
import { ResponseChecker } from './check.ts';
import { fuzzTargets, onlyMalformed, type Target } from './targets.ts';
import type { FuzzSystem } from './system.ts';

export interface FuzzFigures {
  requests: number;
  perService: Record<string, number>;
  statuses: Record<string, number>;
  serverErrors: number;
  failures: string[];
}

const TIMEOUT_MS = 10_000;
const changes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(
  system: FuzzSystem,
  target: Target,
  request: FuzzRequest,
  auth: string,
): Promise<{ status: number; contentType: string; text: string }> {
  const base = target.viaGateway ? system.sys.urls.gateway! : system.sys.urls[target.op.service]!;
  const headers = { ...request.headers };
  if (target.viaGateway && auth !== 'none') {
    headers.cookie = system.session.cookie;
    if (changes.has(request.method)) headers['x-csrf-token'] = system.session.csrf;
  } else if (auth === 'service') headers.authorization = `Bearer ${system.tokens.service}`;
  else if (auth === 'user') headers.authorization = `Bearer ${system.tokens.user}`;
  const res = await fetch(`${base}${request.url}`, {
    method: request.method,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

const describe = (t: Target, r: FuzzRequest, auth: string) =>
  `${t.viaGateway ? 'via gateway' : 'direct'} ${r.method} ${r.url.slice(0, 160)} [${r.kind}, ${auth}]`;

export async function fuzz(system: FuzzSystem, seed: number, count: number): Promise<FuzzFigures> {
  const random = new Random(seed);
  const targets = fuzzTargets(system.docs);
  const checker = new ResponseChecker(system.docs);
  const figures: FuzzFigures = { requests: 0, perService: {}, statuses: {}, serverErrors: 0, failures: [] };
  const fail = (message: string) => {
    if (figures.failures.length < 50 && !figures.failures.includes(message)) figures.failures.push(message);
  };
  for (let i = 0; i < count; i++) {
    const target = random.pick(targets);
    let request = buildRequest(target.op, random, system.known, target.prefix);
    for (let tries = 0; onlyMalformed(target.op) && !request.malformed && tries < 20; tries++)
      request = buildRequest(target.op, random, system.known, target.prefix);
    // Done for real they would end the runner or the session: sent well-formed only without credentials.
    const anonymous = onlyMalformed(target.op) && !request.malformed;
    const auth = anonymous
      ? 'none'
      : target.viaGateway
        ? random.pick(['session', 'session', 'session', 'none'])
        : random.pick(['none', 'service', 'user']);
    const mutating = changes.has(request.method);
    const before = mutating ? await system.snapshot(target.owner) : undefined;
    let answer;
    try {
      answer = await send(system, target, request, auth);
    } catch (err) {
      fail(`${describe(target, request, auth)}: no answer (${(err as Error).name}: ${(err as Error).message})`);
      continue;
    }
    figures.requests++;
    const where = target.viaGateway ? `gateway→${target.owner}` : target.op.service;
    figures.perService[where] = (figures.perService[where] ?? 0) + 1;
    figures.statuses[answer.status] = (figures.statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) figures.serverErrors++;
    const declaredBy = target.gatewayOp ?? target.op;
    const problems = checker.problems(declaredBy, answer, target.gatewayOp ? target.op : undefined, request.offRoute);
    for (const p of problems) fail(`${describe(target, request, auth)}: ${p}`);
    if (before !== undefined && answer.status >= 400 && before !== (await system.snapshot(target.owner)))
      fail(`${describe(target, request, auth)}: refused with ${answer.status} but ${target.owner}'s data changed`);
  }
  return figures;
}

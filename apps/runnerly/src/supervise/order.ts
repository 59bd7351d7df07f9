import { envPrefix, type ServiceModule } from '@runnerly/service-kit';

/**
 * What each service waits for before it starts: the services whose `<SERVICE>_URL` it reads, the
 * token dealer for every service (it serves the keys the others verify tokens with and their own
 * tokens). Only services of `modules` count.
 */
export function dependencies(modules: readonly ServiceModule[]): Map<string, string[]> {
  const names = new Set(modules.map((m) => m.name));
  return new Map(
    modules.map((m) => {
      const settings = new Set(Object.keys(m.settings ?? {}));
      const deps = modules
        .filter((o) => o !== m && (settings.has(`${envPrefix(o.name)}URL`) || o.name === 'tokendealer'))
        .map((o) => o.name)
        .filter((n) => names.has(n));
      return [m.name, deps];
    }),
  );
}

/**
 * The services in start order: each after the ones it depends on, otherwise in the given order.
 * A cycle (none today) cannot be ordered: its services start in the given order, said in `cycle`.
 */
export function startOrder(modules: readonly ServiceModule[]): { order: string[]; cycle: string[] } {
  const deps = dependencies(modules);
  const order: string[] = [];
  const left = modules.map((m) => m.name);
  while (left.length) {
    const next = left.find((n) => deps.get(n)!.every((d) => order.includes(d)));
    if (!next) return { order: [...order, ...left], cycle: left };
    order.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return { order, cycle: [] };
}

/** `strava=2,imports=3` (flags may repeat) as counts per service; a bad entry is an error saying why. */
export function parseReplicas(specs: readonly string[], known: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const part of specs
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z0-9-]*)=([0-9]+)$/.exec(part);
    if (!m) throw new Error(`--replicas takes service=count (e.g. strava=2), not "${part}"`);
    const [, name, count] = m;
    if (!known.includes(name!)) throw new Error(`--replicas: no service "${name}"; services: ${known.join(', ')}`);
    const n = Number(count);
    if (n < 1 || n > 9) throw new Error(`--replicas: ${name} takes 1 to 9 replicas, not ${count}`);
    out.set(name!, n);
  }
  return out;
}

/** Replica 1 listens where the others reach the service; replica k on that port + 100·(k−1). */
export function replicaPort(port: number, replica: number): number {
  return port + 100 * (replica - 1);
}

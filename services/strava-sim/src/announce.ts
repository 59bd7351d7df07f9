// Webhook events the world produces: activities appearing as the clock passes them, edits
// and deletions through the control API, and deauthorizations.
import type { Sim } from './options.ts';
import type { Skeleton } from './schedule.ts';

const canSee = (scope: string[], s: Skeleton): boolean =>
  s.visibility !== 'only_me' || scope.includes('activity:read_all');

/** Announces (aspect create) the activities that became visible since the last call. */
export function announceAppeared(sim: Sim): number {
  const now = sim.clock.now();
  const from = sim.announcedUntil;
  sim.announcedUntil = now;
  const clientId = sim.options.clientId;
  if (now <= from || !sim.webhooks.get(clientId)) return 0;
  let n = 0;
  for (const g of sim.tokens.grantsOf(clientId)) {
    const a = sim.world.athlete(g.athleteId);
    if (!a) continue;
    for (const s of sim.world.appeared(a, from, now)) {
      if (!canSee(g.scope, s)) continue;
      sim.webhooks.emit(clientId, {
        object_type: 'activity',
        object_id: s.id,
        aspect_type: 'create',
        updates: {},
        owner_id: a.id,
        event_time: Math.floor(s.visibleAtMs / 1000),
      });
      n++;
    }
  }
  return n;
}

export function announceActivity(
  sim: Sim,
  ownerId: number,
  s: Skeleton,
  aspect: 'create' | 'update' | 'delete',
  updates: Record<string, string> = {},
): boolean {
  const g = sim.tokens.grantOf(sim.options.clientId, ownerId);
  if (!g) return false;
  // An activity made private is announced (so the app can hide it); others need read_all.
  if (aspect !== 'delete' && !canSee(g.scope, s) && updates.private !== 'true') return false;
  return (
    sim.webhooks.emit(sim.options.clientId, {
      object_type: 'activity',
      object_id: s.id,
      aspect_type: aspect,
      updates,
      owner_id: ownerId,
      event_time: sim.clock.nowSeconds(),
    }) !== null
  );
}

/** Revokes the athlete's grant and sends the deauthorization event (athlete/update, authorized "false"). */
export function deauthorize(sim: Sim, athleteId: number, clientId = sim.options.clientId): boolean {
  const revoked = sim.tokens.revoke(clientId, athleteId);
  if (revoked) {
    sim.webhooks.emit(clientId, {
      object_type: 'athlete',
      object_id: athleteId,
      aspect_type: 'update',
      updates: { authorized: 'false' },
      owner_id: athleteId,
      event_time: sim.clock.nowSeconds(),
    });
  }
  return revoked;
}

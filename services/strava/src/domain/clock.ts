// The sync clock: real time in production; in tests and the bench, the simulator's clock,
// where waiting for a rate-limit window means moving that clock forward (no 15-minute sleeps).

export interface SyncClock {
  now(): Promise<number>;
  /**
   * Resolves once `now() >= at` (or early when the signal aborts). A clock that jumps instead of
   * waiting jumps only if `mayJump` still says so just before it does.
   */
  waitUntil(at: number, signal?: AbortSignal, mayJump?: () => boolean): Promise<void>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(t);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const systemClock: SyncClock = {
  async now() {
    return Date.now();
  },
  async waitUntil(at, signal) {
    while (!signal?.aborted && Date.now() < at) await sleep(Math.min(at - Date.now(), 60_000), signal);
  },
};

/** Follows the simulator's clock (GET /sim/clock) and drives it forward instead of sleeping. */
export function simulatorClock(simUrl: string): SyncClock {
  const base = simUrl.replace(/\/+$/, '');
  const now = async () => {
    const res = await fetch(`${base}/sim/clock`);
    const body = (await res.json()) as { now: string };
    return Date.parse(body.now);
  };
  return {
    now,
    async waitUntil(at, signal, mayJump) {
      if (signal?.aborted) return;
      const current = await now();
      if (current >= at || signal?.aborted || (mayJump && !mayJump())) return;
      await fetch(`${base}/sim/clock`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now: new Date(at).toISOString() }),
      });
    },
  };
}

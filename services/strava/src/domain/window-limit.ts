// A request counter over windows that start with the first request after the last one ended
// (pure: the caller passes `now`), for public endpoints. Windows are not aligned to the clock:
// a burst is counted in one window whatever the time of day, never split over two.

export interface WindowLimit {
  /** True when one more request fits in the current window (and counts it). */
  take(now: number): boolean;
}

export function windowLimit(max: number, windowMs: number): WindowLimit {
  let start = -Infinity;
  let used = 0;
  return {
    take(now) {
      if (now - start >= windowMs) {
        start = now;
        used = 0;
      }
      if (used >= max) return false;
      used++;
      return true;
    },
  };
}

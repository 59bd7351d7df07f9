// A fixed-window request counter (pure: the caller passes `now`), for public endpoints.

export interface WindowLimit {
  /** True when one more request fits in the current window (and counts it). */
  take(now: number): boolean;
}

export function windowLimit(max: number, windowMs: number): WindowLimit {
  let start = 0;
  let used = 0;
  return {
    take(now) {
      if (now - start >= windowMs) {
        start = now - (now % windowMs);
        used = 0;
      }
      if (used >= max) return false;
      used++;
      return true;
    },
  };
}

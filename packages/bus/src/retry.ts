/** Delay before delivery number `attempt + 1`: base, 2×base, 4×base … capped at a minute. */
export function retryDelay(attempt: number, baseMs = 1000): number {
  return Math.min(60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

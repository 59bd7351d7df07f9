/** Login throttling: failures counted per account and per address over a sliding window. */
export const throttle = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 20,
} as const;

/**
 * Seconds to wait before another attempt may be made, or 0 when one may be made now.
 * `accountFailures` / `ipFailures` are the failure instants (ms) inside the window, any order.
 */
export function retryAfterSeconds(accountFailures: number[], ipFailures: number[], now: number): number {
  const wait = (failures: number[], limit: number) => {
    if (failures.length < limit) return 0;
    // Once the failure that is `limit` places from the newest leaves the window, one more try is allowed.
    const sorted = [...failures].sort((a, b) => b - a);
    const blocking = sorted[limit - 1]!;
    return Math.max(1, Math.ceil((blocking + throttle.windowMs - now) / 1000));
  };
  return Math.max(wait(accountFailures, throttle.perAccount), wait(ipFailures, throttle.perIp));
}

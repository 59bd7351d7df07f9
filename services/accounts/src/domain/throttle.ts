/**
 * Login throttling, without locking a runner out: failures are counted over a sliding window
 * per (account, client) — that client waits the window out — and per account from anywhere,
 * which only slows every attempt down (the delay doubles with each failure, up to a minute),
 * so that the right password from the runner's own browser still works.
 */
export const throttle = {
  windowMs: 15 * 60_000,
  /** Failures for one account from one client before that client must wait. */
  perClient: 5,
  /** Failures for one account from anywhere before every attempt is slowed down (and the runner told). */
  slowAfter: 10,
  firstDelayMs: 1000,
  maxDelayMs: 60_000,
} as const;

/**
 * Seconds to wait before another attempt may be made, or 0 when one may be made now.
 * `clientFailures` are this client's failures for the account, `accountFailures` everyone's
 * (instants in ms inside the window, any order).
 */
export function retryAfterSeconds(clientFailures: number[], accountFailures: number[], now: number): number {
  let until = 0;
  if (clientFailures.length >= throttle.perClient) {
    // Once the failure `perClient` places from the newest leaves the window, this client may try again.
    const blocking = [...clientFailures].sort((a, b) => b - a)[throttle.perClient - 1]!;
    until = blocking + throttle.windowMs;
  }
  if (accountFailures.length >= throttle.slowAfter) {
    const newest = Math.max(...accountFailures);
    const steps = Math.min(30, accountFailures.length - throttle.slowAfter);
    until = Math.max(until, newest + Math.min(throttle.maxDelayMs, throttle.firstDelayMs * 2 ** steps));
  }
  return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : 0;
}

/** A wait as a person reads it: "45 seconds", "1 minute", "15 minutes". */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Whether this failure is the one that starts slowing the account down: the runner gets a mail. */
export function alertsRunner(accountFailuresBefore: number): boolean {
  return accountFailuresBefore + 1 === throttle.slowAfter;
}

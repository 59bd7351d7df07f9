// Strava push subscriptions: one per application, validated by a GET challenge answered
// within 2 s, then events POSTed to the callback, retried up to 3 times when the callback
// fails or is slower than 2 s.
import { randomBytes } from 'node:crypto';

export interface Subscription {
  id: number;
  clientId: string;
  callbackUrl: string;
  verifyToken: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  updates: Record<string, string>;
  owner_id: number;
  subscription_id: number;
  event_time: number;
}

export interface Delivery {
  event: WebhookEvent;
  attempts: Array<{ at: string; status: number | null; error: string | null; ms: number }>;
  delivered: boolean;
  done: boolean;
}

export interface WebhookOptions {
  timeoutMs: number;
  /** Delays before each retry; its length is the number of retries (Strava: 3). */
  retryDelaysMs: number[];
  nowIso: () => string;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 15000];

export type SubscribeResult =
  { ok: true; subscription: Subscription } | { ok: false; reason: 'exists' | 'verification' };

export class Webhooks {
  private subscriptions = new Map<string, Subscription>();
  private nextId = 120_000 + 1;
  readonly deliveries: Delivery[] = [];
  private pending = new Set<Promise<void>>();
  private timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly options: WebhookOptions) {}

  get(clientId: string): Subscription | null {
    return this.subscriptions.get(clientId) ?? null;
  }

  async subscribe(clientId: string, callbackUrl: string, verifyToken: string): Promise<SubscribeResult> {
    if (this.subscriptions.has(clientId)) return { ok: false, reason: 'exists' };
    const challenge = randomBytes(12).toString('base64url');
    const url = new URL(callbackUrl);
    url.searchParams.set('hub.verify_token', verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    url.searchParams.set('hub.mode', 'subscribe');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      const body: unknown = res.status === 200 ? await res.json() : null;
      if (!body || typeof body !== 'object' || (body as Record<string, unknown>)['hub.challenge'] !== challenge) {
        return { ok: false, reason: 'verification' };
      }
    } catch {
      return { ok: false, reason: 'verification' };
    }
    if (this.subscriptions.has(clientId)) return { ok: false, reason: 'exists' };
    const now = this.options.nowIso();
    const sub: Subscription = { id: this.nextId++, clientId, callbackUrl, verifyToken, createdAt: now, updatedAt: now };
    this.subscriptions.set(clientId, sub);
    return { ok: true, subscription: sub };
  }

  remove(clientId: string, id: number): boolean {
    const s = this.subscriptions.get(clientId);
    if (!s || s.id !== id) return false;
    this.subscriptions.delete(clientId);
    return true;
  }

  /** Queues an event for the application's subscription, if any. Returns the delivery record. */
  emit(clientId: string, event: Omit<WebhookEvent, 'subscription_id'>): Delivery | null {
    const sub = this.subscriptions.get(clientId);
    if (!sub || this.closed) return null;
    const delivery: Delivery = {
      event: { ...event, subscription_id: sub.id },
      attempts: [],
      delivered: false,
      done: false,
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    const p = this.deliver(sub, delivery).finally(() => this.pending.delete(p));
    this.pending.add(p);
    return delivery;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  private async deliver(sub: Subscription, d: Delivery): Promise<void> {
    const { timeoutMs, retryDelaysMs } = this.options;
    for (let attempt = 0; attempt <= retryDelaysMs.length && !this.closed; attempt++) {
      if (attempt > 0) await this.sleep(retryDelaysMs[attempt - 1]!);
      if (this.closed) break;
      const started = performance.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(sub.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(d.event),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        error =
          e instanceof Error ? (e.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : e.message) : String(e);
      }
      const ms = Math.round(performance.now() - started);
      d.attempts.push({ at: this.options.nowIso(), status, error, ms });
      if (status !== null && status >= 200 && status < 300 && ms <= timeoutMs) {
        d.delivered = true;
        break;
      }
      this.options.log?.('webhook delivery failed', {
        attempt: attempt + 1,
        status,
        error,
        object_id: d.event.object_id,
      });
    }
    d.done = true;
  }

  /** Resolves when every queued delivery has finished (delivered or out of retries). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  clear(): void {
    this.subscriptions.clear();
    this.deliveries.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve();
    }
    this.timers.clear();
  }
}

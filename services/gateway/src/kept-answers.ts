import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import { runsVersionOfTag } from '@runnerly/contracts';

/** A data service answer as the gateway passes it on. */
export interface KeptAnswer {
  etag: string;
  /** The runner's version it was computed at (from its ETag). */
  version: number;
  headers: Record<string, string>;
  body: string;
  /** When it was kept (ms, monotonic). */
  at: number;
}

/**
 * The data service's version-tagged answers (they depend on nothing but the runner's runs and the
 * URL), kept per runner and URL, so that Home's reads are answered without a call to the data
 * service while the runner's runs have not changed. Every change is announced (`runs.changed`,
 * with the version it left, relayed from the data service's outbox); an answer older than the
 * latest version known (announced, or seen in another of the runner's answers) is never sent.
 * The gateway's own forwarded writes drop the runner's answers at once. Nothing is sent while the
 * bus listener is out of step (events may be missed), and all is dropped when it is back in step.
 * An answer is kept at most `maxAgeMs`; past that the data service is asked again (and
 * revalidates it with its ETag).
 *
 * The session is checked, and the route matched to the session's runner, before an answer is
 * looked up: it is keyed by the session's user id, and only that runner's own call stored it.
 */
export interface KeptAnswers {
  /** The runner's kept answer for this URL, if it is still their latest. */
  get(userId: string, url: string): KeptAnswer | undefined;
  /** Taken before asking the data service, and given to `keep` with its answer. */
  ticket(): number;
  /**
   * Keeps a 200 answer with a version tag (others are ignored), unless a later version is known
   * or the runner's answers were dropped after its ticket was taken.
   */
  keep(
    userId: string,
    url: string,
    ticket: number,
    answer: { etag: string; headers: Record<string, string>; body: string },
  ): void;
  /** `runs.changed`: answers older than `version` go (all the runner's kept answers are of one version). */
  changed(userId: string, version: number): void;
  /** Every answer of the runner goes (their own write through the gateway; a deleted account). */
  drop(userId: string): void;
  /** The bus listener's state: answers are sent only while it is in step; back in step, all go. */
  step(inStep: boolean): void;
  outcomes: Counter<'outcome'>;
}

export interface KeptAnswersOptions {
  maxBytes?: number;
  maxAgeMs?: number;
}

export function keptAnswers({ maxBytes = 16 * 1024 * 1024, maxAgeMs = 60_000 }: KeptAnswersOptions = {}): KeptAnswers {
  // Per runner, their answers by URL: a change drops them together.
  const answers = new LRUCache<string, Map<string, KeptAnswer>>({
    max: 50_000,
    maxSize: maxBytes,
    ttl: maxAgeMs,
    sizeCalculation: (byUrl) => {
      let size = 64;
      for (const [url, a] of byUrl) size += url.length + a.body.length + 256;
      return size;
    },
  });
  // The latest version known per runner (announced, or seen in an answer), kept as long as an
  // answer older than it could be. A runner's kept answers are all of that version.
  const versions = new LRUCache<string, number>({ max: 200_000, ttl: maxAgeMs * 2 });
  let inStep = false;
  const outcomes = new Counter({
    name: 'gateway_kept_answers_total',
    help: 'Routed data reads by outcome: kept (sent from the kept answer, no upstream call), asked (the data service was called)',
    labelNames: ['outcome'],
    registers: [],
  });
  // When each runner's answers were last dropped, as a ticket: an answer asked for before is not kept.
  const dropped = new LRUCache<string, number>({ max: 200_000, ttl: maxAgeMs * 2 });
  let tickets = 0;
  // Answers asked for before the listener was last back in step may be of a version whose change was missed.
  let floor = 0;
  const latest = (userId: string) => versions.get(userId) ?? -1;
  const changed = (userId: string, version: number) => {
    if (version <= latest(userId)) return;
    versions.set(userId, version);
    answers.delete(userId);
  };

  return {
    outcomes,
    get(userId, url) {
      if (!inStep) return undefined;
      const answer = answers.get(userId)?.get(url);
      return answer && performance.now() - answer.at <= maxAgeMs ? answer : undefined;
    },
    ticket: () => ++tickets,
    keep(userId, url, ticket, { etag, headers, body }) {
      const version = runsVersionOfTag(etag);
      if (!inStep || version === undefined || ticket <= Math.max(floor, dropped.get(userId) ?? 0)) return;
      // An answer of a newer version tells of a change as its event would.
      changed(userId, version);
      if (version < latest(userId)) return;
      const byUrl = new Map(answers.get(userId));
      byUrl.set(url, { etag, version, headers, body, at: performance.now() });
      answers.set(userId, byUrl);
    },
    changed,
    drop(userId) {
      dropped.set(userId, ++tickets);
      answers.delete(userId);
    },
    step(now) {
      if (now && !inStep) {
        answers.clear();
        versions.clear();
        dropped.clear();
        floor = ++tickets;
      }
      inStep = now;
    },
  };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { generatePlan } from './generate-plan.ts';
import { planFeed } from './ical-feed.ts';
import { halfMarathonRequest } from './plan-arbitraries.ts';
import type { PlanRequest } from './plan-types.ts';
import { rebalancePlan } from './rebalance-plan.ts';
import { runFor } from './runs-from-plan.ts';

const request: PlanRequest = { ...halfMarathonRequest, timeZone: 'Pacific/Auckland' };
const plan = generatePlan(request);
const opts = {
  planId: 'c0ffee00-0000-4000-8000-000000000001',
  name: 'Runnerly: Half, Lyon',
  updatedAt: '2026-05-01T08:00:00Z',
};

function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return { cal, events: cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

test('the feed parses back: one all-day event per session, on its date, with title, pace and reason', () => {
  const text = planFeed(plan, opts);
  const { cal, events: evs } = events(text);
  const sessions = plan.weeks.flatMap((w) => w.sessions);
  assert.equal(cal.getFirstPropertyValue('x-wr-calname'), 'Runnerly: Half, Lyon');
  assert.equal(evs.length, sessions.length);
  sessions.forEach((s, i) => {
    const e = evs[i]!;
    assert.equal(e.uid, `${opts.planId}-${s.id}@runnerly`);
    assert.equal(e.startDate.isDate, true);
    assert.equal(e.startDate.toString(), s.date);
    assert.equal(
      e.endDate.toString(),
      new Date(Date.parse(`${s.date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
    );
    assert.equal(e.summary, s.title);
    assert.ok(e.description.includes(s.why), e.description);
    if (s.structure) assert.ok(e.description.includes(s.structure));
  });
  const race = evs.at(-1)!;
  assert.equal(race.summary, 'Race: half marathon');
  assert.equal(race.startDate.toString(), '2026-07-26');
  assert.match(evs.find((e) => e.summary.startsWith('Tempo'))!.description, /target pace \d:\d\d\/km–\d:\d\d\/km\./);
});

test('the same plan gives the same bytes; a moved session keeps its UID on its new date', () => {
  assert.equal(planFeed(plan, opts), planFeed(structuredClone(plan), opts));
  assert.match(planFeed(plan, opts), /DTSTAMP:20260501T080000Z/);
  const week8 = plan.weeks[7]!;
  const runs = [...plan.weeks.slice(0, 7).flatMap((w) => w.sessions.map((s) => runFor(s))), runFor(week8.sessions[0]!)];
  const moved = rebalancePlan(plan, runs, '2026-06-24').plan;
  const tempo = week8.sessions.find((s) => s.type === 'tempo')!;
  const e = events(planFeed(moved, { ...opts, updatedAt: '2026-06-24T06:00:00Z' })).events.find((x) =>
    x.uid.startsWith(`${opts.planId}-${tempo.id}@`),
  )!;
  assert.equal(e.startDate.toString(), '2026-06-24');
});

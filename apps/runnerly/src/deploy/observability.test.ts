import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startEmbedded, type EmbeddedSystem } from '../embedded.ts';
import { repoRoot } from './files.ts';

// The Grafana dashboard and the Prometheus alert rules name only metrics the services export
// (read off their /metrics), or kube-state-metrics' own.
const external = new Set(['kube_pod_container_status_restarts_total']);
const promql = new Set(
  'sum max min avg count rate irate increase delta deriv histogram_quantile by without on ignoring group_left group_right and or unless bool offset abs clamp_min clamp_max topk bottomk label_values le'.split(
    ' ',
  ),
);

/** The metric names of a PromQL expression: strings, label matchers, groupings and ranges taken out. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...new Set(bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])].filter((t) => !promql.has(t));
}

const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy/observability/grafana-dashboard.json'), 'utf8')) as {
  panels: { title: string; targets: { expr: string }[] }[];
  templating: { list: { query?: string }[] };
};
const rules = parse(readFileSync(join(repoRoot, 'deploy/observability/alerts.yaml'), 'utf8')) as {
  groups: { name: string; rules: { alert: string; expr: string; for?: string; annotations: { summary: string } }[] }[];
};

describe('the Grafana dashboard and the alert rules', () => {
  let system: EmbeddedSystem;
  let dataDir: string;
  const exported = new Map<string, string>();
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runnerly-metrics-'));
    system = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: {} });
    for (const url of Object.values(system.urls)) {
      const res = await fetch(`${url}/metrics`);
      if (res.status !== 200) continue; // the Strava simulator has none
      for (const [, name, type] of (await res.text()).matchAll(/^# TYPE (\S+) (\S+)$/gm)) exported.set(name!, type!);
    }
  });
  after(async () => {
    await system?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const isExported = (name: string) => {
    if (external.has(name) || exported.has(name)) return true;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    return ['histogram', 'summary'].includes(exported.get(base) ?? '');
  };

  it('the services export the bus, outbox and HTTP metrics', () => {
    for (const name of [
      'http_request_duration_seconds',
      'bus_messages_published_total',
      'bus_messages_consumed_total',
      'bus_handler_duration_seconds',
      'bus_dead_letters',
      'outbox_pending_events',
      'outbox_lag_seconds',
    ])
      assert.ok(exported.has(name) || exported.has(name.replace(/_total$/, '')), `${name} is exported`);
  });

  it('the dashboard uses only exported metrics', () => {
    assert.ok(dashboard.panels.length >= 8);
    const used = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      // label_values(metric, label): the metric only.
      ...dashboard.templating.list.flatMap((v) => /^label_values\(([^,)]+)/.exec(v.query ?? '')?.[1] ?? []),
    ].flatMap(metricNames);
    assert.ok(used.length > 10);
    for (const name of used) assert.ok(isExported(name), `the dashboard uses ${name}, which no service exports`);
  });

  it('every alert rule uses only exported metrics and says what is wrong', () => {
    const all = rules.groups.flatMap((g) => g.rules);
    const names = all.map((r) => r.alert);
    for (const wanted of ['HighErrorRate', 'HighLatencyP99', 'DeadLetters', 'OutboxLag', 'ReplicaRestarts'])
      assert.ok(names.includes(`Runnerly${wanted}`), wanted);
    for (const rule of all) {
      assert.ok(rule.annotations.summary, `${rule.alert}: summary`);
      const used = metricNames(rule.expr);
      assert.ok(used.length, `${rule.alert}: names a metric`);
      for (const name of used) assert.ok(isExported(name), `${rule.alert} uses ${name}, which no service exports`);
    }
  });

  it('reads metric names out of PromQL', () => {
    assert.deepEqual(
      metricNames('histogram_quantile(0.99, sum by (service, le) (rate(a_bucket{route!="/m"}[5m]))) / b_total > 1'),
      ['a_bucket', 'b_total'],
    );
  });
});

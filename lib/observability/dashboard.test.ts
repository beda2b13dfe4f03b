// docs/grafana-dashboard.json against the registry it charts: a valid Grafana dashboard (schema 39, one
// ${DS_PROMETHEUS} input every panel uses), every query naming only metrics this process exports, and every
// Proativa metric charted somewhere. Renaming or adding a metric without the dashboard fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsRegistry } from '@/lib/observability/http';
import { registerCollectors } from '@/lib/observability/collectors';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  schemaVersion: number;
  title: string;
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; datasource?: { uid: string }; query?: unknown }[] };
}

const FILE = path.resolve(import.meta.dirname, '../../docs/grafana-dashboard.json');
const dashboard = JSON.parse(readFileSync(FILE, 'utf8')) as Dashboard;
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queries = panels.filter((p) => p.type !== 'row');

/** Sample names the registry exposes: histogram families expose _bucket, _sum and _count. */
function exportedSamples(): { samples: Set<string>; families: string[] } {
  const registry = metricsRegistry();
  registerCollectors(registry);
  const samples = new Set<string>();
  const families: string[] = [];
  for (const m of registry.getMetricsAsArray()) {
    const { name, type } = m as unknown as { name: string; type: string };
    families.push(name);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) samples.add(name + s);
    else if (type === 'summary') for (const s of ['', '_sum', '_count']) samples.add(name + s);
    else samples.add(name);
  }
  return { samples, families };
}

// Metric names in PromQL: the registry's namespaces (default process metrics and ours). Label names and values
// never start with these.
const METRIC_RE = /\b(?:proativa|process|nodejs)_[a-zA-Z0-9_]*/g;
const metricsIn = (expr: string) => [...expr.matchAll(METRIC_RE)].map((m) => m[0]);

describe('docs/grafana-dashboard.json', () => {
  it('is a Grafana dashboard of schema 39 on a ${DS_PROMETHEUS} input', () => {
    expect(dashboard.schemaVersion).toBe(39);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.uid).toBeTruthy();
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    );
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size, 'panel ids are unique').toBe(ids.length);
    expect(queries.length).toBeGreaterThan(10);
    for (const p of queries) {
      expect(p.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      expect(p.targets?.length, `${p.title}: has queries`).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      const { h, w, x, y } = p.gridPos;
      expect(w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= 24, `${p.title}: gridPos`).toBe(true);
    }
    for (const v of dashboard.templating.list) expect(v.datasource?.uid).toBe('${DS_PROMETHEUS}');
  });

  it('queries only metrics the registry exports', () => {
    const { samples } = exportedSamples();
    const exprs = [
      ...queries.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr }))),
      ...dashboard.templating.list.map((v) => ({
        title: `variable ${v.name}`,
        expr: JSON.stringify(v.query),
      })),
    ];
    for (const { title, expr } of exprs) {
      const names = metricsIn(expr);
      expect(names.length, `${title}: ${expr} names no metric`).toBeGreaterThan(0);
      for (const name of names) expect(samples.has(name), `${title}: ${name} is not exported`).toBe(true);
    }
  });

  it('charts every Proativa metric family', () => {
    const { families } = exportedSamples();
    const used = new Set(queries.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsIn(t.expr))));
    const charted = (family: string) =>
      [family, `${family}_bucket`, `${family}_count`, `${family}_sum`].some((n) => used.has(n));
    const ours = families.filter((f) => f.startsWith('proativa_'));
    expect(ours.length).toBeGreaterThan(15);
    expect(
      ours.filter((f) => !charted(f)),
      'metrics with no panel',
    ).toEqual([]);
  });

  it('shows p50, p95 and p99 latency per route from the request histogram', () => {
    const exprs = queries.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    for (const q of ['0.5', '0.95', '0.99']) {
      expect(
        exprs.some(
          (e) =>
            e.includes(`histogram_quantile(${q},`) &&
            e.includes('proativa_http_request_duration_seconds_bucket') &&
            /by \(route, le\)/.test(e),
        ),
        `p${Number(q) * 100} per route`,
      ).toBe(true);
    }
  });
});

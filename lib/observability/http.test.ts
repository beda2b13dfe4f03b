// The request instruments without a server: route patterns from Next's params, the histogram labels handler()
// produces, the route-label cap, and the metrics token's comparison.
import { describe, expect, it } from 'vitest';
import {
  HTTP_DURATION,
  MAX_ROUTES,
  OTHER_ROUTE,
  instruments,
  observeApiRequest,
  routePattern,
} from '@/lib/observability/http';
import { isMetricsToken } from '@/lib/observability/metrics-token';

describe('routePattern', () => {
  it('puts each param name back in place of its value', () => {
    const id = '3f2c7a4e-0000-4000-8000-000000000001';
    expect(routePattern(`/api/v1/alerts/${id}/claim`, { id })).toBe('/api/v1/alerts/[id]/claim');
    expect(routePattern('/api/v1/ingest/batches/12/rejections.csv', { id: '12' })).toBe(
      '/api/v1/ingest/batches/[id]/rejections.csv',
    );
    expect(routePattern('/api/v1/policies/3/approve', { version: '3' })).toBe(
      '/api/v1/policies/[version]/approve',
    );
    expect(routePattern('/api/v1/alerts', {})).toBe('/api/v1/alerts');
    expect(routePattern('/api/v1/alerts', undefined)).toBe('/api/v1/alerts');
  });

  it('matches percent-encoded values and catch-all arrays', () => {
    expect(routePattern('/api/v1/features/C%2001', { externalId: 'C 01' })).toBe(
      '/api/v1/features/[externalId]',
    );
    expect(routePattern('/api/v1/docs/a/b', { slug: ['a', 'b'] })).toBe('/api/v1/docs/[...slug]');
  });

  it('replaces the deepest matching segment, so a value equal to a static segment leaves it alone', () => {
    expect(routePattern('/api/v1/ingest/clients', { kind: 'clients' })).toBe('/api/v1/ingest/[kind]');
    expect(routePattern('/api/v1/models/models', { id: 'models' })).toBe('/api/v1/models/[id]');
  });
});

const sampleCount = async (labels: Record<string, string>) => {
  const metric = await instruments().http.get();
  return metric.values.find(
    (v) =>
      v.metricName === `${HTTP_DURATION}_count` &&
      Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x),
  )?.value;
};

describe('observeApiRequest', () => {
  it('counts an answer under its route pattern, method and status, once the params settle', async () => {
    const before = (await sampleCount({ route: '/api/v1/alerts/[id]', method: 'GET', status: '404' })) ?? 0;
    const params = Promise.resolve({ id: 'abc' });
    observeApiRequest(
      new Request('http://localhost/api/v1/alerts/abc?x=1'),
      { params },
      404,
      performance.now() - 5,
    );
    await params;
    await Promise.resolve();
    expect(await sampleCount({ route: '/api/v1/alerts/[id]', method: 'GET', status: '404' })).toBe(
      before + 1,
    );
  });

  it('never throws on odd input', () => {
    expect(() => observeApiRequest(new Request('http://localhost/x'), null, 200, 0)).not.toThrow();
    expect(() =>
      observeApiRequest(
        new Request('http://localhost/x'),
        { params: Promise.reject(new Error('no')) },
        500,
        0,
      ),
    ).not.toThrow();
  });

  it('stops adding route labels past MAX_ROUTES and counts the rest as other', async () => {
    const i = instruments();
    for (let k = i.routes.size; k < MAX_ROUTES; k++) i.routes.add(`/filler/${k}`);
    observeApiRequest(new Request('http://localhost/api/v1/never-seen'), { params: {} }, 200, 0);
    expect(i.routes.has('/api/v1/never-seen')).toBe(false);
    expect(await sampleCount({ route: OTHER_ROUTE, method: 'GET', status: '200' })).toBeGreaterThan(0);
    for (const r of [...i.routes]) if (r.startsWith('/filler/')) i.routes.delete(r);
  });
});

describe('isMetricsToken', () => {
  it('accepts only the configured token, and nothing when none is configured', () => {
    const token = 'x'.repeat(40);
    expect(isMetricsToken(token, token)).toBe(true);
    expect(isMetricsToken(`${token}y`, token)).toBe(false);
    expect(isMetricsToken('', token)).toBe(false);
    expect(isMetricsToken(token, undefined)).toBe(false);
    expect(isMetricsToken('', '')).toBe(false);
  });
});

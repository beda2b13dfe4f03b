// The process's metrics registry and the in-process instruments on hot paths: the latency of every /api/v1
// answer (observed by handler() in lib/api/respond.ts) and of each real-time scoring (lib/scoring/realtime.ts).
// Observing is a few array updates: no I/O, no await. The database-read families live in ./collectors.ts.
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const HTTP_DURATION = 'proativa_http_request_duration_seconds';
export const REALTIME_SCORING_DURATION = 'proativa_scoring_realtime_duration_seconds';

/** How a real-time scoring ended: a new ledger row, an answer the ledger already held, not stored, refused. */
export type RealtimeOutcome = 'stored' | 'replayed' | 'unstored' | 'rejected' | 'error';

/** Distinct route labels kept; past it a path is counted as 'other', so a bug cannot explode the series. */
export const MAX_ROUTES = 300;
export const OTHER_ROUTE = 'other';

interface Instruments {
  registry: Registry;
  http: Histogram<'route' | 'method' | 'status'>;
  realtime: Histogram<'outcome'>;
  routes: Set<string>;
}

// On globalThis: Next bundles each route with its own copy of this module (and of prom-client); one registry
// per process, so the metrics route sees what every other route observed.
const g = globalThis as unknown as { __proativaMetrics?: Instruments };

function create(): Instruments {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({
    name: HTTP_DURATION,
    help: 'Time from a /api/v1 request reaching its handler to its response (headers; a streamed body may go on).',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const realtime = new Histogram({
    name: REALTIME_SCORING_DURATION,
    help: 'Real-time scoring of one client (features, model, policy, ledger write), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return { registry, http, realtime, routes: new Set() };
}

export function instruments(): Instruments {
  return (g.__proativaMetrics ??= create());
}

/** The process's registry (default process metrics, the instruments above, the collectors once registered). */
export function metricsRegistry(): Registry {
  return instruments().registry;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route pattern of a request path, from the params Next resolved for it: /api/v1/alerts/3f2c... with
 * { id: '3f2c...' } -> /api/v1/alerts/[id]; a catch-all array becomes [...name]. Each param replaces one
 * segment, searched from the end (dynamic segments sit below the static ones), so a value that happens to equal
 * a static segment does not rename it.
 */
export function routePattern(pathname: string, params: unknown): string {
  const segments = pathname.split('/');
  const taken = new Array<boolean>(segments.length).fill(false);
  if (params && typeof params === 'object') {
    for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
      if (Array.isArray(value)) {
        const parts = value.map(String);
        if (parts.length === 0) continue;
        for (let i = segments.length - parts.length; i >= 0; i--) {
          if (parts.every((p, k) => !taken[i + k] && decoded(segments[i + k]!) === p)) {
            segments.splice(i, parts.length, `[...${name}]`);
            taken.splice(i, parts.length, true);
            break;
          }
        }
      } else if (typeof value === 'string') {
        for (let i = segments.length - 1; i >= 0; i--) {
          if (!taken[i] && decoded(segments[i]!) === value) {
            segments[i] = `[${name}]`;
            taken[i] = true;
            break;
          }
        }
      }
    }
  }
  return segments.join('/') || '/';
}

function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/';
  }
}

function routeLabel(i: Instruments, pattern: string): string {
  if (i.routes.has(pattern)) return pattern;
  if (i.routes.size >= MAX_ROUTES) return OTHER_ROUTE;
  i.routes.add(pattern);
  return pattern;
}

/**
 * Records one answer of a route handler. The route's params are a promise in Next 16 (already settled by the
 * time the handler answered); the observation waits for it off the response's path. Never throws.
 */
export function observeApiRequest(request: Request, context: unknown, status: number, startedMs: number) {
  try {
    const seconds = (performance.now() - startedMs) / 1000;
    const method = request.method.toUpperCase();
    const pathname = pathnameOf(request.url);
    const i = instruments();
    const record = (params: unknown) =>
      i.http.observe(
        { route: routeLabel(i, routePattern(pathname, params)), method, status: String(status) },
        seconds,
      );
    const params = (context as { params?: unknown } | null | undefined)?.params;
    if (params && typeof (params as PromiseLike<unknown>).then === 'function') {
      (params as Promise<unknown>).then(record, () => record(undefined)).catch(() => undefined);
    } else {
      record(params);
    }
  } catch {
    // metrics must never break an answer
  }
}

/** Records one real-time scoring's duration, from performance.now() at its start. */
export function observeRealtimeScoring(startedMs: number, outcome: RealtimeOutcome): void {
  try {
    instruments().realtime.observe({ outcome }, (performance.now() - startedMs) / 1000);
  } catch {
    // metrics must never break an answer
  }
}

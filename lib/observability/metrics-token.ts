// The metrics bearer token (PROATIVA_METRICS_TOKEN): what a Prometheus server sends to GET /api/v1/metrics when
// it holds no API key. It opens that route alone (handler()'s opts.credential there), and is compared in
// constant time.
import 'server-only';
import crypto from 'node:crypto';
import type { Actor } from '@/lib/auth/session';
import { env } from '@/lib/env';

/** Who the token acts as: a machine credential whose only scope is metrics, for the logs. */
export const METRICS_TOKEN_ACTOR: Actor = Object.freeze<Actor>({
  kind: 'apiKey',
  id: 'metrics-token',
  name: 'PROATIVA_METRICS_TOKEN',
  email: null,
  role: 'ADMIN',
  locale: 'pt-BR',
  scopes: ['metrics'],
});

const digest = (v: string) => crypto.createHash('sha256').update(v, 'utf8').digest();

/** True when the configured token is set and `candidate` equals it (SHA-256 digests: equal lengths, no early exit). */
export function isMetricsToken(candidate: string, configured: string | undefined): boolean {
  if (!configured) return false;
  return crypto.timingSafeEqual(digest(candidate), digest(configured));
}

/** handler()'s credential for the metrics route: the token's actor for `Authorization: Bearer <token>`, else null. */
export function metricsTokenCredential(request: Request): Actor | null {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) return null;
  return isMetricsToken(m[1]!, env().PROATIVA_METRICS_TOKEN) ? METRICS_TOKEN_ACTOR : null;
}

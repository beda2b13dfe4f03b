// API-key scopes: what a machine credential may do on top of its role. One table maps every permission to
// the scope a key needs for it, so routes declare nothing new and a new permission cannot be forgotten (the
// Record type makes tsc demand an entry). Signed-in users have no scopes: their role alone decides.
import type { Permission } from '@/lib/auth/roles';

// 'metrics': GET /api/v1/metrics only (Prometheus scrapes, with an admin's key); no permission maps to it.
export const SCOPES = ['score', 'features', 'ingest', 'read', 'alerts', 'metrics'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a key gets when its creator names no scope: reading, nothing that changes or scores. */
export const DEFAULT_SCOPES: readonly Scope[] = ['read'];

/** ApiKey.rateLimitPerMinute's default (the column's): a generous ceiling for one integration. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;

/**
 * The scope an API key needs for each permission. `null`: not open to API keys at all. Those are the changes a
 * person makes and answers for in the audit trail (promoting a model, managing users, approving a policy,
 * starting a batch run, erasing a client, working the alert queue); automation has the command line for them
 * (`npm run model`, `npm run score`, `npm run apikey`), which runs with database access instead of a key.
 */
export const PERMISSION_SCOPE: Record<Permission, Scope | null> = {
  'score:realtime': 'score',
  'features:view': 'features',
  'ingestion:run': 'ingest',
  'executive:view': 'read',
  'alerts:view': 'read',
  'playbook:view': 'read',
  'clients:view': 'read',
  'monitoring:view': 'read',
  'models:view': 'read',
  'profile:view': 'read',
  'scoring:view': 'read',
  'policy:view': 'read',
  'decisions:view': 'read',
  'decisions:export': 'read',
  // Open to keys only through the alert routes (scope 'alerts' + X-Proativa-Acting-User naming the person).
  'alerts:work': null,
  'portfolios:manage': null,
  'clients:viewPersonalData': null,
  'clients:erase': null,
  'models:manage': null,
  'monitoring:manage': null,
  'settings:manage': null,
  'scoring:run': null,
  'policy:propose': null,
  'policy:approve': null,
  'policy:activate': null,
  'campaigns:view': 'read',
  'campaigns:manage': null,
};

export function scopeFor(permission: Permission): Scope | null {
  return PERMISSION_SCOPE[permission];
}

export function isScope(v: unknown): v is Scope {
  return typeof v === 'string' && (SCOPES as readonly string[]).includes(v);
}

/** A stored scopes column as known scopes (an unknown value, from a newer version or a hand edit, grants nothing). */
export function storedScopes(values: readonly string[]): Scope[] {
  return values.filter(isScope);
}

/** Scopes in their canonical order without duplicates, so the same set is always stored and shown alike. */
export function normalizeScopes(values: readonly Scope[]): Scope[] {
  const set = new Set(values);
  return SCOPES.filter((s) => set.has(s));
}

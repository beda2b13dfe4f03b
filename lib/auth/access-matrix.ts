// The authorization matrix: what every route handler, page and server action requires, in one table. Who may
// then do it is NOT written here: it follows from lib/auth/roles.ts (GRANTS) and lib/auth/scopes.ts
// (PERMISSION_SCOPE). lib/auth/access-matrix.int.test.ts enumerates the files themselves (app/**/route.ts and
// the methods each exports, app/**/page.tsx, lib/actions/*.ts), fails on a file without an entry or an entry
// without a file, and calls each one as every role, an API key of every scope and anonymous.
import type { Permission } from '@/lib/auth/roles';
import type { Scope } from '@/lib/auth/scopes';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * 'public': anyone, signed in or not (probes, the API description, the sign-in endpoints).
 * 'signature': a provider's webhook, authenticated by its request signature only; no session or API key
 * opens it.
 */
export type RouteAccess =
  | Permission
  | 'public'
  | 'signature'
  | {
      permission: Permission;
      /** handler()'s opts.scope, when the route overrides PERMISSION_SCOPE (null: closed to keys). */
      scope?: Scope | null;
      /**
       * Alert routes: an API key may name the person it acts for in X-Proativa-Acting-User (the key then
       * also needs scope 'alerts', and the person must be an active MANAGER or ADMIN). 'required': a key
       * must name one (every write has a person answering for it); 'optional': a key naming nobody reads
       * as itself.
       */
      actingUser?: 'required' | 'optional';
      /** One more credential the route accepts (handler()'s opts.credential): the metrics bearer token. */
      credential?: 'metrics-token';
    };

/** Every route file (path from the repository root) and what each exported method requires. */
export const ROUTE_ACCESS: Record<string, Partial<Record<HttpMethod, RouteAccess>>> = {
  'app/api/auth/[...nextauth]/route.ts': { GET: 'public', POST: 'public' },
  'app/api/v1/alerts/route.ts': { GET: { permission: 'alerts:view', actingUser: 'optional' } },
  'app/api/v1/alerts/[id]/route.ts': { GET: { permission: 'alerts:view', actingUser: 'optional' } },
  'app/api/v1/alerts/[id]/claim/route.ts': {
    POST: { permission: 'alerts:work', scope: 'alerts', actingUser: 'required' },
  },
  'app/api/v1/alerts/[id]/transition/route.ts': {
    POST: { permission: 'alerts:work', scope: 'alerts', actingUser: 'required' },
  },
  'app/api/v1/decisions/route.ts': { GET: 'decisions:view' },
  'app/api/v1/decisions/export/route.ts': { GET: 'decisions:export' },
  'app/api/v1/executive/summary/route.ts': { GET: 'executive:view' },
  'app/api/v1/experiments/route.ts': { GET: 'campaigns:view', POST: 'campaigns:manage' },
  'app/api/v1/experiments/[id]/results/route.ts': { GET: 'campaigns:view' },
  'app/api/v1/experiments/[id]/stop/route.ts': { POST: 'campaigns:manage' },
  'app/api/v1/features/route.ts': { POST: 'features:view' },
  'app/api/v1/features/[externalId]/route.ts': { GET: 'features:view' },
  // Anyone gets up/down; the details need profile:view, but nobody is refused.
  'app/api/v1/health/route.ts': { GET: 'public' },
  'app/api/v1/ingest/[kind]/route.ts': { POST: 'ingestion:run' },
  'app/api/v1/ingest/batches/route.ts': { GET: 'ingestion:run' },
  'app/api/v1/ingest/batches/[id]/rejections.csv/route.ts': { GET: 'ingestion:run' },
  'app/api/v1/me/route.ts': { GET: 'profile:view' },
  'app/api/v1/models/route.ts': { GET: 'models:view', POST: 'models:manage' },
  'app/api/v1/models/[id]/route.ts': { GET: 'models:view' },
  'app/api/v1/models/[id]/download/route.ts': { GET: 'models:view' },
  'app/api/v1/models/[id]/promote/route.ts': { POST: 'models:manage' },
  'app/api/v1/models/rollback/route.ts': { POST: 'models:manage' },
  // Prometheus: an admin's session, an admin's key with scope 'metrics', or PROATIVA_METRICS_TOKEN.
  'app/api/v1/metrics/route.ts': {
    GET: { permission: 'settings:manage', scope: 'metrics', credential: 'metrics-token' },
  },
  'app/api/v1/monitoring/compare/route.ts': { GET: 'monitoring:view' },
  'app/api/v1/monitoring/drift/route.ts': { GET: 'monitoring:view' },
  'app/api/v1/monitoring/firings/[id]/acknowledge/route.ts': { POST: 'monitoring:manage' },
  'app/api/v1/monitoring/performance/route.ts': { GET: 'monitoring:view' },
  'app/api/v1/monitoring/runs/route.ts': { GET: 'monitoring:view', POST: 'monitoring:manage' },
  'app/api/v1/monitoring/triggers/route.ts': { GET: 'monitoring:view' },
  'app/api/v1/noop/route.ts': { POST: 'score:realtime' },
  'app/api/v1/offers/[id]/accept/route.ts': { POST: { permission: 'ingestion:run', scope: 'ingest' } },
  'app/api/v1/offers/simulate/route.ts': { GET: 'alerts:view' },
  'app/api/v1/openapi.json/route.ts': { GET: 'public' },
  'app/api/v1/policies/route.ts': { GET: 'policy:view', POST: 'policy:propose' },
  'app/api/v1/policies/[version]/route.ts': { GET: 'policy:view' },
  'app/api/v1/policies/[version]/activate/route.ts': { POST: 'policy:activate' },
  'app/api/v1/policies/[version]/approve/route.ts': { POST: 'policy:approve' },
  'app/api/v1/policies/[version]/impact/route.ts': { GET: 'policy:view' },
  'app/api/v1/policies/[version]/reject/route.ts': { POST: 'policy:approve' },
  'app/api/v1/score/route.ts': { POST: 'score:realtime' },
  'app/api/v1/scoring/runs/route.ts': { GET: 'scoring:view', POST: 'scoring:run' },
  'app/api/v1/scoring/runs/[id]/route.ts': { GET: 'scoring:view' },
  'app/api/v1/scoring/runs/[id]/cancel/route.ts': { POST: 'scoring:run' },
  'app/api/v1/scoring/runs/[id]/resume/route.ts': { POST: 'scoring:run' },
  'app/api/v1/training/route.ts': { GET: 'models:view', POST: 'models:manage' },
  'app/api/v1/training/[id]/route.ts': { GET: 'models:view' },
  // Listing users is a read an admin's key may do with scope 'read'; creating them stays with people.
  'app/api/v1/users/route.ts': {
    GET: { permission: 'settings:manage', scope: 'read' },
    POST: 'settings:manage',
  },
  'app/api/v1/webhooks/whatsapp/route.ts': { GET: 'signature', POST: 'signature' },
};

/**
 * 'public': anyone (the sign-in page). 'signed-in': any active user, whatever the role (the root page, which
 * sends each role to its home).
 */
export type PageAccess = Permission | 'public' | 'signed-in';

/** Every page file and what it requires: the page itself calls requirePage(permission). */
export const PAGE_ACCESS: Record<string, PageAccess> = {
  'app/page.tsx': 'signed-in',
  'app/(auth)/login/page.tsx': 'public',
  'app/(dashboard)/alerts/(queue)/page.tsx': 'alerts:view',
  'app/(dashboard)/alerts/[id]/page.tsx': 'alerts:view',
  'app/(dashboard)/api-docs/page.tsx': 'profile:view',
  'app/(dashboard)/campaigns/page.tsx': 'campaigns:view',
  'app/(dashboard)/clients/page.tsx': 'clients:view',
  'app/(dashboard)/clients/[externalId]/page.tsx': 'clients:view',
  'app/(dashboard)/executive/page.tsx': 'executive:view',
  'app/(dashboard)/features/page.tsx': 'features:view',
  'app/(dashboard)/ingestion/page.tsx': 'ingestion:run',
  'app/(dashboard)/models/(list)/page.tsx': 'models:view',
  'app/(dashboard)/models/[id]/page.tsx': 'models:view',
  'app/(dashboard)/models/compare/page.tsx': 'models:view',
  'app/(dashboard)/monitoring/page.tsx': 'monitoring:view',
  'app/(dashboard)/playbook/page.tsx': 'playbook:view',
  'app/(dashboard)/policy/page.tsx': 'policy:view',
  'app/(dashboard)/scoring/page.tsx': 'scoring:view',
  'app/(dashboard)/settings/page.tsx': 'settings:manage',
  'app/(dashboard)/settings/portfolios/page.tsx': 'portfolios:manage',
};

/**
 * Every server action (lib/actions/<file>.ts, one `action(permission, schema, fn)` each) and its permission.
 * Actions run for signed-in users only: an API key never reaches them.
 */
export const ACTION_ACCESS: Record<string, Permission> = {
  'acknowledge-firing': 'monitoring:manage',
  'activate-policy': 'policy:activate',
  'add-portfolio-rule': 'portfolios:manage',
  'apply-portfolio-rules': 'portfolios:manage',
  'approve-policy': 'policy:approve',
  'assign-alert': 'portfolios:manage',
  'cancel-scoring-run': 'scoring:run',
  'claim-alert': 'alerts:work',
  'compute-features': 'models:manage',
  'create-api-key': 'settings:manage',
  'create-experiment': 'campaigns:manage',
  'create-portfolio': 'portfolios:manage',
  'create-user': 'settings:manage',
  'delete-portfolio-rule': 'portfolios:manage',
  'erase-client': 'clients:erase',
  'launch-retraining': 'monitoring:manage',
  'pin-client-portfolio': 'portfolios:manage',
  'promote-model': 'models:manage',
  'propose-policy': 'policy:propose',
  'reject-policy': 'policy:approve',
  'release-alert': 'alerts:work',
  'resume-scoring-run': 'scoring:run',
  'retire-model': 'models:manage',
  'revoke-api-key': 'settings:manage',
  'rollback-model': 'models:manage',
  'save-dispatch-settings': 'settings:manage',
  'save-provider-settings': 'settings:manage',
  // Executives own the dashboard's provision (PDD) assumptions.
  'save-provision-settings': 'executive:view',
  'save-simulator-settings': 'settings:manage',
  'save-trigger': 'monitoring:manage',
  'set-challenger-model': 'models:manage',
  // Every role holds profile:view: "any signed-in user".
  'set-locale': 'profile:view',
  'start-experiment': 'campaigns:manage',
  'start-monitoring-run': 'monitoring:manage',
  'start-scoring-run': 'scoring:run',
  'start-training': 'models:manage',
  'stop-experiment': 'campaigns:manage',
  'transition-alert': 'alerts:work',
  'update-portfolio': 'portfolios:manage',
  'update-user': 'settings:manage',
};

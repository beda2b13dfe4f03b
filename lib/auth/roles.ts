// Roles and what each may do: the single table every page, action and route handler consults.
export const ROLES = ['EXECUTIVE', 'MANAGER', 'DATA_SCIENTIST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'executive:view',
  'alerts:view',
  'alerts:work',
  /** The consultative call playbook (script, objections, compliance). */
  'playbook:view',
  'clients:view',
  'clients:viewPersonalData',
  /** LGPD: erase a client's personal data on request (keeps the figures decisions and metrics need). */
  'clients:erase',
  'monitoring:view',
  /** Data science: edit monitoring triggers, acknowledge firings, launch retraining, start monitoring runs. */
  'monitoring:manage',
  'models:view',
  'models:manage',
  'ingestion:run',
  'settings:manage',
  'profile:view',
  'features:view',
  'scoring:view',
  'scoring:run',
  'policy:view',
  'policy:propose',
  'policy:approve',
  'policy:activate',
  'decisions:view',
  'decisions:export',
  'score:realtime',
  /** Admins: portfolios (carteiras), their rules and pinned clients, and assigning alerts. */
  'portfolios:manage',
  /** Campanhas: A/B tests of offer messages and the outbox view; manage = create, start, stop. */
  'campaigns:view',
  'campaigns:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  EXECUTIVE: [
    'executive:view',
    'monitoring:view',
    'profile:view',
    'policy:view',
    'scoring:view',
    'playbook:view',
  ],
  MANAGER: [
    'alerts:view',
    'alerts:work',
    'playbook:view',
    'clients:view',
    'clients:viewPersonalData',
    'profile:view',
    'decisions:view',
  ],
  DATA_SCIENTIST: [
    'monitoring:view',
    'monitoring:manage',
    'models:view',
    'models:manage',
    'features:view',
    'clients:view',
    'ingestion:run',
    'profile:view',
    'scoring:view',
    'scoring:run',
    'policy:view',
    'policy:propose',
    'policy:activate',
    'decisions:view',
    'decisions:export',
    'score:realtime',
    'campaigns:view',
    'campaigns:manage',
  ],
  ADMIN: [
    'settings:manage',
    'monitoring:manage',
    // Admins supervise the queue: they see it, assign alerts, and may move any claimed alert.
    'alerts:view',
    'alerts:work',
    'playbook:view',
    'portfolios:manage',
    // Admins answer data-subject requests (LGPD): they see the client page with its personal data, and erase it.
    'clients:view',
    'clients:viewPersonalData',
    'clients:erase',
    'ingestion:run',
    'models:view',
    'profile:view',
    'scoring:view',
    'scoring:run',
    'policy:view',
    'policy:approve',
    'policy:activate',
    'decisions:view',
    'decisions:export',
    'score:realtime',
    'campaigns:view',
    'campaigns:manage',
  ],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** Navigation entries, each shown only to roles holding its permission. */
export const NAV = [
  { href: '/executive', key: 'nav.executive', permission: 'executive:view' },
  { href: '/alerts', key: 'nav.alerts', permission: 'alerts:view' },
  { href: '/playbook', key: 'nav.playbook', permission: 'playbook:view' },
  { href: '/clients', key: 'nav.clients', permission: 'clients:view' },
  { href: '/monitoring', key: 'nav.monitoring', permission: 'monitoring:view' },
  { href: '/models', key: 'nav.models', permission: 'models:view' },
  { href: '/scoring', key: 'nav.scoring', permission: 'scoring:view' },
  { href: '/features', key: 'nav.features', permission: 'features:view' },
  { href: '/policy', key: 'nav.policy', permission: 'policy:view' },
  { href: '/campaigns', key: 'nav.campaigns', permission: 'campaigns:view' },
  { href: '/ingestion', key: 'nav.ingestion', permission: 'ingestion:run' },
  { href: '/settings', key: 'nav.settings', permission: 'settings:manage' },
  { href: '/settings/portfolios', key: 'nav.portfolios', permission: 'portfolios:manage' },
  // Last, so it is nobody's landing page: every role may read the API reference.
  { href: '/api-docs', key: 'nav.apiDocs', permission: 'profile:view' },
] as const satisfies readonly { href: string; key: string; permission: Permission }[];

export function navFor(role: Role) {
  return NAV.filter((n) => roleCan(role, n.permission));
}

/** Where a role lands after sign-in. */
export function homeFor(role: Role): string {
  return navFor(role)[0]?.href ?? '/';
}

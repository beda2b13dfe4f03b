// Roles and what each may do: the single table every page, action and route handler consults.
export const ROLES = ['EXECUTIVE', 'MANAGER', 'DATA_SCIENTIST', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'executive:view',
  'alerts:view',
  'alerts:work',
  'clients:view',
  'clients:viewPersonalData',
  'monitoring:view',
  'models:view',
  'models:manage',
  'ingestion:run',
  'settings:manage',
  'profile:view',
  'features:view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  EXECUTIVE: ['executive:view', 'monitoring:view', 'profile:view'],
  MANAGER: ['alerts:view', 'alerts:work', 'clients:view', 'clients:viewPersonalData', 'profile:view'],
  DATA_SCIENTIST: [
    'monitoring:view',
    'models:view',
    'models:manage',
    'features:view',
    'clients:view',
    'ingestion:run',
    'profile:view',
  ],
  ADMIN: ['settings:manage', 'ingestion:run', 'models:view', 'profile:view'],
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
  { href: '/clients', key: 'nav.clients', permission: 'clients:view' },
  { href: '/monitoring', key: 'nav.monitoring', permission: 'monitoring:view' },
  { href: '/models', key: 'nav.models', permission: 'models:view' },
  { href: '/features', key: 'nav.features', permission: 'features:view' },
  { href: '/ingestion', key: 'nav.ingestion', permission: 'ingestion:run' },
  { href: '/settings', key: 'nav.settings', permission: 'settings:manage' },
] as const satisfies readonly { href: string; key: string; permission: Permission }[];

export function navFor(role: Role) {
  return NAV.filter((n) => roleCan(role, n.permission));
}

/** Where a role lands after sign-in. */
export function homeFor(role: Role): string {
  return navFor(role)[0]?.href ?? '/';
}

// The authorization matrix, generated from the files themselves: every app/**/route.ts and the methods it
// exports, every app/**/page.tsx and every lib/actions/*.ts must have its entry in lib/auth/access-matrix.ts
// (and every entry its file). Then each one is called, not just compared: route handlers with a Request as
// anonymous, every role's session, an API key of every role and scope (with and without
// X-Proativa-Acting-User on the alert routes), a bad, a revoked key and a disabled user; server actions with
// each role's session; pages (and the layouts above them) as each role. Who must be refused gets 401/403,
// who is allowed gets past authorization (an answer like 400/404/422 to the deliberately empty request),
// exactly as lib/auth/roles.ts GRANTS and lib/auth/scopes.ts PERMISSION_SCOPE say.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { signInAs } from '@/lib/test/next-mocks';
import { createTestDatabase, type TestDatabase } from '@/lib/test/db';
import { createApiKeyFor, createRoleUsers } from '@/lib/test/users';
import { db } from '@/lib/db';
import { NAV, ROLES, roleCan, type Permission, type Role } from '@/lib/auth/roles';
import { PERMISSION_SCOPE, SCOPES, type Scope } from '@/lib/auth/scopes';
import { ACTING_USER_HEADER } from '@/lib/alerts/actor';
import {
  ACTION_ACCESS,
  HTTP_METHODS,
  PAGE_ACCESS,
  ROUTE_ACCESS,
  type HttpMethod,
  type PageAccess,
  type RouteAccess,
} from '@/lib/auth/access-matrix';

const ROOT = path.resolve(import.meta.dirname, '../..');

// next-intl's server functions need the react-server build and a request; pages only need a translator that
// answers, so that an allowed role's render goes on past the permission check (and a refused one is refused by
// requirePage, not by a translation error that happened to reject first in a Promise.all).
vi.mock('next-intl/server', () => {
  const t = Object.assign((key: string) => key, {
    rich: (key: string) => key,
    markup: (key: string) => key,
    raw: (key: string) => key,
    has: () => true,
  });
  return {
    getTranslations: async () => t,
    getLocale: async () => 'pt-BR',
    getMessages: async () => ({}),
    getRequestConfig: (f: unknown) => f,
  };
});

// ---------------------------------------------------------------------------------------------------------
// What exists: the file system, read now, so a new file shows up without anyone listing it.

function walk(dir: string, name: RegExp): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((e) => {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) return walk(p, name);
      return name.test(e.name) ? [p] : [];
    })
    .sort();
}

const ROUTE_FILES = walk('app', /^route\.(ts|tsx|js|mjs)$/);
const PAGE_FILES = walk('app', /^page\.(tsx|ts|jsx|js)$/);
const ACTION_FILES = readdirSync(path.join(ROOT, 'lib/actions'))
  .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && f !== 'action.ts' && f !== 'action-state.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

const source = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const load = (file: string) =>
  import(/* @vite-ignore */ path.join(ROOT, file)) as Promise<Record<string, unknown>>;

type RouteFn = (request: Request, context: { params: Promise<Record<string, unknown>> }) => Promise<Response>;
const routeModules = new Map<string, Record<string, unknown>>();
for (const f of ROUTE_FILES) routeModules.set(f, await load(f));
const exportedMethods = (file: string): HttpMethod[] =>
  HTTP_METHODS.filter((m) => typeof routeModules.get(file)?.[m] === 'function');

// ---------------------------------------------------------------------------------------------------------
// Who calls.

interface Principal {
  label: string;
  kind: 'anonymous' | 'user' | 'disabledUser' | 'key' | 'badKey' | 'revokedKey' | 'metricsToken';
  role?: Role;
  scopes?: Scope[];
  /** The X-Proativa-Acting-User header: the e-mail of this role's test user. */
  acting?: Role;
}

const USERS: Principal[] = [
  { label: 'anonymous', kind: 'anonymous' },
  { label: 'user:disabled ADMIN', kind: 'disabledUser', role: 'ADMIN' },
  ...ROLES.map((role): Principal => ({ label: `user:${role}`, kind: 'user', role })),
];
const KEYS: Principal[] = [
  { label: 'key:unknown', kind: 'badKey' },
  { label: 'key:revoked ADMIN[all]', kind: 'revokedKey', role: 'ADMIN' },
  { label: 'bearer:PROATIVA_METRICS_TOKEN', kind: 'metricsToken' },
  ...ROLES.flatMap((role) =>
    SCOPES.map((s): Principal => ({ label: `key:${role}[${s}]`, kind: 'key', role, scopes: [s] })),
  ),
  ...ROLES.flatMap((role) =>
    (<Scope[][]>[['alerts'], ['read', 'alerts'], ['read']]).map((scopes): Principal => ({
      label: `key:${role}[${scopes.join(',')}]+acting MANAGER`,
      kind: 'key',
      role,
      scopes,
      acting: 'MANAGER',
    })),
  ),
  // The person named must be an active MANAGER or ADMIN.
  {
    label: 'key:MANAGER[read,alerts]+acting EXECUTIVE',
    kind: 'key',
    role: 'MANAGER',
    scopes: ['read', 'alerts'],
    acting: 'EXECUTIVE',
  },
];
const ROUTE_PRINCIPALS = [...USERS, ...KEYS];

let t: TestDatabase;
let ids: Record<Role, string>;
let disabledId: string;
const tokens = new Map<string, string>();
const UNKNOWN_KEY = `pk_${'0'.repeat(12)}_${'x'.repeat(32)}`;
const METRICS_TOKEN = 'authz-matrix-metrics-token-0123456789abcdef';

beforeAll(async () => {
  // Read by lib/env.ts, whose cache createTestDatabase() resets.
  vi.stubEnv('PROATIVA_METRICS_TOKEN', METRICS_TOKEN);
  t = await createTestDatabase();
  ids = await createRoleUsers();
  disabledId = (
    await db.user.create({
      data: {
        email: 'disabled@test.local',
        name: 'Disabled',
        role: 'ADMIN',
        passwordHash: 'x',
        active: false,
      },
    })
  ).id;
  for (const p of KEYS) {
    if (p.kind === 'key') tokens.set(p.label, await createApiKeyFor(p.role!, { scopes: p.scopes! }));
  }
  const revoked = await createApiKeyFor('ADMIN');
  await db.apiKey.updateMany({
    where: { prefix: revoked.split('_')[1]! },
    data: { revokedAt: new Date() },
  });
  tokens.set('key:revoked ADMIN[all]', revoked);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t.drop();
});

function signInFor(p: Principal) {
  if (p.kind === 'user') signInAs(ids[p.role!]);
  else if (p.kind === 'disabledUser') signInAs(disabledId);
  else signInAs(null);
}

// ---------------------------------------------------------------------------------------------------------
// What roles.ts and scopes.ts say each principal may do.

type Verdict = 'allowed' | 401 | 403 | 'refused';

function normalize(rule: RouteAccess) {
  return typeof rule === 'string' ? { permission: rule } : rule;
}

function expectedForRoute(rule: RouteAccess, p: Principal): Verdict {
  const r = normalize(rule);
  if (r.permission === 'public') return 'allowed';
  // A webhook answers only to the provider's signature: a session or key counts for nothing.
  if (r.permission === 'signature') return 'refused';
  const permission: Permission = r.permission;
  if (p.kind === 'metricsToken') {
    // The token opens the routes that accept it, and only those; elsewhere it is a malformed API key.
    return 'credential' in r && r.credential === 'metrics-token' ? 'allowed' : 401;
  }
  if (p.kind === 'anonymous' || p.kind === 'disabledUser' || p.kind === 'badKey' || p.kind === 'revokedKey')
    return 401;
  if (!roleCan(p.role!, permission)) return 403;
  if (p.kind === 'user') return 'allowed';
  const scope = 'scope' in r && r.scope !== undefined ? r.scope : PERMISSION_SCOPE[permission];
  if (scope === null || !p.scopes!.includes(scope)) return 403;
  const acting = 'actingUser' in r ? r.actingUser : undefined;
  if (!acting) return 'allowed';
  if (!p.acting) return acting === 'required' ? 403 : 'allowed';
  if (!p.scopes!.includes('alerts')) return 403;
  return p.acting === 'MANAGER' || p.acting === 'ADMIN' ? 'allowed' : 403;
}

function expectedForUser(permission: Permission | 'public' | 'signed-in', p: Principal): Verdict {
  if (permission === 'public') return 'allowed';
  if (p.kind !== 'user') return 401;
  if (permission === 'signed-in') return 'allowed';
  return roleCan(p.role!, permission) ? 'allowed' : 403;
}

// ---------------------------------------------------------------------------------------------------------
// The requests: ids that exist nowhere and bodies no schema accepts, so an allowed call stops at 400/404/422
// right after authorization and changes nothing.

const NO_SUCH_ID = '7f3c2a10-5b4e-4c8d-9e1f-0a2b3c4d5e6f';
const PARAM_VALUES: Record<string, string | string[]> = {
  id: NO_SUCH_ID,
  version: '999999',
  externalId: 'MATRIX-NO-SUCH-CLIENT',
  kind: 'matrix-no-such-kind',
  nextauth: ['providers'],
};
const REJECTED_BODY = JSON.stringify('authz-matrix');

interface Probe {
  params?: Record<string, string | string[]>;
  body?: string;
}
/** Where a route needs more than the default request to reach its authorization checks. */
const PROBES: Record<string, Partial<Record<HttpMethod, Probe>>> = {
  // The body is read before the acting person is: it must be valid to get that far.
  'app/api/v1/alerts/[id]/transition/route.ts': { POST: { body: JSON.stringify({ to: 'CONTACTED' }) } },
  // next-auth itself reads cookies() from the real next/headers (it is not bundled, so the test's mocks do not
  // reach it) and cannot run here; a body over the route's own cap shows the route itself gates nobody.
  'app/api/auth/[...nextauth]/route.ts': {
    POST: { params: { nextauth: ['callback', 'credentials'] }, body: 'x'.repeat(17 * 1024) },
  },
};

/** Route methods that cannot be called in vitest at all, with the reason; their entry is still checked. */
const NOT_CALLABLE: Record<string, string> = {
  'GET app/api/auth/[...nextauth]/route.ts':
    "next-auth's own handler: it calls the real next/headers cookies(), outside any request here",
};

function paramsOf(file: string, probe: Probe | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const seg of file.split('/')) {
    const m = /^\[(?:\.\.\.)?(.+)\]$/.exec(seg);
    if (m) out[m[1]!] = probe?.params?.[m[1]!] ?? PARAM_VALUES[m[1]!] ?? 'matrix';
  }
  return out;
}

function urlOf(file: string, params: Record<string, string | string[]>): string {
  const segs = file
    .split('/')
    .slice(1, -1)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      const m = /^\[(?:\.\.\.)?(.+)\]$/.exec(s);
      if (!m) return s;
      const v = params[m[1]!]!;
      return Array.isArray(v) ? v.join('/') : v;
    });
  return `http://localhost/${segs.join('/')}`;
}

function routeRequest(file: string, method: HttpMethod, p: Principal) {
  const probe = PROBES[file]?.[method];
  const params = paramsOf(file, probe);
  const headers = new Headers({ host: 'localhost' });
  if (p.kind === 'badKey') headers.set('authorization', `Bearer ${UNKNOWN_KEY}`);
  if (p.kind === 'key' || p.kind === 'revokedKey')
    headers.set('authorization', `Bearer ${tokens.get(p.label)}`);
  if (p.kind === 'metricsToken') headers.set('authorization', `Bearer ${METRICS_TOKEN}`);
  if (p.acting) headers.set(ACTING_USER_HEADER, `${p.acting.toLowerCase()}@test.local`);
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  if (hasBody) headers.set('content-type', 'application/json');
  const request = new NextRequest(urlOf(file, params), {
    method,
    headers,
    ...(hasBody ? { body: probe?.body ?? REJECTED_BODY } : {}),
  });
  return { request, context: { params: Promise.resolve(params) } };
}

/** The source of one exported method, from its `export` to the next one. */
function exportSource(whole: string, method: string): string {
  const starts = [...whole.matchAll(/^export (?:const|async function) ([A-Z]+)\b/gm)];
  const i = starts.findIndex((m) => m[1] === method);
  if (i < 0) return '';
  return whole.slice(starts[i]!.index, starts[i + 1]?.index ?? whole.length);
}

// ---------------------------------------------------------------------------------------------------------

describe('every route, page and action has exactly one entry', () => {
  it('a route file without an entry, or an entry without a route file, fails', () => {
    const missing = ROUTE_FILES.filter((f) => !(f in ROUTE_ACCESS));
    const stale = Object.keys(ROUTE_ACCESS).filter((f) => !ROUTE_FILES.includes(f));
    expect(missing, 'route files missing from ROUTE_ACCESS (lib/auth/access-matrix.ts)').toEqual([]);
    expect(stale, 'ROUTE_ACCESS entries whose route file does not exist').toEqual([]);
  });

  it('each route file exports exactly the methods its entry lists', () => {
    const wrong = ROUTE_FILES.filter((f) => f in ROUTE_ACCESS).flatMap((f) => {
      const exported = exportedMethods(f);
      const listed = Object.keys(ROUTE_ACCESS[f]!);
      return [
        ...exported.filter((m) => !listed.includes(m)).map((m) => `${m} ${f}: exported, no entry`),
        ...listed
          .filter((m) => !exported.includes(m as HttpMethod))
          .map((m) => `${m} ${f}: entry, not exported`),
      ];
    });
    expect(wrong).toEqual([]);
  });

  it('a page without an entry, or an entry without a page, fails', () => {
    expect(
      PAGE_FILES.filter((f) => !(f in PAGE_ACCESS)),
      'pages missing from PAGE_ACCESS',
    ).toEqual([]);
    expect(
      Object.keys(PAGE_ACCESS).filter((f) => !PAGE_FILES.includes(f)),
      'PAGE_ACCESS entries without a page',
    ).toEqual([]);
  });

  it('a server action without an entry, or an entry without an action file, fails', () => {
    expect(
      ACTION_FILES.filter((f) => !(f in ACTION_ACCESS)),
      'lib/actions files missing from ACTION_ACCESS',
    ).toEqual([]);
    expect(
      Object.keys(ACTION_ACCESS).filter((f) => !ACTION_FILES.includes(f)),
      'ACTION_ACCESS entries without a file',
    ).toEqual([]);
  });

  it('every route names in its source the permission and scope its entry says', () => {
    const wrong: string[] = [];
    for (const [file, methods] of Object.entries(ROUTE_ACCESS)) {
      if (!ROUTE_FILES.includes(file)) continue;
      const whole = source(file);
      for (const [method, rule] of Object.entries(methods)) {
        const r = normalize(rule);
        const src = exportSource(whole, method);
        const call = /^export const [A-Z]+ = handler(?:<[^(]*>)?\(\s*'([^']+)'/.exec(src);
        if (r.permission === 'public' || r.permission === 'signature') {
          if (call) wrong.push(`${method} ${file}: handler('${call[1]}') but the entry says ${r.permission}`);
          continue;
        }
        if (call?.[1] !== r.permission)
          wrong.push(`${method} ${file}: handler('${call?.[1] ?? '?'}'), entry '${r.permission}'`);
        // handler()'s opts: `{ scope: 'x' ... }` or `{ scope: null ... }`.
        const declared = /\{\s*scope: (null|'([a-z]+)')/.exec(src);
        const sourceScope = declared ? (declared[1] === 'null' ? null : declared[2]) : undefined;
        const entryScope = 'scope' in r ? r.scope : undefined;
        if (sourceScope !== entryScope)
          wrong.push(`${method} ${file}: the source's scope is ${sourceScope}, the entry's ${entryScope}`);
        if ('credential' in r && r.credential && !/credential: /.test(src))
          wrong.push(`${method} ${file}: entry accepts another credential, the source does not`);
        if (!('credential' in r && r.credential) && /credential: /.test(src))
          wrong.push(`${method} ${file}: the source accepts another credential, the entry does not`);
        if ('actingUser' in r && r.actingUser && !src.includes('workActorOf'))
          wrong.push(`${method} ${file}: entry accepts an acting user, the source never reads one`);
      }
    }
    expect(wrong.join('\n')).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------------------

const routeCases = ROUTE_FILES.flatMap((file) =>
  exportedMethods(file).flatMap((method) => {
    const rule = ROUTE_ACCESS[file]?.[method];
    if (!rule || `${method} ${file}` in NOT_CALLABLE) return [];
    const route = file.replace(/^app/, '').replace(/\/route\.\w+$/, '');
    const acting = typeof rule === 'object' && rule.actingUser !== undefined;
    // The header means something on the alert routes only; elsewhere the same keys without it stand for them.
    return ROUTE_PRINCIPALS.filter((p) => acting || !p.acting).map((p) => {
      const expected = expectedForRoute(rule, p);
      return { name: `${method} ${route} × ${p.label} → ${expected}`, file, method, p, expected };
    });
  }),
);

describe('route handlers', () => {
  it('only public routes may be left uncalled, each with its reason', () => {
    for (const key of Object.keys(NOT_CALLABLE)) {
      const [method, file] = key.split(' ') as [HttpMethod, string];
      expect(exportedMethods(file), key).toContain(method);
      expect(ROUTE_ACCESS[file]?.[method], key).toBe('public');
    }
  });

  it.each(routeCases)('$name', async ({ file, method, p, expected }) => {
    signInFor(p);
    const { request, context } = routeRequest(file, method, p);
    const res = await (routeModules.get(file)![method] as RouteFn)(request, context);
    // Error bodies say why; a success body is only read to be released.
    const text = res.status >= 400 ? await res.text() : (await res.body?.cancel(), '');
    const why = `${res.status} ${text.slice(0, 300)}`;
    if (expected === 'allowed') {
      expect([401, 403], why).not.toContain(res.status);
      // Past authorization and answered on purpose: no crash either.
      expect(res.status, why).toBeLessThan(500);
    } else if (expected === 'refused') {
      expect([401, 403], why).toContain(res.status);
    } else {
      expect(res.status, why).toBe(expected);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

type ActionFn = (prev: unknown, input: unknown) => Promise<{ ok: boolean; status?: number; message: string }>;

const actionCases = ACTION_FILES.filter((f) => f in ACTION_ACCESS).flatMap((file) =>
  USERS.map((p) => {
    const expected = expectedForUser(ACTION_ACCESS[file]!, p);
    return { name: `action ${file} × ${p.label} → ${expected}`, file, p, expected };
  }),
);

describe('server actions', () => {
  it('each action file exports one action built with action() and the permission its entry says', async () => {
    const wrong: string[] = [];
    for (const file of ACTION_FILES.filter((f) => f in ACTION_ACCESS)) {
      const mod = await load(`lib/actions/${file}.ts`);
      const fns = Object.entries(mod).filter(([, v]) => typeof v === 'function');
      if (fns.length !== 1) wrong.push(`${file}: exports ${fns.length} functions`);
      const perm = /=\s*action(?:<[^(]*>)?\(\s*(?:\/\/[^\n]*\n\s*)*'([^']+)'/.exec(
        source(`lib/actions/${file}.ts`),
      )?.[1];
      if (perm !== ACTION_ACCESS[file])
        wrong.push(`${file}: action('${perm ?? '?'}'), entry '${ACTION_ACCESS[file]}'`);
    }
    expect(wrong).toEqual([]);
  });

  it.each(actionCases)('$name', async ({ file, p, expected }) => {
    const mod = await load(`lib/actions/${file}.ts`);
    const fn = Object.values(mod).find((v) => typeof v === 'function') as ActionFn;
    signInFor(p);
    // A bare string: no action's schema accepts it, so an allowed caller stops at validation (400).
    const state = await fn(null, 'authz-matrix');
    const why = JSON.stringify(state);
    if (expected === 'allowed') expect(state.status, why).toBe(400);
    else expect(state.status, why).toBe(expected);
    expect(state.ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Pages: the source check (the page itself calls requirePage with its entry's permission, since a client
// navigation may re-render only the page, not the layouts above it; a segment with a loading.tsx also checks
// in a layout above it, else a 403 would stream as 200), then the page and its layouts are called as server
// components. Rendering stops at next-intl for an allowed role (it needs the react-server build): that is
// past the permission check, which is what is asserted.

type PageVerdict = 'passed' | 'login' | 'forbidden';
type ComponentFn = (props: Record<string, unknown>) => unknown;

/** The layouts from the app root down to the page's own folder. */
function layoutsAbove(page: string): string[] {
  const dirs = page.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = 1; i <= dirs.length; i++) {
    const f = `${dirs.slice(0, i).join('/')}/layout.tsx`;
    if (existsSync(path.join(ROOT, f))) out.push(f);
  }
  return out;
}

/** The highest folder at or above the page holding a loading.tsx (its Suspense boundary), if any. */
function topLoadingDir(page: string): string | null {
  const dirs = page.split('/').slice(0, -1);
  for (let i = 1; i <= dirs.length; i++) {
    const dir = dirs.slice(0, i).join('/');
    if (existsSync(path.join(ROOT, dir, 'loading.tsx'))) return dir;
  }
  return null;
}

/** True when the layout sits at or above the folder (so it wraps that folder's loading.tsx). */
const wraps = (layout: string, dir: string) => {
  const d = path.posix.dirname(layout);
  return dir === d || dir.startsWith(`${d}/`);
};

const requirePageCalls = (src: string) => [...src.matchAll(/requirePage\(\s*'([^']+)'/g)].map((m) => m[1]!);

function urlOfPage(file: string): string {
  const segs = file
    .split('/')
    .slice(1, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segs.join('/')}`;
}

async function verdictOf(file: string, props: Record<string, unknown>): Promise<PageVerdict> {
  const component = (await load(file)).default as ComponentFn;
  try {
    await component(props);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message === 'NEXT_REDIRECT:/login') return 'login';
    if (message === 'NEXT_FORBIDDEN') return 'forbidden';
  }
  return 'passed';
}

const toPageVerdict = (v: Verdict): PageVerdict =>
  v === 'allowed' ? 'passed' : v === 401 ? 'login' : 'forbidden';

const pageCases = PAGE_FILES.filter((f) => f in PAGE_ACCESS).flatMap((file) =>
  USERS.map((p) => {
    const expected = toPageVerdict(expectedForUser(PAGE_ACCESS[file]!, p));
    return { name: `page ${urlOfPage(file)} × ${p.label} → ${expected}`, file, p, expected };
  }),
);

describe('pages', () => {
  it.each(PAGE_FILES.filter((f) => f in PAGE_ACCESS))(
    '%s checks what its entry says in its source',
    (file) => {
      const access: PageAccess = PAGE_ACCESS[file]!;
      const own = requirePageCalls(source(file));
      const layouts = layoutsAbove(file).flatMap((l) => requirePageCalls(source(l)));
      if (access === 'public') {
        expect(own, 'a public page calls requirePage').toEqual([]);
        expect(layouts).toEqual([]);
      } else if (access === 'signed-in') {
        expect(source(file)).toMatch(/currentUser\(|requirePage\(/);
        expect(layouts).toEqual([]);
      } else {
        expect(own, `${file} must call requirePage('${access}') itself`).toContain(access);
        expect([...new Set([...own, ...layouts])], 'every requirePage above the page').toEqual([access]);
        const loading = topLoadingDir(file);
        if (loading) {
          const guard = layoutsAbove(file).filter((l) => wraps(l, loading));
          expect(
            guard.flatMap((l) => requirePageCalls(source(l))),
            `${loading}/loading.tsx needs a layout at or above it calling requirePage('${access}')`,
          ).toContain(access);
        }
      }
    },
  );

  it.each(NAV.map((n) => ({ ...n })))(
    'nav $href leads to a page requiring $permission',
    ({ href, permission }) => {
      const pages = PAGE_FILES.filter((f) => urlOfPage(f) === href);
      expect(pages, `a page for ${href}`).toHaveLength(1);
      expect(PAGE_ACCESS[pages[0]!]).toBe(permission);
    },
  );

  it.each(pageCases)('$name', async ({ file, p, expected }) => {
    signInFor(p);
    const params = paramsOf(file, undefined);
    const props = { params: Promise.resolve(params), searchParams: Promise.resolve({}), children: null };
    // The page alone decides (a client navigation may render only the page).
    expect(await verdictOf(file, props), 'the page itself').toBe(expected);
    // No layout above refuses someone the page lets in, or lets in someone it refuses more softly.
    const layouts = layoutsAbove(file);
    const verdicts: PageVerdict[] = [];
    for (const l of layouts) verdicts.push(await verdictOf(l, props));
    for (const [i, v] of verdicts.entries()) {
      if (v !== 'passed') expect(v, layouts[i]).toBe(expected);
    }
    // Above a loading.tsx, the layouts alone refuse as the page does (the first answer wins).
    const loading = topLoadingDir(file);
    if (loading && expected !== 'passed') {
      const first = verdicts.find((v, i) => v !== 'passed' && wraps(layouts[i]!, loading));
      expect(first ?? 'passed', `the layouts above ${loading}/loading.tsx`).toBe(expected);
    }
  });
});

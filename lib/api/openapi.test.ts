// The OpenAPI description against the code it describes: every route file under app/api/v1 and each method it
// exports is registered (and nothing else is), with the permission and API-key scope its handler() checks; and
// the generated document is valid OpenAPI 3.1 (the published JSON schema, placeholders, $refs).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { API_TAGS, OPENAPI_PATH, openApiDocument, registeredOperations } from '@/lib/api/openapi';
import { PERMISSIONS } from '@/lib/auth/roles';
import { SCOPES } from '@/lib/auth/scopes';
import { GET as getOpenApi } from '@/app/api/v1/openapi.json/route';

const API_DIR = path.resolve(import.meta.dirname, '../../app/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface RouteExport {
  method: string;
  path: string;
  file: string;
  /** The permission handler() is given; null when the export is not a handler() call. */
  permission: string | null;
  /** handler()'s opts.scope when the route names one ('none' for null), else undefined. */
  scope: string | undefined;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** app/api/v1/models/[id]/download/route.ts -> /api/v1/models/{id}/download (route groups dropped). */
function apiPathOf(file: string): string {
  const segments = path
    .relative(API_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== '' && !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}'));
  return ['/api/v1', ...segments].join('/');
}

/** The methods a route file exports, however it exports them, with what its handler() call says. */
function routeExports(file: string): RouteExport[] {
  const src = readFileSync(file, 'utf8');
  const names = new Set<string>();
  for (const m of src.matchAll(/export\s+(?:const|let|var)\s+([A-Z]+)\b/g)) names.add(m[1]!);
  for (const m of src.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) names.add(m[1]!);
  for (const m of src.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return [...names]
    .filter((n): n is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(n))
    .map((method) => {
      const start = src.search(
        new RegExp(`export\\s+(?:const|let|var|async\\s+function|function)\\s+${method}\\b`),
      );
      const rest = src.slice(start + 1);
      const next = rest.search(/\nexport\s/);
      const body = src.slice(start, next === -1 ? undefined : start + 1 + next);
      const call = /=\s*handler(?:<[^(]*>)?\(\s*'([^']+)'/.exec(body);
      const scope = /\bscope:\s*(?:'([a-z]+)'|(null))/.exec(body);
      return {
        method,
        path: apiPathOf(file),
        file: path.relative(API_DIR, file),
        permission: call ? call[1]! : null,
        scope: scope ? (scope[1] ?? 'none') : undefined,
      };
    });
}

const routes = routeFiles(API_DIR).flatMap(routeExports);
const key = (method: string, p: string) => `${method.toUpperCase()} ${p}`;

describe('OpenAPI description vs the route files', () => {
  it('finds the route files it checks', () => {
    // A broken scan would make every comparison below pass vacuously.
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => key(r.method, r.path))).toContain('POST /api/v1/models/{id}/promote');
  });

  it('registers every exported method of every route file, and nothing without a route file', () => {
    const doc = openApiDocument();
    const inFiles = routes.map((r) => key(r.method, r.path)).sort();
    const inDoc = Object.entries(doc.paths ?? {})
      .flatMap(([p, item]) =>
        Object.keys(item)
          .filter((m) => (METHODS as readonly string[]).includes(m.toUpperCase()))
          .map((m) => key(m, p)),
      )
      .sort();
    const missing = inFiles.filter((k) => !inDoc.includes(k));
    const orphans = inDoc.filter((k) => !inFiles.includes(k));
    expect(missing, 'route methods with no registration in lib/api/openapi.ts').toEqual([]);
    expect(orphans, 'registered operations with no route file exporting that method').toEqual([]);
  });

  it('documents the permission and API-key scope each handler() checks', () => {
    const ops = new Map(registeredOperations().map((o) => [key(o.method, o.path), o]));
    for (const r of routes) {
      const op = ops.get(key(r.method, r.path));
      if (!op) continue; // reported by the test above
      const where = `${r.method} ${r.path} (${r.file})`;
      expect(op.permission, `${where}: registered permission`).toBe(r.permission);
      if (r.scope !== undefined) {
        expect(op.scope ?? 'none', `${where}: handler() names scope ${r.scope}`).toBe(r.scope);
      }
    }
  });

  it('names an existing permission, scope and tag for every operation', () => {
    const tags = new Set<string>(API_TAGS.map((t) => t.name));
    for (const op of registeredOperations()) {
      if (op.permission !== null) expect(PERMISSIONS).toContain(op.permission);
      if (op.scope !== null) expect(SCOPES).toContain(op.scope);
      expect(tags.has(op.tag), `${op.path}: tag ${op.tag}`).toBe(true);
      expect(op.roles.length, `${op.method} ${op.path}: no role may call it`).toBeGreaterThan(0);
    }
  });
});

/** Every $ref in the document, with where it is. */
function refsOf(node: unknown, at: string, out: { ref: string; at: string }[] = []) {
  if (Array.isArray(node)) node.forEach((v, i) => refsOf(v, `${at}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, at });
      else refsOf(v, `${at}/${k}`, out);
    }
  }
  return out;
}

function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

describe('the generated document', () => {
  const doc = openApiDocument();

  it('is valid OpenAPI 3.1 by the published schema', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors ?? [], 'schema violations').toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('declares exactly the {placeholders} of each path as required path parameters', () => {
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      const placeholders = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(item as Record<string, { parameters?: unknown[] }>)) {
        const params = (op.parameters ?? []) as { in: string; name: string; required?: boolean }[];
        const inPath = params.filter((x) => x.in === 'path');
        expect(inPath.map((x) => x.name).sort(), `${method.toUpperCase()} ${p}`).toEqual(placeholders);
        for (const x of inPath) expect(x.required, `${p}: ${x.name} must be required`).toBe(true);
        const names = params.map((x) => `${x.in}:${x.name}`);
        expect(new Set(names).size, `${method.toUpperCase()} ${p}: duplicate parameters`).toBe(names.length);
      }
    }
  });

  it('resolves every $ref', () => {
    const refs = refsOf(doc, '#');
    expect(refs.length).toBeGreaterThan(10);
    const broken = refs.filter((r) => resolvePointer(doc, r.ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('gives every operation an id, a summary, a success answer and a declared security scheme', () => {
    const ids = new Set<string>();
    const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
    for (const [p, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, raw] of Object.entries(item)) {
        const op = raw as {
          operationId?: string;
          summary?: string;
          responses: Record<string, unknown>;
          security?: Record<string, string[]>[];
        };
        const where = `${method.toUpperCase()} ${p}`;
        expect(op.operationId, where).toBeTruthy();
        expect(ids.has(op.operationId!), `${where}: duplicate operationId`).toBe(false);
        ids.add(op.operationId!);
        expect(op.summary, where).toBeTruthy();
        expect(
          Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
          `${where}: no 2xx`,
        ).toBe(true);
        for (const req of op.security ?? []) {
          for (const name of Object.keys(req))
            expect(schemes.has(name), `${where}: scheme ${name}`).toBe(true);
        }
      }
    }
  });

  it('describes error answers with the common { error: { code, message } } shape', () => {
    const score = doc.paths?.['/api/v1/score']?.post;
    expect(Object.keys(score?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '413', '415', '422', '429', '503']),
    );
    const apiError = doc.components?.schemas?.ApiError as { properties?: Record<string, unknown> };
    expect(Object.keys(apiError.properties ?? {})).toEqual(['error']);
    expect(JSON.stringify(score?.responses?.['429'])).toContain('Retry-After');
  });
});

describe(`GET ${OPENAPI_PATH}`, () => {
  it('answers the document, publicly cacheable for 5 minutes', async () => {
    const res = await getOpenApi(new Request(`http://localhost${OPENAPI_PATH}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toBe(openApiDocument().openapi);
    expect(Object.keys(body.paths)).toContain('/api/v1/score');
  });
});

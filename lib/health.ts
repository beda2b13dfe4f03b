// Readiness: database reachable, migrations current, and the champion model loaded when there is one. The
// messages are diagnostics for operators (driver and loader errors as they came); GET /api/v1/health shows
// them to signed-in callers only.
import 'server-only';
import { pool } from '@/lib/db';
import { migrationStatus } from '@/lib/db/migrate';

export interface Health {
  status: 'ok' | 'degraded' | 'down';
  database: { ok: boolean; message?: string };
  migrations: { ok: boolean; applied: number; pending: string[]; modified: string[]; failed: string[] };
  model: { ok: boolean; loaded: boolean; version: string | null; message?: string };
  checkedAt: string;
}

/**
 * The champion-model check, registered by lib/models/champion.ts. Kept on globalThis because Next compiles
 * instrumentation and route handlers into separate module graphs, each with its own copy of this module.
 */
type ModelCheck = () => Promise<Health['model']>;
const defaultModelCheck: ModelCheck = async () => ({ ok: true, loaded: false, version: null });
const checks = globalThis as unknown as { __proativaModelCheck?: ModelCheck };
export function registerModelHealthCheck(fn: ModelCheck) {
  checks.__proativaModelCheck = fn;
}

export async function checkHealth(): Promise<Health> {
  const checkedAt = new Date().toISOString();
  const h: Health = {
    status: 'ok',
    database: { ok: false },
    migrations: { ok: false, applied: 0, pending: [], modified: [], failed: [] },
    model: { ok: false, loaded: false, version: null },
    checkedAt,
  };
  try {
    await pool().query('select 1');
    h.database = { ok: true };
  } catch (e) {
    h.database = { ok: false, message: e instanceof Error ? e.message : 'unreachable' };
    h.status = 'down';
    h.model = { ok: false, loaded: false, version: null };
    return h;
  }
  try {
    // Through the app's pool: a load balancer probing every few seconds must not open a connection each time.
    const s = await migrationStatus(pool());
    h.migrations = {
      ok: s.pending.length === 0 && s.modified.length === 0 && s.failed.length === 0,
      applied: s.applied.length,
      pending: s.pending,
      modified: s.modified,
      failed: s.failed,
    };
  } catch (e) {
    h.migrations.ok = false;
    h.migrations.failed = [e instanceof Error ? e.message : 'unknown'];
  }
  try {
    h.model = await (checks.__proativaModelCheck ?? defaultModelCheck)();
  } catch (e) {
    h.model = {
      ok: false,
      loaded: false,
      version: null,
      message: e instanceof Error ? e.message : 'model check failed',
    };
  }
  if (!h.migrations.ok) h.status = 'down';
  else if (!h.model.ok) h.status = 'degraded';
  return h;
}

// Portfolio administration (admins): portfolios and their manager, region/segment rules, applying the rules
// to every unpinned client, and pinning a client by hand. Each change is audited.
import 'server-only';
import { db, pool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { audit } from '@/lib/audit';
import type { Actor } from '@/lib/auth/session';
import { applyPortfolioRules, followClients } from '@/lib/alerts/portfolio-rules';

export interface PortfolioView {
  id: string;
  name: string;
  managerId: string | null;
  managerName: string | null;
  clients: number;
  openAlerts: number;
  rules: { id: string; region: string | null; segment: string | null; priority: number }[];
}

export async function listPortfolios(): Promise<{
  portfolios: PortfolioView[];
  pool: { clients: number; openAlerts: number };
  managers: { id: string; name: string }[];
}> {
  const [p, rules, poolCounts, managers] = await Promise.all([
    pool().query<Omit<PortfolioView, 'rules'>>(
      `SELECT p.id, p.name, p."managerId", u.name AS "managerName",
              (SELECT count(*)::int FROM "Client" c WHERE c."portfolioId" = p.id) AS clients,
              (SELECT count(*)::int FROM "Alert" a WHERE a."portfolioId" = p.id AND a."openClientId" IS NOT NULL)
                AS "openAlerts"
         FROM "Portfolio" p LEFT JOIN "User" u ON u.id = p."managerId" ORDER BY p.name`,
    ),
    pool().query<{
      id: string;
      portfolioId: string;
      region: string | null;
      segment: string | null;
      priority: number;
    }>(
      `SELECT id::text AS id, "portfolioId", region, segment, priority FROM "PortfolioRule" ORDER BY priority, id`,
    ),
    pool().query<{ clients: number; openAlerts: number }>(
      `SELECT (SELECT count(*)::int FROM "Client" WHERE "portfolioId" IS NULL) AS clients,
              (SELECT count(*)::int FROM "Alert" WHERE "portfolioId" IS NULL AND "openClientId" IS NOT NULL)
                AS "openAlerts"`,
    ),
    pool().query<{ id: string; name: string }>(
      `SELECT id, name FROM "User" WHERE active AND role = 'MANAGER' ORDER BY name`,
    ),
  ]);
  return {
    portfolios: p.rows.map((x) => ({
      ...x,
      rules: rules.rows.filter((r) => r.portfolioId === x.id).map(({ portfolioId: _p, ...r }) => r),
    })),
    pool: poolCounts.rows[0] ?? { clients: 0, openAlerts: 0 },
    managers: managers.rows,
  };
}

async function checkManager(managerId: string | undefined) {
  if (!managerId) return;
  const u = await db.user.findUnique({ where: { id: managerId } });
  if (!u || !u.active || u.role !== 'MANAGER') {
    throw new AppError('alerts.managerInvalid', {}, 422, 'managerId');
  }
}

function uniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; constraint?: string; meta?: { target?: unknown } };
  if (err?.code === '23505') return err.constraint ?? 'unique';
  if (err?.code === 'P2002') return JSON.stringify(err.meta?.target ?? 'unique');
  return null;
}

async function savePortfolio(
  actor: Actor,
  input: { id?: string; name: string; managerId?: string },
): Promise<{ id: string; name: string }> {
  await checkManager(input.managerId);
  try {
    const r = input.id
      ? await pool().query<{ id: string }>(
          `UPDATE "Portfolio" SET name = $2, "managerId" = $3, "updatedAt" = now() WHERE id = $1 RETURNING id`,
          [input.id, input.name, input.managerId ?? null],
        )
      : await pool().query<{ id: string }>(
          `INSERT INTO "Portfolio" (id, name, "managerId") VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
          [input.name, input.managerId ?? null],
        );
    const id = r.rows[0]?.id;
    if (!id) throw new AppError('alerts.portfolioNotFound', {}, 404);
    await audit(actor, input.id ? 'portfolio.update' : 'portfolio.create', id, {
      name: input.name,
      managerId: input.managerId ?? null,
    });
    return { id, name: input.name };
  } catch (e) {
    const u = uniqueViolation(e);
    if (u?.includes('managerId')) throw new AppError('alerts.managerTaken', {}, 409, 'managerId');
    if (u) throw new AppError('alerts.portfolioNameTaken', {}, 409, 'name');
    throw e;
  }
}

export const createPortfolio = (actor: Actor, input: { name: string; managerId?: string }) =>
  savePortfolio(actor, input);
export const updatePortfolio = (actor: Actor, input: { id: string; name: string; managerId?: string }) =>
  savePortfolio(actor, input);

export async function addPortfolioRule(
  actor: Actor,
  input: { portfolioId: string; region?: string; segment?: string; priority: number },
) {
  const p = await pool().query(`SELECT 1 FROM "Portfolio" WHERE id = $1`, [input.portfolioId]);
  if (!p.rowCount) throw new AppError('alerts.portfolioNotFound', {}, 404);
  const r = await pool().query<{ id: string }>(
    `INSERT INTO "PortfolioRule" ("portfolioId", region, segment, priority) VALUES ($1, $2, $3, $4)
     RETURNING id::text AS id`,
    [input.portfolioId, input.region ?? null, input.segment ?? null, input.priority],
  );
  await audit(actor, 'portfolio.rule.add', input.portfolioId, {
    region: input.region ?? null,
    segment: input.segment ?? null,
    priority: input.priority,
  });
  return { id: r.rows[0]!.id };
}

export async function deletePortfolioRule(actor: Actor, id: string) {
  const r = await pool().query<{ portfolioId: string }>(
    `DELETE FROM "PortfolioRule" WHERE id = $1::bigint RETURNING "portfolioId"`,
    [id],
  );
  if (!r.rowCount) throw new AppError('alerts.ruleNotFound', {}, 404);
  await audit(actor, 'portfolio.rule.delete', r.rows[0]!.portfolioId, { ruleId: id });
}

/** Recomputes Client.portfolioId for every unpinned client in one UPDATE (and moves their unclaimed alerts). */
export async function applyRules(actor: Actor) {
  const client = await pool().connect();
  try {
    await client.query('BEGIN');
    const r = await applyPortfolioRules(client);
    await client.query('COMMIT');
    await audit(actor, 'portfolio.rules.apply', null, r);
    return r;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** Pins a client to a portfolio or to the pool, or unpins it (back to the rules, applied at once for it). */
export async function pinClient(actor: Actor, input: { externalId: string; portfolioId: string }) {
  const c = await pool().query<{ id: string }>(
    `SELECT id::text AS id FROM "Client" WHERE "externalId" = $1`,
    [input.externalId],
  );
  const clientId = c.rows[0]?.id;
  if (!clientId) {
    throw new AppError('alerts.clientNotFound', { externalId: input.externalId }, 404, 'externalId');
  }
  if (input.portfolioId === 'rules') {
    await pool().query(
      `UPDATE "Client" x SET "portfolioPinned" = false, "updatedAt" = now(),
              "portfolioId" = (SELECT r."portfolioId" FROM "PortfolioRule" r
                                WHERE (r.region IS NULL OR r.region = x.region)
                                  AND (r.segment IS NULL OR r.segment = x.segment)
                                ORDER BY r.priority, r.id LIMIT 1)
        WHERE id = $1::bigint`,
      [clientId],
    );
  } else {
    const target = input.portfolioId === 'pool' ? null : input.portfolioId;
    if (target) {
      const p = await pool().query(`SELECT 1 FROM "Portfolio" WHERE id = $1`, [target]);
      if (!p.rowCount) throw new AppError('alerts.portfolioNotFound', {}, 404, 'portfolioId');
    }
    await pool().query(
      `UPDATE "Client" SET "portfolioId" = $2, "portfolioPinned" = true, "updatedAt" = now() WHERE id = $1::bigint`,
      [clientId, target],
    );
  }
  await followClients(pool(), clientId);
  await audit(actor, 'portfolio.client.pin', input.externalId, { portfolioId: input.portfolioId });
  return { pinned: input.portfolioId !== 'rules' };
}

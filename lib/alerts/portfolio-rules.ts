// Applying the portfolio rules: every client not pinned by hand gets the portfolio of the first rule that
// matches its region and segment (lowest priority, then oldest rule), or the shared pool (null) when none
// does, in one UPDATE. Open alerts nobody has claimed yet follow their client, so they reach the new manager.
// Takes any pg client or pool, so the seed (no Next.js) and the admin action share it.
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export async function applyPortfolioRules(db: Queryable): Promise<{ clients: number; alerts: number }> {
  const c = await db.query(
    `UPDATE "Client" c SET "portfolioId" = m.pid, "updatedAt" = now()
       FROM (SELECT x.id,
                    (SELECT r."portfolioId" FROM "PortfolioRule" r
                      WHERE (r.region IS NULL OR r.region = x.region)
                        AND (r.segment IS NULL OR r.segment = x.segment)
                      ORDER BY r.priority, r.id LIMIT 1) AS pid
               FROM "Client" x WHERE NOT x."portfolioPinned") m
      WHERE c.id = m.id AND c."portfolioId" IS DISTINCT FROM m.pid`,
  );
  const a = await followClients(db);
  return { clients: c.rowCount ?? 0, alerts: a };
}

/** Open, unclaimed alerts take their client's current portfolio. */
export async function followClients(db: Queryable, clientId?: string): Promise<number> {
  const r = await db.query(
    `UPDATE "Alert" a SET "portfolioId" = c."portfolioId", "updatedAt" = now()
       FROM "Client" c
      WHERE c.id = a."clientId" AND a.status = 'NEW' AND a."openClientId" IS NOT NULL
        AND a."portfolioId" IS DISTINCT FROM c."portfolioId" AND ($1::bigint IS NULL OR c.id = $1::bigint)`,
    [clientId ?? null],
  );
  return r.rowCount ?? 0;
}

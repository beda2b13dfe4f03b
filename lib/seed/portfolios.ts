// The demo team's portfolios (carteiras): three managers, each with a region of the demo book (lib/simulator
// draws clients from N, NE, CO, SE, S); the North and Center-West stay in the shared pool. Idempotent: does
// nothing once any portfolio exists. Run after the demo users and clients, before the backfill, so the
// backfilled alerts carry their portfolio.
import type pg from 'pg';
import { applyPortfolioRules } from '@/lib/alerts/portfolio-rules';

export const DEMO_PORTFOLIOS = [
  { name: 'Carteira Sudeste', managerEmail: 'gerente@proativa.demo', regions: ['SE'] },
  { name: 'Carteira Sul', managerEmail: 'gerente.sul@proativa.demo', regions: ['S'] },
  { name: 'Carteira Nordeste', managerEmail: 'gerente.nordeste@proativa.demo', regions: ['NE'] },
] as const;

export async function seedDemoPortfolios(
  pool: pg.Pool,
  log: (s: string) => void = () => undefined,
): Promise<{ created: number; clients: number }> {
  const exists = await pool.query(`SELECT 1 FROM "Portfolio" LIMIT 1`);
  if (exists.rowCount) return { created: 0, clients: 0 };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    let created = 0;
    for (const p of DEMO_PORTFOLIOS) {
      const u = await client.query<{ id: string }>(
        `SELECT id FROM "User" WHERE lower(email) = $1 AND role = 'MANAGER'`,
        [p.managerEmail],
      );
      const r = await client.query<{ id: string }>(
        `INSERT INTO "Portfolio" (id, name, "managerId") VALUES (gen_random_uuid(), $1, $2) RETURNING id`,
        [p.name, u.rows[0]?.id ?? null],
      );
      for (const region of p.regions) {
        await client.query(`INSERT INTO "PortfolioRule" ("portfolioId", region) VALUES ($1, $2)`, [
          r.rows[0]!.id,
          region,
        ]);
      }
      created++;
    }
    const applied = await applyPortfolioRules(client);
    await client.query('COMMIT');
    log(
      `Created ${created} demo portfolios; ${applied.clients} clients assigned (the rest in the shared pool).`,
    );
    return { created, clients: applied.clients };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

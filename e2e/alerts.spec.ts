// Fila de alertas in the browser. Manager A (gerente@, Carteira Sudeste) and manager B (gerente.sul@) both
// have the queue open on the same top CRITICAL alert of the shared pool; A claims it, records CONTACTED then
// OFFER_ACCEPTED on the alert page (after trying the savings simulator), and the executive's accepted count rises; B's claim, a moment later from the stale page, is refused with a message
// naming A, and B's view of the alert shows who holds it and no claim button. The spec brings its own alert
// (a pool client with a decision of yProba 0.99), so it does not depend on the demo backfill.
import crypto from 'node:crypto';
import pg from 'pg';
import { expect, test } from '@playwright/test';
import { EXTRA_USERS, ROLE_USERS, storageState } from './roles';

interface Fixture {
  alertId: string;
  externalId: string;
}

/** One NEW alert in the shared pool, at the top of the queue (reuses a scoring run when there is one). */
async function createAlert(): Promise<Fixture> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error('E2E_DATABASE_URL is not set (run through npm run test:e2e)');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    let run = (await c.query<{ id: string }>(`SELECT id FROM "ScoringRun" ORDER BY "createdAt" LIMIT 1`))
      .rows[0];
    if (!run) {
      await c.query(
        `INSERT INTO "DecisionPolicy" (version, status, "moderateThreshold", "criticalThreshold", "holdoutShare",
                                       "holdoutSalt", "performanceWindowMonths", "channelPreference", note,
                                       "approvedAt", "activatedAt")
         SELECT 1, 'ACTIVE', 0.2, 0.5, 0.05, 'e2e', 3, ARRAY['APP','EMAIL','SMS','WHATSAPP']::"Channel"[], 'default',
                now(), now()
          WHERE NOT EXISTS (SELECT 1 FROM "DecisionPolicy")`,
      );
      const model = (
        await c.query<{ id: string }>(
          `INSERT INTO "ModelVersion" (id, name, version, status, "sourceFormat", "sourceBytes", onnx, sha256, card, parity)
           VALUES (gen_random_uuid(), 'e2e-alerts-fixture', 1, 'RETIRED', 'lightgbm-text', ''::bytea, ''::bytea,
                   repeat('0', 64), '{}'::jsonb, '{}'::jsonb)
           ON CONFLICT (name, version) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        )
      ).rows[0]!;
      const policy = (await c.query<{ v: number }>(`SELECT max(version) AS v FROM "DecisionPolicy"`))
        .rows[0]!;
      run = (
        await c.query<{ id: string }>(
          `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                     "featureSetVersion", origin)
           VALUES (gen_random_uuid(), 'REALTIME', 'SUCCEEDED', '2026-11', $1, $2, 'fs-v1', 'e2e') RETURNING id`,
          [model.id, policy.v],
        )
      ).rows[0]!;
    }
    const externalId = `E2E-ALERT-${crypto.randomBytes(4).toString('hex')}`;
    const client = (
      await c.query<{ id: string }>(
        `INSERT INTO "Client" ("externalId", segment, region, "relationshipStart", name, phone, email)
         VALUES ($1, 'MASS', 'CO', DATE '2020-01-01', 'Cliente Fila Teste', '61987654321', 'fila@example.com')
         RETURNING id::text AS id`,
        [externalId],
      )
    ).rows[0]!;
    const decision = (
      await c.query<{ id: string }>(
        `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", features, "yProba", band, action, channel, holdout,
                                 "reasonCodes", "baseValue")
         SELECT r.id, $2::bigint, '2026-11', r."modelVersionId", r."policyVersion", r."featureSetVersion",
                ARRAY[]::float8[], 0.999, 'CRITICAL', 'MANAGER_CALL', 'PHONE', false, '[]'::jsonb, 0
           FROM "ScoringRun" r WHERE r.id = $1
         RETURNING id::text AS id`,
        [run.id, client.id],
      )
    ).rows[0]!;
    const alert = (
      await c.query<{ id: string }>(
        `INSERT INTO "Alert" (id, "clientId", "openClientId", status, "decisionId", "yProba", "asOfMonth",
                              exposure, "creditLimit", "slaDueAt")
         VALUES (gen_random_uuid(), $1::bigint, $1::bigint, 'NEW', $2::bigint, 0.999, '2026-11', 9800, 10000,
                 now() + interval '2 days')
         RETURNING id`,
        [client.id, decision.id],
      )
    ).rows[0]!;
    await c.query('COMMIT');
    return { alertId: alert.id, externalId };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

test('a manager claims the top CRITICAL alert and records the outcome; a second manager is told who has it', async ({
  browser,
}) => {
  const f = await createAlert();
  const a = await browser.newContext({ storageState: storageState('MANAGER') });
  const b = await browser.newContext({ storageState: storageState('MANAGER_SUL') });
  const exec = await browser.newContext({ storageState: storageState('EXECUTIVE') });
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  const pageE = await exec.newPage();
  // The executive's count of accepted offers (digital offers plus alerts closed on an accepted offer).
  const acceptedKpi = async () => {
    await pageE.goto('/executive');
    const text = await pageE.getByTestId('kpi-accepted').locator('div').nth(1).innerText();
    return Number(text.replace(/\D/g, ''));
  };
  try {
    const acceptedBefore = await acceptedKpi();
    // Both open the queue on the shared pool: the fixture alert is the top CRITICAL one there.
    for (const p of [pageA, pageB]) {
      await p.goto('/alerts?scope=pool');
      const top = p.getByTestId('queue-row').first();
      await expect(top).toHaveAttribute('data-alert-id', f.alertId);
      await expect(top.getByTestId('queue-claim')).toBeVisible();
    }

    // A claims it.
    await pageA.getByTestId('queue-row').first().getByTestId('queue-claim').click();
    await expect(pageA.locator(`[data-alert-id="${f.alertId}"]`).getByTestId('queue-assignee')).toHaveText(
      ROLE_USERS.MANAGER.name,
    );

    // B, on the stale page, claims too and is told who holds it.
    const rowB = pageB.locator(`[data-alert-id="${f.alertId}"]`);
    await rowB.getByTestId('queue-claim').click();
    await expect(rowB.getByTestId('queue-claim-status')).toContainText(ROLE_USERS.MANAGER.name);

    // A records CONTACTED, then OFFER_ACCEPTED, on the alert page.
    await pageA.goto(`/alerts/${f.alertId}`);
    // The savings simulator, prefilled with the client's balance: a longer term changes what the client saves.
    const savings = pageA.getByTestId('simulator-savings');
    await expect(savings).toContainText('R$');
    const before = await savings.innerText();
    await pageA.getByTestId('simulator-term').fill('24');
    await expect(savings).not.toHaveText(before);
    const workflow = pageA.getByTestId('alert-workflow');
    await workflow.getByLabel('Anotação').fill('Cliente topou conversar sobre consolidar a dívida.');
    await workflow.getByTestId('alert-move-CONTACTED').click();
    await expect(workflow.getByTestId('alert-status')).toHaveAttribute('data-status', 'CONTACTED');
    await workflow.getByTestId('alert-move-OFFER_ACCEPTED').click();
    await expect(workflow.getByTestId('alert-status')).toHaveAttribute('data-status', 'OFFER_ACCEPTED');
    await expect(workflow.getByTestId('alert-events').locator('li')).toHaveCount(3);

    // B sees who holds it, and no way to claim or move it.
    await pageB.goto(`/alerts/${f.alertId}`);
    const wB = pageB.getByTestId('alert-workflow');
    await expect(wB.getByTestId('alert-holder')).toContainText(ROLE_USERS.MANAGER.name);
    await expect(wB.getByTestId('alert-claim')).toHaveCount(0);
    await expect(wB.getByTestId('alert-move-CLOSED')).toHaveCount(0);
    expect(EXTRA_USERS.MANAGER_SUL.role).toBe('MANAGER');

    // The conversion appears where the executive looks.
    expect(await acceptedKpi()).toBeGreaterThanOrEqual(acceptedBefore + 1);
  } finally {
    await a.close();
    await b.close();
    await exec.close();
  }
});

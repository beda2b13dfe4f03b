// What a proposed policy would change on a batch run of BENCH_CLIENTS decisions (default 1,000,000): the time
// policyImpact takes (one SQL aggregation over the run's stored scores, plus the holdout re-draw when the
// proposal changes the control group), with the same salt and share, a larger share, and a new salt.
// Floor: one bare aggregation of the same run's decisions (bands and holdout counted at the proposed
// thresholds), best of 3. Runs in a throwaway database on the harness's cluster.
//   BENCH_POLICY_DECISIONS=1000000 npm run bench -- policy-impact
import type { Actor } from '@/lib/auth/session';
import { DEFAULT_POLICY } from '@/lib/policy/policy';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { loadAverage, type Figure, type SectionContext } from './harness';
import { insertBenchClients, productScratch } from './scratch';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function benchPolicyImpact(ctx: SectionContext): Promise<Figure[]> {
  const n = ctx.params.policyDecisions;
  const figures: Figure[] = [];
  const { pool, close } = await productScratch('proativa_bench_policy');
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  const { policyImpact, proposePolicy } = await import('@/lib/policy/workflow');
  try {
    const p = pool();
    ctx.log(`\n== Policy impact on a run of ${fmt(n)} decisions ==`);
    await ensureDefaultPolicy();
    // The proposer, for the audit rows.
    await p.query(
      `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
       VALUES ('00000000-0000-4000-8000-0000000000bf', 'bench@local', 'bench', 'x', 'DATA_SCIENTIST', now())`,
    );
    let t = Date.now();
    await insertBenchClients(p, n);
    await p.query(
      `INSERT INTO "ModelVersion" (id, name, version, "sourceFormat", "sourceBytes", onnx, sha256, "featureNames",
                                   card, parity)
       VALUES ('00000000-0000-4000-8000-0000000000be', 'bench', 1, 'onnx', '\\x00', '\\x00', '0',
               ARRAY[]::text[], '{}', '{}')`,
    );
    const run = await p.query<{ id: string }>(
      `INSERT INTO "ScoringRun" (id, kind, status, "asOfMonth", "modelVersionId", "policyVersion",
                                 "featureSetVersion", "finishedAt")
       VALUES (gen_random_uuid(), 'BATCH', 'SUCCEEDED', '2026-10', '00000000-0000-4000-8000-0000000000be', 1,
               'fs-v1', now()) RETURNING id`,
    );
    // Rows as wide as real ones (every feature value, three reason codes): the aggregation reads the heap.
    // Scores skewed towards low risk, like a real book; bands and holdout as v1 decided them.
    await p.query(
      `INSERT INTO "Decision" ("runId", "clientId", "asOfMonth", "modelVersionId", "policyVersion",
                               "featureSetVersion", features, "yProba", band, action, channel, holdout,
                               "reasonCodes", "baseValue")
       SELECT $1, c.id, '2026-10', '00000000-0000-4000-8000-0000000000be', 1, 'fs-v1',
              array_fill(0.5::float8, ARRAY[$2::int]), s.y,
              (CASE WHEN s.y >= 0.5 THEN 'CRITICAL' WHEN s.y >= 0.2 THEN 'MODERATE' ELSE 'LOW' END)::"Band",
              'NONE', 'NONE',
              (('x' || left(encode(sha256(convert_to(c."externalId" || ':v1', 'UTF8')), 'hex'), 12))::bit(48)::bigint
                / 2::float8 ^ 48) < 0.05,
              $3::jsonb, 0
         FROM "Client" c CROSS JOIN LATERAL (SELECT power(random() + 0 * c.id, 3) AS y) s`,
      [
        run.rows[0]!.id,
        NUM_FEATURES,
        JSON.stringify(
          ['utilizacao_limite_media_3m', 'atraso_max_6m', 'renda_comprometida'].map((feature, i) => ({
            feature,
            contribution: 0.5 / (i + 1),
            value: 0.9,
          })),
        ),
      ],
    );
    await p.query('VACUUM ANALYZE "Decision"');
    const size = await p.query<{ s: string }>(`SELECT pg_size_pretty(pg_relation_size('"Decision"')) AS s`);
    ctx.log(
      `inserted ${fmt(n)} clients and decisions in ${((Date.now() - t) / 1000).toFixed(1)} s (Decision heap ${size.rows[0]!.s})`,
    );

    const actor: Actor = {
      kind: 'user',
      id: '00000000-0000-4000-8000-0000000000bf',
      name: 'bench',
      email: null,
      role: 'DATA_SCIENTIST',
      locale: 'en',
    };
    const { version: _v, ...rules } = DEFAULT_POLICY;
    const cases = [
      [
        'thresholds 0.15/0.45, same control group',
        { ...rules, thresholds: { moderate: 0.15, critical: 0.45 } },
      ],
      ['share 5% -> 10%, same salt', { ...rules, holdoutShare: 0.1 }],
      ['share 5% -> 2%, same salt', { ...rules, holdoutShare: 0.02 }],
      ['new salt (a fresh control group)', { ...rules, holdoutSalt: 'v2' }],
    ] as const;
    const runId = run.rows[0]!.id;
    // The floor: the one aggregation any impact needs, by hand, at the proposal's thresholds.
    const bareAggregate = async (moderate: number, critical: number) => {
      let best = Infinity;
      for (let rep = 0; rep < 3; rep++) {
        const t0 = performance.now();
        await p.query(
          `SELECT band, count(*) AS n, count(*) FILTER (WHERE holdout) AS holdout,
                  count(*) FILTER (WHERE "yProba" >= $3) AS critical,
                  count(*) FILTER (WHERE "yProba" >= $2 AND "yProba" < $3) AS moderate
             FROM "Decision" WHERE "runId" = $1 GROUP BY band`,
          [runId, moderate, critical],
        );
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    for (const [label, r] of cases) {
      const { version } = await proposePolicy({ rules: r, note: label }, actor);
      const loadBefore = loadAverage();
      t = performance.now();
      const impact = await policyImpact(version);
      const ms = performance.now() - t;
      t = performance.now();
      await policyImpact(version);
      const cached = performance.now() - t;
      const c = impact.comparison!;
      const floorMs = await bareAggregate(r.thresholds.moderate, r.thresholds.critical);
      figures.push(
        ctx.figure(
          `policyImpact: ${label}`,
          ms,
          'ms',
          { name: 'bare aggregation of the decisions', value: floorMs, unit: 'ms' },
          { loadBefore, details: { decisions: c.total, cachedMs: cached } },
        ),
      );
      ctx.log(
        `${label}: ${fmt(ms)} ms (${fmt((c.total / ms) * 1000)} decisions/s; cached ${cached.toFixed(2)} ms) ` +
          `bands now ${fmt(c.current.LOW)}/${fmt(c.current.MODERATE)}/${fmt(c.current.CRITICAL)}, ` +
          `proposed ${fmt(c.proposed.LOW)}/${fmt(c.proposed.MODERATE)}/${fmt(c.proposed.CRITICAL)}, ` +
          `holdout ${fmt(impact.holdout!.current)} -> ${fmt(impact.holdout!.proposed)}`,
      );
    }
    return figures;
  } finally {
    await close();
  }
}

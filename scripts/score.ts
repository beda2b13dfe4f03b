// `npm run score -- --as-of YYYY-MM [--json] [--no-work] [--chunk N]`: starts a batch scoring run for an as-of
// month with the champion and the active policy, and (unless --no-work) works its chunks in this process
// until the run is finished, so it needs nothing else running; with --no-work it only queues the run for
// the workers. With --json it prints one JSON object: runId, asOfMonth, modelVersion, policyVersion,
// clients, decisions, counts per band, holdout, alertsOpened, offersQueued, unchanged, seconds.
// `npm run score -- --resume RUN_ID [--json] [--no-work]` reopens a FAILED or CANCELLED run instead (its
// unfinished chunks are queued again, lib/scoring/resume.ts) and then works or leaves it the same way.
import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { resetEnvCache } from '@/lib/env';
import { translateKey } from '@/lib/i18n/translate';
import { cliLocale, runCli } from './cli-util';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const USAGE = `Usage: npm run score -- --as-of YYYY-MM [--json] [--no-work] [--chunk N]
       npm run score -- --resume RUN_ID [--json] [--no-work]
  --as-of    the as-of month to score (features as of that month)
  --resume   resume a FAILED or CANCELLED run: its unfinished chunks are queued again
  --json     print exactly one JSON object (the run's result) on stdout
  --no-work  queue the run and return at once: \`npm run worker\` processes (or the web app) work it
  --chunk    clients per chunk (default 10000)`;

class UsageError extends Error {}

interface Args {
  asOf?: string;
  resume?: string;
  json: boolean;
  work: boolean;
  chunk?: number;
}

export function parseArgs(argv: readonly string[]): Args {
  let asOf: string | undefined;
  let resume: string | undefined;
  let json = false;
  let work = true;
  let chunk: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string) => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value.\n${USAGE}`);
      return v;
    };
    if (a === '--json') json = true;
    else if (a === '--no-work') work = false;
    else if (a === '--as-of' || a.startsWith('--as-of=')) asOf = value('--as-of');
    else if (a === '--resume' || a.startsWith('--resume=')) resume = value('--resume');
    else if (a === '--chunk' || a.startsWith('--chunk=')) {
      const v = value('--chunk');
      if (!/^\d{1,7}$/.test(v)) throw new UsageError(`--chunk must be a whole number, got '${v}'.`);
      chunk = Number(v);
    } else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`Unknown argument '${a}'.\n${USAGE}`);
  }
  if (resume !== undefined) {
    if (asOf !== undefined || chunk !== undefined) {
      throw new UsageError(`--resume cannot be combined with --as-of or --chunk.\n${USAGE}`);
    }
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(resume)) {
      throw new UsageError(`--resume needs a run id (a uuid), got '${resume}'.`);
    }
    return { resume, json, work };
  }
  if (!asOf) throw new UsageError(`--as-of is required.\n${USAGE}`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(asOf)) throw new UsageError(`--as-of must be YYYY-MM, got '${asOf}'.`);
  return { asOf, json, work, ...(chunk === undefined ? {} : { chunk }) };
}

export async function runScoreCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const started = Date.now();
  const database = await openDatabase((s) => io.stderr(s));
  try {
    await migrate(database.url, { log: (s) => io.stderr(s) });
    process.env.DATABASE_URL = database.url;
    resetEnvCache();
    const { createBatchRun, workRunHere } = await import('@/lib/scoring/batch');
    const { resumeRun } = await import('@/lib/scoring/resume');
    const { pool, closeDb } = await import('@/lib/db');
    const { stopBoss } = await import('@/lib/jobs/queue');
    const { isAppError } = await import('@/lib/errors');
    try {
      let run: {
        id: string;
        asOfMonth: string;
        policyVersion: number;
        clientsTotal: number;
        chunksTotal: number;
      };
      let resumedChunks: number | null = null;
      if (args.resume) {
        const resumed = await resumeRun(args.resume, null);
        resumedChunks = resumed.chunks;
        run = (
          await pool().query<typeof run>(
            `SELECT id, "asOfMonth", "policyVersion", "clientsTotal", "chunksTotal" FROM "ScoringRun" WHERE id = $1`,
            [args.resume],
          )
        ).rows[0]!;
        if (!args.json) {
          io.stderr(
            `Run ${run.id} resumed: ${resumed.chunks} of ${run.chunksTotal} chunks queued again ` +
              `(decisions already written stay)`,
          );
        }
      } else {
        run = await createBatchRun(
          { asOfMonth: args.asOf!, origin: 'cli', ...(args.chunk ? { chunkClients: args.chunk } : {}) },
          null,
        );
        if (!args.json) {
          io.stderr(
            `Run ${run.id}: ${run.clientsTotal.toLocaleString('en-US')} clients in ${run.chunksTotal} chunks`,
          );
        }
      }
      if (args.work) {
        let last = 0;
        const progress = setInterval(async () => {
          if (args.json) return;
          const r = await pool().query<{ d: number }>(
            `SELECT "clientsDone" AS d FROM "ScoringRun" WHERE id = $1`,
            [run.id],
          );
          const d = r.rows[0]?.d ?? 0;
          if (d !== last)
            io.stderr(`  … ${d.toLocaleString('en-US')} / ${run.clientsTotal.toLocaleString('en-US')}`);
          last = d;
        }, 2000);
        try {
          await workRunHere(run.id);
        } finally {
          clearInterval(progress);
        }
      }
      const r = (
        await pool().query<{
          status: string;
          decisions: number;
          unchanged: number;
          holdout: number;
          alertsOpened: number;
          offersQueued: number;
          clientsTotal: number;
          summary: { counts?: Record<string, number> } | null;
          message: string | null;
          model: string;
        }>(
          `SELECT r.status, r.decisions, r.unchanged, r.holdout, r."alertsOpened", r."offersQueued",
                  r."clientsTotal", r.summary, r.message, m.name || ' v' || m.version AS model
             FROM "ScoringRun" r JOIN "ModelVersion" m ON m.id = r."modelVersionId" WHERE r.id = $1`,
          [run.id],
        )
      ).rows[0]!;
      const result = {
        runId: run.id,
        ...(resumedChunks === null ? {} : { resumedChunks }),
        status: r.status,
        asOfMonth: run.asOfMonth,
        modelVersion: r.model,
        policyVersion: run.policyVersion,
        clients: r.clientsTotal,
        decisions: r.decisions,
        counts: r.summary?.counts ?? null,
        holdout: r.holdout,
        alertsOpened: r.alertsOpened,
        offersQueued: r.offersQueued,
        unchanged: r.unchanged,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      };
      if (args.json) io.stdout(JSON.stringify(result));
      else {
        io.stdout(
          [
            `Run ${run.id} ${r.status} (${result.seconds} s): ${run.asOfMonth}, ${r.model}, policy v${run.policyVersion}`,
            `  clients    ${r.clientsTotal}`,
            `  decisions  ${r.decisions}${r.unchanged ? ` (${r.unchanged} unchanged since an earlier run)` : ''}`,
            ...(result.counts ? Object.entries(result.counts).map(([b, n]) => `  ${b.padEnd(10)} ${n}`) : []),
            `  holdout    ${r.holdout}`,
            `  alerts     ${r.alertsOpened} opened`,
            `  offers     ${r.offersQueued} queued`,
          ].join('\n'),
        );
      }
      if (args.work && r.status !== 'SUCCEEDED') {
        io.stderr(`Error: the run ended ${r.status}${r.message ? `: ${r.message}` : ''}`);
        return 1;
      }
      return 0;
    } catch (e) {
      if (isAppError(e)) {
        io.stderr(`Error: ${translateKey(cliLocale(), `errors.${e.code}`, e.params)}`);
        return 1;
      }
      throw e;
    } finally {
      await stopBoss().catch(() => undefined);
      await closeDb();
    }
  } finally {
    await database.close();
  }
}

runCli(import.meta.url, runScoreCli);

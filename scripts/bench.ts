// `npm run bench [-- --quick] [-- section ...]`: one harness for every performance figure the issues ask for.
// It starts its own PostgreSQL cluster in .bench/pg, builds the simulated portfolio once per set of parameters
// (cached there, see scripts/bench/portfolio.ts), runs each section with a progress line, and ends with one
// table and a results file: bench/results.json (a full run of every section, read by the README's Performance
// section) or, git-ignored, bench/results.quick.json (--quick: every section at a tenth of the size or smaller,
// under two minutes, run by CI so the harness cannot rot) and results.partial.json / results.quick-partial.json
// (runs of named sections, which never overwrite the full results). Every figure stands next to its floor measured in the same
// run (scripts/bench/harness.ts). Exits non-zero when a section fails.
//
// Sections: parse (CSV parse+validate, memory vs file size), db (ingestion rows/s vs a bare COPY of the same
// rows; fs-v1 batch features), features (pure fs-v1 clients/s), training (GBDT on UCI and synthetic data),
// inference (the product's scorer vs the raw ONNX session), scoring (a batch run on the cached portfolio with
// 1 and 2 worker processes vs raw inference and a bare COPY of its decisions), treeshap (exact TreeSHAP vs
// plain evaluation), policy-impact (a proposal's impact vs one aggregation of the same decisions), export (the
// month's decisions as CSV vs a bare COPY TO STDOUT of the same query, and its peak RSS vs a tenth of the rows),
// realtime-http (POST /api/v1/score on the production build under autocannon vs the no-op route), monitoring
// (the monitoring job and its reads vs floors), queue (the alert queue page's server time vs an actor-lookup
// floor), executive (the executive page's data and the monitoring JSON vs the same floor) and dispatch (the
// outbox dispatcher vs a bare UPDATE). Sizes: BENCH_CLIENTS, BENCH_MONTHS, BENCH_SEED and the per-section
// variables in scripts/bench/harness.ts (benchParams).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import prettier from 'prettier';
import { resetEnvCache } from '@/lib/env';
import {
  benchParams,
  buildResults,
  formatTable,
  loadAverage,
  machineInfo,
  makeFigure,
  makeProgress,
  mergeResults,
  resultsFileName,
  SectionSkipped,
  type BenchResults,
  type Figure,
  type Section,
  type SectionContext,
  type SectionResult,
} from './bench/harness';
import {
  copyPortfolio,
  ensurePortfolio,
  ROOT,
  startBenchCluster,
  type BenchCluster,
  type PortfolioInfo,
} from './bench/portfolio';
import { benchParse } from './bench/parse';
import { benchDb } from './bench/db';
import { benchFeaturesPure } from './bench/features-pure';
import { benchTraining } from './bench/training';
import { benchInference } from './bench/inference';
import { benchScoring } from './bench/scoring';
import { benchTreeShap } from './bench/treeshap';
import { benchPolicyImpact } from './bench/policy-impact';
import { benchExport } from './bench/export';
import { benchRealtimeHttp } from './bench/realtime-http';
import { benchMonitoring } from './bench/monitoring';
import { benchQueue } from './bench/queue';
import { benchExecutive } from './bench/executive';
import { benchDispatch } from './bench/dispatch';

const SECTIONS: Record<string, Section> = {
  parse: benchParse,
  db: benchDb,
  features: benchFeaturesPure,
  training: benchTraining,
  inference: benchInference,
  scoring: benchScoring,
  treeshap: benchTreeShap,
  'policy-impact': benchPolicyImpact,
  export: benchExport,
  'realtime-http': benchRealtimeHttp,
  monitoring: benchMonitoring,
  queue: benchQueue,
  executive: benchExecutive,
  dispatch: benchDispatch,
};

function versionOf(pkg: string): string {
  try {
    const file = path.join(ROOT, 'node_modules', pkg, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function gitState(): BenchResults['git'] {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  if (head.status !== 0) return null;
  const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { commit: head.stdout.trim(), dirty: status.status !== 0 || status.stdout.trim() !== '' };
}

async function versions(cluster: BenchCluster): Promise<Record<string, string>> {
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  const c = new pg.Client({ connectionString: cluster.adminUrl });
  await c.connect();
  const v = await c.query<{ server_version: string }>('SHOW server_version');
  await c.end();
  return {
    node: process.version,
    npm: npm.status === 0 ? npm.stdout.trim() : 'unknown',
    postgres: v.rows[0]?.server_version ?? 'unknown',
    onnxruntime: versionOf('onnxruntime-node'),
    next: versionOf('next'),
  };
}

const say = (s: string) => console.log(s);

/** Formatted as the repository's Prettier does, so a committed results.json passes `npm run lint`. */
async function writeJson(file: string, data: unknown): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const config = (await prettier.resolveConfig(file)) ?? {};
  fs.writeFileSync(file, await prettier.format(JSON.stringify(data), { ...config, parser: 'json' }));
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const merge = args.includes('--merge');
  const asked = args.filter((a) => !a.startsWith('-'));
  const unknownFlags = args.filter((a) => a.startsWith('-') && a !== '--quick' && a !== '--merge');
  if (unknownFlags.length) {
    console.error(`Unknown option(s): ${unknownFlags.join(', ')}. Options: --quick, --merge`);
    process.exit(2);
  }
  if (merge && !asked.length) {
    console.error('--merge needs the sections to re-measure: npm run bench -- --merge scoring');
    process.exit(2);
  }
  const fullResults = path.join(ROOT, 'bench', resultsFileName(quick, false));
  if (merge && !fs.existsSync(fullResults)) {
    console.error(`--merge: ${path.relative(ROOT, fullResults)} does not exist yet (run every section once)`);
    process.exit(2);
  }
  const unknown = asked.filter((a) => !(a in SECTIONS));
  if (unknown.length) {
    console.error(`Unknown section(s): ${unknown.join(', ')}. Sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  const run = asked.length ? asked : Object.keys(SECTIONS);
  const params = benchParams(quick);
  const started = Date.now();
  const machine = machineInfo();
  say(
    `Proativa benchmarks${quick ? ' (--quick)' : ''}: ${run.length} sections on ${machine.cores} CPUs (${machine.cpuModel}), ` +
      `${machine.memoryGiB} GiB, Node ${process.version}`,
  );
  const cluster = await startBenchCluster(say);
  let portfolio: PortfolioInfo | null = null;
  const results: SectionResult[] = [];
  const stopOnSignal = () => {
    void cluster.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    const tty = Boolean(process.stdout.isTTY);
    for (const [i, name] of run.entries()) {
      // Each section makes its throwaway databases on the bench cluster and may point DATABASE_URL at them.
      process.env.DATABASE_URL = cluster.adminUrl;
      resetEnvCache();
      const loadBefore = loadAverage();
      say(`\n[${i + 1}/${run.length}] ${name} (load average ${loadBefore.join(' ')})`);
      const t = Date.now();
      const details: Record<string, unknown> = {};
      const ctx: SectionContext = {
        name,
        params,
        details,
        figure: (n, value, unit, floor, opts) => makeFigure(n, value, unit, floor, opts),
        progress: makeProgress(name, (s) => process.stdout.write(s), tty),
        log: say,
        skip: (reason) => {
          throw new SectionSkipped(reason);
        },
        portfolio: async () => {
          portfolio ??= await ensurePortfolio(
            cluster,
            { clients: params.clients, months: params.months, seed: params.seed, endMonth: params.endMonth },
            say,
            makeProgress(`${name}: portfolio`, (s) => process.stdout.write(s), tty),
          );
          return copyPortfolio(cluster, portfolio);
        },
      };
      const result: SectionResult = { name, status: 'ok', seconds: 0, loadBefore, figures: [], details };
      try {
        const figures: Figure[] = await SECTIONS[name]!(ctx);
        result.figures = figures;
      } catch (e) {
        if (e instanceof SectionSkipped) {
          result.status = 'skipped';
          result.reason = e.message;
        } else {
          result.status = 'failed';
          result.reason = e instanceof Error ? e.message : String(e);
          console.error(e);
        }
      }
      result.seconds = Math.round((Date.now() - t) / 100) / 10;
      results.push(result);
      say(
        `[${i + 1}/${run.length}] ${name}: ${result.status}${result.reason ? ` (${result.reason})` : ''}, ` +
          `${result.figures.length} figures, ${result.seconds} s`,
      );
    }
    const totalSeconds = Math.round((Date.now() - started) / 100) / 10;
    const out = buildResults({
      date: new Date().toISOString(),
      quick,
      args,
      machine,
      versions: await versions(cluster),
      git: gitState(),
      params,
      portfolio: portfolio && {
        database: (portfolio as PortfolioInfo).database,
        key: (portfolio as PortfolioInfo).key,
        reused: (portfolio as PortfolioInfo).reused,
        buildSeconds: (portfolio as PortfolioInfo).buildSeconds,
      },
      totalSeconds,
      sections: results,
    });
    const file = path.join(ROOT, 'bench', resultsFileName(quick, asked.length > 0));
    await writeJson(file, out);
    say(`\n${formatTable(results)}`);
    say(`\n${path.relative(ROOT, file)} written; total ${totalSeconds} s`);
    if (merge) {
      const fullFile = path.join(ROOT, 'bench', resultsFileName(quick, false));
      const full = JSON.parse(fs.readFileSync(fullFile, 'utf8')) as BenchResults;
      const merged = mergeResults(full, out);
      await writeJson(fullFile, merged);
      say(
        `\n${path.relative(ROOT, fullFile)}: ${asked.join(', ')} replaced by this run's; the whole table now:`,
      );
      say(`\n${formatTable(merged.sections)}`);
    }
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length) {
      console.error(`${failed.length} section(s) failed: ${failed.map((r) => r.name).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The benchmark harness's plumbing, free of I/O on the database so it can be unit-tested: the figure type (a
// figure cannot exist without its floor), the cost ratio, the parameters of a run (full or --quick), the cache
// key of the portfolio, the printed table and the shape of bench/results.json.
import crypto from 'node:crypto';
import os from 'node:os';

/** A measured quantity. Units ending in "/s" are rates (higher is better); any other unit is a cost. */
export interface Measure {
  name: string;
  value: number;
  unit: string;
}

export type LoadAverage = [number, number, number];

/** A reported figure: always next to its floor measured in the same run, with the ratio between them. */
export interface Figure extends Measure {
  floor: Measure;
  /** How many times the floor's cost this figure costs (>= 1 means slower/bigger than the floor). */
  ratio: number;
  /** The load average (1, 5, 15 min) just before the figure was measured. */
  loadBefore: LoadAverage;
  details: Record<string, unknown>;
}

export const isRate = (unit: string) => unit.endsWith('/s');

/** value / floor for a cost (ms, s, MB), floor / value for a rate (rows/s): the figure in floors. */
export function costRatio(value: number, floor: Measure, unit: string): number {
  if (floor.unit !== unit)
    throw new Error(`floor "${floor.name}" is in ${floor.unit}, the figure in ${unit}: not comparable`);
  if (!(value > 0) || !(floor.value > 0)) return NaN;
  return isRate(unit) ? floor.value / value : value / floor.value;
}

export function loadAverage(): LoadAverage {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [round2(a), round2(b), round2(c)];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function makeFigure(
  name: string,
  value: number,
  unit: string,
  floor: Measure,
  opts: { loadBefore?: LoadAverage; details?: Record<string, unknown> } = {},
): Figure {
  return {
    name,
    value,
    unit,
    floor: { ...floor },
    ratio: costRatio(value, floor, unit),
    loadBefore: opts.loadBefore ?? loadAverage(),
    details: opts.details ?? {},
  };
}

/** Raised by a section that cannot run here (e.g. no production build in quick mode); not a failure. */
export class SectionSkipped extends Error {
  override name = 'SectionSkipped';
}

/** Sizes of every section. Full defaults are the issues' sizes; --quick is a tenth or smaller (CI, < 2 min). */
export interface BenchParams {
  quick: boolean;
  /** The cached portfolio (scoring) and the ingestion section. */
  clients: number;
  months: number;
  seed: number;
  endMonth: string;
  /** parse: statement rows of the small and the large file. */
  parseRows: [number, number];
  featureClients: number;
  trainingRows: number;
  inferenceRows: number;
  treeshapClients: number;
  /** treeshap: clients whose labelled rows train the 140 x 31-leaf model (~16 rows each). */
  treeshapTrainedClients: number;
  policyDecisions: number;
  /** export: decisions of the large month (the small one has a tenth). */
  exportDecisions: number;
  monitoringDecisions: number;
  rtClients: number;
  rtSeconds: number;
  queueClients: number;
  queueAlerts: number;
  reps: number;
  execDecisions: number;
  execStatements: number;
  offers: number;
}

type Env = Record<string, string | undefined>;

function num(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${key} must be a positive number, got ${raw}`);
  return n;
}

export function benchParams(quick: boolean, env: Env = process.env): BenchParams {
  // Quick sizes: a tenth where that fits in CI's two minutes on two shared cores, smaller where it does not
  // (the portfolio and the batch run, whose worker start-up alone is ~10 s per run, the alert queue, the
  // executive book, the trained TreeSHAP model's rows).
  const q = <T>(full: T, small: T) => (quick ? small : full);
  const clients = num(env, 'BENCH_CLIENTS', q(1_000_000, 10_000));
  return {
    quick,
    clients,
    months: num(env, 'BENCH_MONTHS', 7),
    seed: num(env, 'BENCH_SEED', 2026),
    endMonth: '2026-10',
    parseRows: q([500_000, 2_000_000], [50_000, 200_000]),
    featureClients: num(env, 'BENCH_FEATURE_CLIENTS', q(200_000, 20_000)),
    trainingRows: num(env, 'BENCH_TRAINING_ROWS', q(200_000, 20_000)),
    inferenceRows: num(env, 'BENCH_INFERENCE_ROWS', q(1_000_000, 100_000)),
    treeshapClients: num(env, 'BENCH_TREESHAP_CLIENTS', q(100_000, 5_000)),
    treeshapTrainedClients: num(env, 'BENCH_TREESHAP_TRAINED_CLIENTS', q(8_000, 400)),
    policyDecisions: num(env, 'BENCH_POLICY_DECISIONS', q(1_000_000, 50_000)),
    exportDecisions: num(env, 'BENCH_EXPORT_DECISIONS', q(1_000_000, 20_000)),
    monitoringDecisions: num(env, 'BENCH_MONITORING_DECISIONS', q(1_000_000, 50_000)),
    rtClients: num(env, 'BENCH_RT_CLIENTS', q(6_000, 600)),
    rtSeconds: num(env, 'BENCH_RT_SECONDS', q(15, 3)),
    queueClients: num(env, 'BENCH_QUEUE_CLIENTS', q(1_000_000, 20_000)),
    queueAlerts: num(env, 'BENCH_QUEUE_ALERTS', q(100_000, 2_000)),
    reps: num(env, 'BENCH_REPS', q(30, 10)),
    execDecisions: num(env, 'BENCH_EXEC_DECISIONS', q(1_000_000, 20_000)),
    execStatements: num(env, 'BENCH_EXEC_STATEMENTS', q(10_000_000, 200_000)),
    offers: num(env, 'BENCH_OFFERS', q(20_000, 1_000)),
  };
}

/** Parameters of a section running in a child process (queue, executive): passed by the harness in env. */
export function paramsFromEnv(env: Env = process.env): BenchParams {
  return env.BENCH_PARAMS
    ? (JSON.parse(env.BENCH_PARAMS) as BenchParams)
    : benchParams(env.BENCH_QUICK === '1', env);
}

export interface PortfolioSpec {
  clients: number;
  months: number;
  seed: number;
  endMonth: string;
}

/**
 * The cache key of a built portfolio: its parameters, every migration (name and checksum) and the sources
 * that generate and ingest it. Any change gives a new database; the same inputs always the same name.
 */
export function portfolioKey(
  spec: PortfolioSpec,
  migrations: { name: string; checksum: string }[],
  sourcesDigest: string,
): string {
  const h = crypto.createHash('sha256');
  h.update(
    JSON.stringify({
      clients: spec.clients,
      months: spec.months,
      seed: spec.seed,
      endMonth: spec.endMonth,
    }),
  );
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name)))
    h.update(`\n${m.name}:${m.checksum}`);
  h.update(`\n${sourcesDigest}`);
  return h.digest('hex').slice(0, 16);
}

export const portfolioDatabaseName = (key: string) => `proativa_bench_${key}`;

export interface SectionResult {
  name: string;
  status: 'ok' | 'skipped' | 'failed';
  reason?: string;
  seconds: number;
  loadBefore: LoadAverage;
  figures: Figure[];
  details: Record<string, unknown>;
  /** Set on a section re-measured by `--merge`: when and at which commit (the file's own are the full run's). */
  measured?: { date: string; git: BenchResults['git'] };
}

export interface BenchResults {
  schema: 1;
  date: string;
  quick: boolean;
  command: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; platform: string; arch: string };
  versions: Record<string, string>;
  git: { commit: string; dirty: boolean } | null;
  params: BenchParams;
  portfolio: { database: string; key: string; reused: boolean; buildSeconds: number } | null;
  totalSeconds: number;
  sections: SectionResult[];
  /** Later runs of some sections (`--merge`) whose results replaced the full run's. */
  merges?: { date: string; git: BenchResults['git']; command: string; sections: string[] }[];
}

/** bench/results.json, assembled from what the run measured (every figure lives in its section). */
export function buildResults(r: Omit<BenchResults, 'schema' | 'command'> & { args: string[] }): BenchResults {
  const { args, ...rest } = r;
  return {
    schema: 1,
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    ...rest,
  };
}

/**
 * Where a run's results go: only a full run of every section writes bench/results.json (committed, read by the
 * README); --quick and runs of some sections write files of their own (git-ignored), so they never overwrite it.
 */
export function resultsFileName(quick: boolean, partial: boolean): string {
  if (quick) return partial ? 'results.quick-partial.json' : 'results.quick.json';
  return partial ? 'results.partial.json' : 'results.json';
}

/**
 * `npm run bench -- --merge section ...`: the named sections, re-measured, replace theirs in the full results
 * (each keeps when and at which commit it was measured), so one section can be brought up to date without
 * re-running the hour of every other. Refused when the sizes or the machine differ: the table would then mix
 * figures of different runs that cannot be compared. A section added to the harness after the full run (with
 * sizes of its own the full run did not have) is appended, its sizes added.
 */
export function mergeResults(full: BenchResults, partial: BenchResults): BenchResults {
  if (full.quick !== partial.quick)
    throw new Error('cannot merge a --quick run into a full one (or the reverse)');
  const differs = (Object.keys(partial.params) as (keyof BenchParams)[]).filter(
    (k) => k in full.params && JSON.stringify(full.params[k]) !== JSON.stringify(partial.params[k]),
  );
  if (differs.length) throw new Error(`the sizes differ from the full run's: ${differs.join(', ')}`);
  if (full.machine.cores !== partial.machine.cores || full.machine.cpuModel !== partial.machine.cpuModel) {
    throw new Error("the machine differs from the full run's");
  }
  const replaced = new Map(partial.sections.map((s) => [s.name, s] as const));
  const measured = { date: partial.date, git: partial.git };
  const added = partial.sections.filter((p) => !full.sections.some((s) => s.name === p.name));
  const newParams = (Object.keys(partial.params) as (keyof BenchParams)[]).filter((k) => !(k in full.params));
  // A section the full run did have must not bring sizes the full run lacked: the two runs' harnesses differ.
  if (newParams.length && !added.length) {
    throw new Error(
      `the sizes differ from the full run's: ${newParams.join(', ')} (new, with no new section)`,
    );
  }
  return {
    ...full,
    params: { ...partial.params, ...full.params },
    sections: [
      ...full.sections.map((s) => {
        const r = replaced.get(s.name);
        return r ? { ...r, measured } : s;
      }),
      ...added.map((s) => ({ ...s, measured })),
    ],
    merges: [
      ...(full.merges ?? []),
      { date: partial.date, git: partial.git, command: partial.command, sections: [...replaced.keys()] },
    ],
  };
}

export function machineInfo(): BenchResults['machine'] {
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: os.platform(),
    arch: os.arch(),
  };
}

/** Significant digits that read well in a table: 1,234,567 / 12,345 / 123 / 12.3 / 1.23 / 0.0123. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

/** The one table printed at the end: every figure next to its floor, skipped and failed sections last. */
export function formatTable(sections: SectionResult[]): string {
  const header = ['section', 'figure', 'value', 'floor', 'floor value', 'x floor', 'load'];
  const rows: string[][] = [];
  for (const s of sections) {
    for (const f of s.figures) {
      rows.push([
        s.name,
        f.name,
        `${formatNumber(f.value)} ${f.unit}`,
        f.floor.name,
        `${formatNumber(f.floor.value)} ${f.floor.unit}`,
        Number.isFinite(f.ratio) ? `${f.ratio.toFixed(2)}x` : 'n/a',
        f.loadBefore[0].toFixed(1),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([2, 4, 5, 6]);
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i]!, numeric.has(i))).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const s of sections) {
    if (s.status === 'ok' && s.figures.length === 0)
      out.push(`${s.name}: no figure with a floor (details in results.json)`);
    if (s.status === 'skipped') out.push(`${s.name}: skipped: ${s.reason ?? ''}`);
    if (s.status === 'failed') out.push(`${s.name}: FAILED: ${s.reason ?? ''}`);
  }
  return out.join('\n');
}

/** Progress inside a long section: rows done / total and elapsed; rewritten in place on a terminal. */
export function progressLine(section: string, done: number, total: number, elapsedMs: number, what = '') {
  const pct = total > 0 ? ` (${Math.floor((100 * done) / total)}%)` : '';
  return `  [${section}] ${what ? `${what} ` : ''}${Math.round(done).toLocaleString('en-US')} / ${Math.round(total).toLocaleString('en-US')}${pct}, ${(elapsedMs / 1000).toFixed(0)} s`;
}

export function makeProgress(section: string, write: (s: string) => void, tty: boolean) {
  const started = Date.now();
  let last = 0;
  let lastLine = '';
  return (done: number, total: number, what = '') => {
    const now = Date.now();
    // Off a terminal (CI logs) one line every 10 s at most, and the last one; never the same line twice.
    if (!tty && now - last < 10_000 && done < total) return;
    const key = `${what}|${done}|${total}`;
    if (key === lastLine) return;
    lastLine = key;
    last = now;
    const s = progressLine(section, done, total, now - started, what);
    write(tty ? `\r${s}\x1b[K${done >= total ? '\n' : ''}` : `${s}\n`);
  };
}

/** A copy of the cached portfolio database, for a section that changes it (a batch run writes decisions). */
export interface PortfolioCopy {
  url: string;
  spec: PortfolioSpec;
  drop(): Promise<void>;
}

/** What the harness gives each section. */
export interface SectionContext {
  name: string;
  params: BenchParams;
  /** A figure next to its floor; loadBefore defaults to the load average now (take it before measuring). */
  figure(
    name: string,
    value: number,
    unit: string,
    floor: Measure,
    opts?: { loadBefore?: LoadAverage; details?: Record<string, unknown> },
  ): Figure;
  /** Section-level facts that are not figures (sizes, setup times, target verdicts): kept in results.json. */
  details: Record<string, unknown>;
  progress(done: number, total: number, what?: string): void;
  log(line: string): void;
  /** A fresh copy of the cached portfolio (built on first use), dropped by the caller when done. */
  portfolio(): Promise<PortfolioCopy>;
  skip(reason: string): never;
}

export type Section = (ctx: SectionContext) => Promise<Figure[]>;

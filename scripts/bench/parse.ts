// Benchmark of the streaming ingestion half: parse-only and parse+validate throughput on a generated statements
// CSV read with fs.createReadStream, and peak RSS at 500k vs 2M rows to show memory does not grow with size.
// Each measurement runs in a fresh child process so its peak RSS is its own. Figures: validation rows per CPU
// second next to parse-only on the same file (the floor), and the large file's peak RSS next to the small
// one's (memory must not grow with the file). Run: npm run bench -- parse
import { fork } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@/lib/ingest/csv';
import { validateStream } from '@/lib/ingest/validate';
import { loadAverage, type Figure, type LoadAverage, type SectionContext } from './harness';

type Mode = 'parse' | 'validate' | 'validate-nodedupe';

interface Measurement {
  rows: number;
  accepted: number;
  rejected: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  startRssMb: number;
  /** Largest heapUsed (+ ArrayBuffers) right after a forced GC, sampled every 250k rows: the live set. */
  liveMb: number;
}

const SELF = fileURLToPath(import.meta.url);
const HEADER =
  'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances\n';

/** Writes `rows` statement rows (24 months per client, a few empty optional cells), honouring backpressure. */
async function generateStatementsCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  out.write(HEADER);
  let parts: string[] = [];
  for (let i = 0; i < rows; i++) {
    const client = `C${String(Math.floor(i / 24)).padStart(8, '0')}`;
    const m = i % 24;
    const month = `${2023 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    const limit = Math.round(500 + rand() * 20000);
    const balance = Math.round((rand() * 1.1 - 0.05) * limit * 100) / 100;
    const minDue = balance > 0 ? Math.round(balance * 15) / 100 : 0;
    const paid = Math.round(rand() * Math.max(balance, 0) * 100) / 100;
    const revolving = Math.max(0, Math.round((balance - paid) * 100) / 100);
    const mpd = rand() < 0.9 ? 0 : Math.floor(rand() * 4);
    const purchases = rand() < 0.05 ? '' : String(Math.round(rand() * limit * 50) / 100);
    const cash = rand() < 0.5 ? '' : '0';
    parts.push(
      `${client},${month},${limit},${balance},${minDue},${paid},${revolving},${mpd},${purchases},${cash}\n`,
    );
    if (parts.length === 10_000) {
      if (!out.write(parts.join(''))) await once(out, 'drain');
      parts = [];
    }
  }
  out.write(parts.join(''));
  out.end();
  await once(out, 'finish');
}

/** Runs in the child: streams the file through the chosen stage, sampling RSS per batch and on a timer. */
async function measure(file: string, mode: Mode): Promise<Measurement> {
  const mb = (b: number) => Math.round(b / 2 ** 20);
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 20);
  // Forced GCs every 250k rows measure what is really retained; their pause is left out of the timings.
  const gc = (globalThis as { gc?: () => void }).gc;
  let live = 0;
  let nextCheck = 250_000;
  let pauseNs = 0n;
  const checkLive = () => {
    if (!gc || rows < nextCheck) return;
    nextCheck += 250_000;
    const g0 = process.hrtime.bigint();
    gc();
    pauseNs += process.hrtime.bigint() - g0;
    const m = process.memoryUsage();
    live = Math.max(live, m.heapUsed + m.arrayBuffers);
  };
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let rows = 0;
  let accepted = 0;
  let rejected = 0;
  const source = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  if (mode === 'parse') {
    for await (const b of parseCsv(source)) {
      rows += b.rows.length + b.errors.length;
      accepted += b.rows.length;
      rejected += b.errors.length;
      sample();
      checkLive();
    }
  } else {
    const opts = { now: new Date('2026-01-01T00:00:00Z'), dedupe: mode === 'validate' };
    for await (const b of validateStream('statements', source, 'csv', opts)) {
      rows += b.received;
      accepted += b.records.length;
      rejected += b.received - b.records.length;
      sample();
      checkLive();
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0 - pauseNs) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 - Number(pauseNs) / 1e9;
  clearInterval(timer);
  sample();
  return {
    rows,
    accepted,
    rejected,
    seconds,
    cpuSeconds,
    peakRssMb: mb(peak),
    startRssMb: mb(startRss),
    liveMb: mb(live),
  };
}

async function inChild(file: string, mode: Mode): Promise<Measurement> {
  const child = fork(SELF, ['--child', file, mode], { execArgv: [...process.execArgv, '--expose-gc'] });
  const [msg] = (await once(child, 'message')) as [Measurement];
  await once(child, 'exit');
  return msg;
}

export async function benchParse(ctx: SectionContext): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-bench-parse-'));
  try {
    const sizes = ctx.params.parseRows;
    const files: Record<number, string> = {};
    for (const n of sizes) {
      const file = path.join(dir, `statements-${n}.csv`);
      const t0 = Date.now();
      await generateStatementsCsv(file, n);
      const size = fs.statSync(file).size;
      ctx.log(
        `generated ${n.toLocaleString('en')} statement rows (${(size / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      files[n] = file;
    }
    ctx.log(
      `\nload average before measuring: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} CPUs`,
    );
    ctx.log("(rows/cpu-s divides by this process's CPU time: steadier than wall time on a shared machine)\n");
    ctx.log(
      'stage                    rows     rows/s  rows/cpu-s  wall s  start RSS  peak RSS  live heap   accepted  rejected',
    );
    const results: Record<string, Measurement & { loadBefore: LoadAverage }> = {};
    for (const mode of ['parse', 'validate', 'validate-nodedupe'] as Mode[]) {
      for (const n of sizes) {
        const loadBefore = loadAverage();
        const r = { ...(await inChild(files[n]!, mode)), loadBefore };
        results[`${mode}:${n}`] = r;
        ctx.progress(Object.keys(results).length, 3 * sizes.length, 'measurements');
        ctx.log(
          [
            mode.padEnd(18),
            r.rows.toLocaleString('en').padStart(10),
            Math.round(r.rows / r.seconds)
              .toLocaleString('en')
              .padStart(9),
            Math.round(r.rows / r.cpuSeconds)
              .toLocaleString('en')
              .padStart(10),
            r.seconds.toFixed(2).padStart(6),
            `${r.startRssMb} MB`.padStart(9),
            `${r.peakRssMb} MB`.padStart(9),
            `${r.liveMb} MB`.padStart(9),
            r.accepted.toLocaleString('en').padStart(10),
            r.rejected.toLocaleString('en').padStart(8),
          ].join('  '),
        );
      }
    }
    const [small, large] = sizes;
    const k = (n: number) => `${n / 1000}k`;
    ctx.log(
      `\nmemory from ${k(small)} to ${k(large)} rows (${large / small}x the file): peak RSS, and live heap after GC`,
    );
    for (const mode of ['parse', 'validate', 'validate-nodedupe'] as Mode[]) {
      const a = results[`${mode}:${small}`]!;
      const b = results[`${mode}:${large}`]!;
      const d = (x: number) => `${x >= 0 ? '+' : ''}${x} MB`;
      ctx.log(
        `  ${mode.padEnd(18)} RSS ${a.peakRssMb} -> ${b.peakRssMb} MB (${d(b.peakRssMb - a.peakRssMb)}),` +
          ` live ${a.liveMb} -> ${b.liveMb} MB (${d(b.liveMb - a.liveMb)})`,
      );
    }
    ctx.log(
      '  validate (dedupe on) also keeps a 64-bit hash + line per distinct natural key: 12 B per slot, 2-4 slots per key',
    );
    const figures: Figure[] = [];
    const perCpu = (m: Measurement) => m.rows / m.cpuSeconds;
    for (const mode of ['validate', 'validate-nodedupe'] as Mode[]) {
      const r = results[`${mode}:${large}`]!;
      const floor = results[`parse:${large}`]!;
      figures.push(
        ctx.figure(
          `${mode === 'validate' ? 'parse + validate' : 'parse + validate, no dedupe'} ${k(large)} rows (CPU time)`,
          perCpu(r),
          'rows/s',
          { name: 'parse only, same file (CPU time)', value: perCpu(floor), unit: 'rows/s' },
          { loadBefore: r.loadBefore, details: { ...r, floorLoadBefore: floor.loadBefore } },
        ),
      );
    }
    for (const mode of ['parse', 'validate'] as Mode[]) {
      const a = results[`${mode}:${small}`]!;
      const b = results[`${mode}:${large}`]!;
      figures.push(
        ctx.figure(
          `${mode} peak RSS, ${k(large)} rows`,
          b.peakRssMb,
          'MB',
          { name: `the same at ${k(small)} rows`, value: a.peakRssMb, unit: 'MB' },
          { loadBefore: b.loadBefore, details: { liveMb: b.liveMb, floorLiveMb: a.liveMb } },
        ),
      );
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Child mode only: the harness forks this file to measure one stage in a process of its own.
if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === SELF &&
  process.argv[2] === '--child'
) {
  const m = await measure(process.argv[3]!, process.argv[4] as Mode);
  process.send!(m);
}

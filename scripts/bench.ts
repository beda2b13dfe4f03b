// `npm run bench [-- section ...]`: the performance figures the issues ask for, printed, never asserted.
// Sections: parse (CSV parse+validate, memory vs file size), db (ingestion rows/s and memory, fs-v1 batch
// features on the 1,000,000-client portfolio), features (pure fs-v1 clients/s), training (GBDT on UCI and
// synthetic data), inference (1,000,000 rows through the product's scorer vs the raw ONNX session), scoring
// (a batch run end to end with 1 and 2 worker processes vs raw inference and a bare COPY of its decisions),
// treeshap (exact TreeSHAP rows/s per model), policy-impact (a proposal's impact on 1,000,000 decisions) and
// realtime-http (POST /api/v1/score on the production build under autocannon vs a no-op route and a 404),
// monitoring (the monitoring job and its routes' reads on 1,000,000 decisions vs a no-query floor),
// queue (the alert queue page's server time with 100,000 open alerts vs an actor-lookup floor) and executive
// (the executive page's data, the monitoring JSON and the monthly monitoring job with 1,000,000 decisions and
// 10,000,000 statements; BENCH_EXEC_DECISIONS, BENCH_EXEC_STATEMENTS).
// dispatch (the outbox dispatcher's messages/s with the log provider and the fake WhatsApp server vs a bare
// UPDATE of as many offer rows; BENCH_OFFERS sizes it, default 20000).
// Environment: BENCH_CLIENTS (default 1000000) and BENCH_MONTHS (default 7) size the db section.
import os from 'node:os';
import { benchParse } from './bench/parse';
import { benchDb } from './bench/db';
import { benchFeaturesPure } from './bench/features-pure';
import { benchTraining } from './bench/training';
import { benchInference } from './bench/inference';
import { benchScoring } from './bench/scoring';
import { benchTreeShap } from './bench/treeshap';
import { benchPolicyImpact } from './bench/policy-impact';
import { benchRealtimeHttp } from './bench/realtime-http';
import { benchMonitoring } from './bench/monitoring';
import { benchQueue } from './bench/queue';
import { benchExecutive } from './bench/executive';
import { benchDispatch } from './bench/dispatch';

const SECTIONS: Record<string, () => Promise<void>> = {
  parse: benchParse,
  db: benchDb,
  features: () => benchFeaturesPure(),
  training: benchTraining,
  inference: benchInference,
  scoring: () => benchScoring(),
  treeshap: () => benchTreeShap(),
  'policy-impact': benchPolicyImpact,
  'realtime-http': benchRealtimeHttp,
  monitoring: benchMonitoring,
  queue: benchQueue,
  executive: benchExecutive,
  dispatch: benchDispatch,
};

async function main() {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in SECTIONS));
  if (unknown.length) {
    console.error(`Unknown section(s): ${unknown.join(', ')}. Sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  const run = asked.length ? asked : Object.keys(SECTIONS);
  console.log(
    `Proativa benchmarks on ${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  for (const name of run) {
    console.log(
      `\n######## ${name} (load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}) ########`,
    );
    const t = Date.now();
    await SECTIONS[name]!();
    console.log(`(${name}: ${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

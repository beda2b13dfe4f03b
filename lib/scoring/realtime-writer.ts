// The real-time decisions' ledger writes, micro-batched: requests that arrive while a write is in flight are
// written together by the next one, in one transaction (one multi-row INSERT through writeDecisions, the
// alerts and offers they open, one update of the run's counters). Measured on this 2-core machine, one
// transaction per request spent its time in round trips and in waiting for the run row's lock (every
// request of the day updates the same counters), about 60 decisions/s at 32 concurrent callers; batched,
// the cost of a transaction is shared by everyone who waited for it. No timer: a lone request is written at
// once, so batching adds no latency when there is no load.
import 'server-only';
import { pool } from '@/lib/db';
import { emptyCounts, writeDecisions, type DecisionBatch, type RunHead } from '@/lib/decisions/ledger';
import { log } from '@/lib/log';

export interface PendingDecision {
  head: RunHead;
  /** One client's decision (arrays of length 1). */
  decision: DecisionBatch;
  /** Its features were computed now (no snapshot): counted in the run's featuresComputed. */
  computed: boolean;
}

interface Waiter extends PendingDecision {
  resolve: (id: string | null) => void;
  reject: (e: unknown) => void;
}

/** Largest batch per transaction: bounded so one statement's arrays stay small. */
const MAX_BATCH = 500;

const g = globalThis as unknown as { __proativaRealtimeWriter?: { queue: Waiter[]; busy: boolean } };
const state = (g.__proativaRealtimeWriter ??= { queue: [], busy: false });

/**
 * Queues one decision for the ledger; resolves with its id, or null when the run already holds a decision for
 * the client (the ledger keeps one per client per run).
 */
export function writeRealtimeDecision(p: PendingDecision): Promise<string | null> {
  return new Promise((resolve, reject) => {
    state.queue.push({ ...p, resolve, reject });
    if (!state.busy) void drain();
  });
}

async function drain(): Promise<void> {
  state.busy = true;
  try {
    while (state.queue.length) {
      // One decision per client per batch: a second one for the same client waits for the next batch, where
      // the ledger answers it as already decided.
      const batch: Waiter[] = [];
      const rest: Waiter[] = [];
      const clients = new Set<string>();
      for (const w of state.queue) {
        const key = `${w.head.id}|${w.decision.clientIds[0]}`;
        if (batch.length < MAX_BATCH && !clients.has(key)) {
          clients.add(key);
          batch.push(w);
        } else rest.push(w);
      }
      state.queue = rest;
      try {
        const ids = await writeBatch(batch);
        batch.forEach((w, i) => w.resolve(ids[i] ?? null));
      } catch (e) {
        log.error({ err: e, decisions: batch.length }, 'real-time decision write failed');
        for (const w of batch) w.reject(e);
      }
    }
  } finally {
    state.busy = false;
  }
}

/** Merges one-client decisions of the same run head into one columnar batch. */
function merge(items: Waiter[]): DecisionBatch {
  const first = items[0]!.decision;
  const nF = first.nFeatures;
  const features = new Float64Array(items.length * nF);
  const yProba = new Float64Array(items.length);
  items.forEach((w, i) => {
    features.set(w.decision.features.subarray(0, nF), i * nF);
    yProba[i] = w.decision.yProba[0]!;
  });
  return {
    clientIds: items.map((w) => w.decision.clientIds[0]!),
    nFeatures: nF,
    features,
    yProba,
    band: items.map((w) => w.decision.band[0]!),
    action: items.map((w) => w.decision.action[0]!),
    channel: items.map((w) => w.decision.channel[0]!),
    holdout: items.map((w) => w.decision.holdout[0]!),
    reasonCodes: items.map((w) => w.decision.reasonCodes[0] ?? []),
    // One run is one model version, and a model has one base value.
    baseValue: first.baseValue,
  };
}

async function writeBatch(batch: Waiter[]): Promise<(string | null)[]> {
  // writeDecisions takes one head per call (its as-of month goes on every row): group by run and month.
  const groups = new Map<string, Waiter[]>();
  for (const w of batch) {
    const k = `${w.head.id}|${w.head.asOfMonth}`;
    const list = groups.get(k);
    if (list) list.push(w);
    else groups.set(k, [w]);
  }
  const idOf = new Map<Waiter, string>();
  const tx = await pool().connect();
  try {
    await tx.query('BEGIN');
    const perRun = new Map<string, ReturnType<typeof emptyCounts> & { computed: number }>();
    for (const items of groups.values()) {
      const head = items[0]!.head;
      const { counts, written } = await writeDecisions(tx, head, merge(items), { checkUnchanged: false });
      const byClient = new Map(written.map((x) => [x.clientId, x.id] as const));
      for (const w of items) {
        const id = byClient.get(w.decision.clientIds[0]!);
        if (id !== undefined) idOf.set(w, id);
      }
      const c = perRun.get(head.id) ?? { ...emptyCounts(), computed: 0 };
      c.decisions += counts.decisions;
      c.holdout += counts.holdout;
      c.alertsOpened += counts.alertsOpened;
      c.alertsRefreshed += counts.alertsRefreshed;
      c.offersQueued += counts.offersQueued;
      c.computed += items.filter((w) => w.computed && idOf.has(w)).length;
      perRun.set(head.id, c);
    }
    // Last, so the run row (which every real-time write of the day updates) stays locked the shortest time.
    for (const [runId, c] of perRun) {
      if (c.decisions === 0) continue;
      await tx.query(
        `UPDATE "ScoringRun"
            SET decisions = decisions + $2, "clientsTotal" = "clientsTotal" + $2, "clientsDone" = "clientsDone" + $2,
                holdout = holdout + $3, "alertsOpened" = "alertsOpened" + $4, "alertsRefreshed" = "alertsRefreshed" + $5,
                "offersQueued" = "offersQueued" + $6, "featuresComputed" = "featuresComputed" + $7
          WHERE id = $1`,
        [runId, c.decisions, c.holdout, c.alertsOpened, c.alertsRefreshed, c.offersQueued, c.computed],
      );
    }
    await tx.query('COMMIT');
  } catch (e) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
  return batch.map((w) => idOf.get(w) ?? null);
}

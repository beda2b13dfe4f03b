// How many database statements ingestion may run at once on a pool, shared by every upload in the process. An
// upload holds a share only while a statement runs, never while it waits for more of its body: a slow upload
// then blocks nobody, and the connections ingestion leaves free keep pages and API reads answering.
import type pg from 'pg';

class Budget {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number) {
    this.free = size;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** Connections of a pool kept for everything but ingestion (pages, API reads, jobs' own statements). */
const RESERVED = 4;

const budgets = new WeakMap<pg.Pool, Budget>();

/** The ingestion budget of a pool: all but RESERVED of its connections, and at least two (one per lane). */
export function ingestionBudget(pool: pg.Pool): Budget {
  let b = budgets.get(pool);
  if (!b) {
    b = new Budget(Math.max(2, (pool.options.max ?? 10) - RESERVED));
    budgets.set(pool, b);
  }
  return b;
}

export type { Budget };

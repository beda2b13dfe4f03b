// The default model a fresh install serves: models/proativa-default.onnx (+ its LightGBM text and card), registered
// and promoted to champion when the registry is empty, so the product scores from the first start. Its card
// is registered with its months named after the install's own demo book (see alignCardToBook).
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { db, pool } from '@/lib/db';
import type { Actor } from '@/lib/auth/session';
import { addMonths, monthDiff, type YearMonth } from '@/lib/domain/raw';
import type { ModelCard } from '@/lib/models/card';
import { promoteToChampion, registerModel, RegistryError } from '@/lib/models/registry';
import { DEMO_SEED, DEMO_SOURCE } from '@/lib/seed/demo';
import { yearMonth } from '@/lib/validations/common';
import { partialModelCardSchema } from '@/lib/validations/model-card';

export const DEFAULT_MODEL_DIR = 'models';
export const DEFAULT_MODEL_ONNX = 'proativa-default.onnx';
export const DEFAULT_MODEL_TEXT = 'proativa-default.txt';
export const DEFAULT_MODEL_CARD = 'model-card.json';

export type DefaultModelResult =
  { registered: true; id: string; name: string; version: number } | { registered: false; reason: string };

/** The simulated book a card was built on: model-card.json `training.book`, written by scripts/train-default.ts. */
export interface CardBook {
  /** Its first month; the card's windows are months of this book. */
  startMonth: YearMonth;
  months: number;
  clients: number;
  seed: number;
  /** First month of the simulated macro shift. */
  shiftStartMonth: YearMonth;
  /** Set at registration when the months were renamed after the install's book: the start the card was built with. */
  relabelledFrom?: YearMonth;
}

const cardBookSchema = z.object({
  startMonth: yearMonth,
  months: z.number().int().min(1),
  clients: z.number().int().min(0),
  seed: z.number().int(),
  shiftStartMonth: yearMonth,
  relabelledFrom: yearMonth.optional(),
});

/** What the database holds when the default model is registered (null: no statements at all). */
export interface LiveBook {
  firstMonth: YearMonth;
  lastMonth: YearMonth;
  clients: number;
  /** Every batch that wrote rows came from the demo seed (no upload, API, CLI or UCI data). */
  demoOnly: boolean;
}

/** The book in the database: first and last statement month, clients, and whether only the demo seed wrote it. */
export async function readLiveBook(): Promise<LiveBook | null> {
  const r = await pool().query<{ first: string | null; last: string | null; clients: number; other: number }>(
    `SELECT min("referenceMonth") AS first, max("referenceMonth") AS last,
            (SELECT count(*)::int FROM "Client") AS clients,
            (SELECT count(*)::int FROM "IngestionBatch"
              WHERE source <> $1 AND (inserted > 0 OR updated > 0)) AS other
       FROM "MonthlyStatement"`,
    [DEMO_SOURCE],
  );
  const row = r.rows[0];
  if (!row?.first || !row.last) return null;
  return { firstMonth: row.first, lastMonth: row.last, clients: row.clients, demoOnly: row.other === 0 };
}

// A 'YYYY-MM' in free text, not the start of a 'YYYY-MM-DD' date.
const MONTH_IN_TEXT = /\b\d{4}-(?:0[1-9]|1[0-2])\b(?!-\d)/g;

/**
 * The card as it should be registered into `live`. The simulator draws month n of a book identically whatever
 * the book's calendar month (only labels and dates derived from them move), so when `live` is the demo book the
 * card was built on (demo seed only, same seed and length) every month the card names is moved by the offset
 * between the two starts: windows, the shift month and the months quoted in its description and notes. The
 * figures then describe the live book's months of those names, recomputable from its own snapshots and outcomes.
 * Any other data (a real portfolio, no data yet) gets the card unchanged with a note saying whose months they are.
 * A card without a book (not built by scripts/train-default.ts) is returned as it is.
 */
export function alignCardToBook(card: Partial<ModelCard>, live: LiveBook | null): Partial<ModelCard> {
  const parsed = cardBookSchema.safeParse((card.training as { book?: unknown } | undefined)?.book);
  if (!card.training || !parsed.success) return card;
  const book = parsed.data;
  const bookEnd = addMonths(book.startMonth, book.months - 1);
  const sameBook =
    live !== null &&
    live.demoOnly &&
    book.seed === DEMO_SEED &&
    monthDiff(live.lastMonth, live.firstMonth) + 1 === book.months;
  if (!sameBook) {
    const note =
      `Registered unchanged: its months (${book.startMonth}..${bookEnd}) are those of the simulated demo book it ` +
      "was trained on, not of this install's data, which is not that demo book; its figures cannot be recomputed here.";
    return { ...card, notes: [...(card.notes ?? []), note] };
  }
  const k = monthDiff(live.firstMonth, book.startMonth);
  const month = (m: string) => addMonths(m, k);
  const text = (s: string) => s.replace(MONTH_IN_TEXT, month);
  const window = (w: { from: string; to: string }) => ({ from: month(w.from), to: month(w.to) });
  const t = card.training;
  const training = {
    ...t,
    ...(t.trainWindow ? { trainWindow: window(t.trainWindow) } : {}),
    ...(t.validWindow ? { validWindow: window(t.validWindow) } : {}),
    ...(t.ootWindow ? { ootWindow: window(t.ootWindow) } : {}),
    book: {
      ...book,
      startMonth: month(book.startMonth),
      shiftStartMonth: month(book.shiftStartMonth),
      ...(k !== 0 ? { relabelledFrom: book.relabelledFrom ?? book.startMonth } : {}),
    } satisfies CardBook,
  };
  const notes = (card.notes ?? []).map(text);
  if (live.clients !== book.clients) {
    notes.push(
      `Its figures were computed on the ${book.clients} simulated clients of the book it was built on; this ` +
        `install's demo book has ${live.clients}, so figures recomputed here differ.`,
    );
  }
  return {
    ...card,
    ...(card.description !== undefined ? { description: text(card.description) } : {}),
    training,
    ...(card.notes !== undefined || notes.length ? { notes } : {}),
  };
}

/**
 * Registers models/ as the champion when no model version exists yet; otherwise does nothing. Never throws for
 * an expected situation (registry not empty, files absent, a concurrent start registering it first).
 */
export async function registerDefaultModel(
  actor: Actor | null,
  dir = path.resolve(process.cwd(), DEFAULT_MODEL_DIR),
): Promise<DefaultModelResult> {
  if ((await db.modelVersion.count()) > 0)
    return { registered: false, reason: 'the registry already has models' };
  const onnxPath = path.join(dir, DEFAULT_MODEL_ONNX);
  if (!fs.existsSync(onnxPath)) {
    return { registered: false, reason: `${onnxPath} is missing (run npm run model:default)` };
  }
  const bytes = new Uint8Array(fs.readFileSync(onnxPath));
  const textPath = path.join(dir, DEFAULT_MODEL_TEXT);
  const cardPath = path.join(dir, DEFAULT_MODEL_CARD);
  const lightgbmText = fs.existsSync(textPath) ? fs.readFileSync(textPath, 'utf8') : undefined;
  let card: Partial<ModelCard> | undefined;
  if (fs.existsSync(cardPath)) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(cardPath, 'utf8'));
    } catch (e) {
      return { registered: false, reason: `${cardPath} is not valid JSON: ${(e as Error).message}` };
    }
    const parsed = partialModelCardSchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return {
        registered: false,
        reason: `${cardPath} is not a model card: ${first?.path.join('.') || '(root)'}: ${first?.message}`,
      };
    }
    card = alignCardToBook(parsed.data, await readLiveBook());
  }
  try {
    const m = await registerModel({ bytes, fileName: DEFAULT_MODEL_ONNX, card, lightgbmText, actor });
    await promoteToChampion(m.id, actor);
    return { registered: true, id: m.id, name: m.name, version: m.version };
  } catch (e) {
    if (e instanceof RegistryError && e.reason === 'duplicate') {
      return { registered: false, reason: 'the default model was registered concurrently' };
    }
    throw e;
  }
}

// The committed default card (models/model-card.json, built on 20,000 clients) registered into the full demo
// book started on 2026-12-01: its out-of-time AUC and rows are the ones recomputed from the install's own
// snapshots and outcomes. Loading the full book takes most of a minute, so this runs with the slow tests
// (`npm run test:faults`); default-card-alignment.int.test.ts proves the same alignment on small books in CI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '@/scripts/train-default';
import {
  expectedWindows,
  seedRegisterRecompute,
  type RegisteredCard,
} from '@/lib/models/default-card-testing';

// One full-size book: the committed card's figures are those of 20,000 clients. Loading them is most of this
// file's time; the timeout leaves room for a machine shared with other work.
describe('the default card of models/ registered into the full demo book', () => {
  it('gives the out-of-time AUC and rows of models/model-card.json, recomputed from the book started on 2026-12-01', async () => {
    const onDisk = JSON.parse(
      fs.readFileSync(path.resolve('models/model-card.json'), 'utf8'),
    ) as RegisteredCard;
    const { startMonth, card, recomputed } = await seedRegisterRecompute(
      new Date('2026-12-01T09:00:00Z'),
      DEFAULT_MODEL_CONFIG.clients,
      { ootFeaturesOnly: true },
    );
    expect(startMonth).toBe('2024-12');
    expect(card.training).toMatchObject(expectedWindows('2024-12'));
    expect(card.training.ootWindow).toEqual({ from: '2026-02', to: '2026-04' });
    const oot = onDisk.metrics!.outOfTime!;
    expect(card.metrics!.outOfTime).toEqual(oot);
    expect(recomputed.rows).toBe(oot.rows);
    expect(recomputed.positives).toBe(oot.positives);
    expect(recomputed.auc.toFixed(4)).toBe(oot.auc.toFixed(4));
    expect(recomputed.auc).toBeCloseTo(oot.auc, 6);
  }, 300_000);
});

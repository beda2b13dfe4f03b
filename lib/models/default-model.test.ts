// How the default card is named into the book it is registered into (the database side is in
// default-card-alignment.int.test.ts): which books get relabelled months, and what is never rewritten.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCard } from '@/lib/models/card';
import { cardTexts } from '@/lib/models/card-text';
import { formatMonth, formatNumber } from '@/lib/format';
import { translateKey } from '@/lib/i18n/translate';
import { alignCardToBook, type CardBook, type LiveBook } from '@/lib/models/default-model';

type Card = ModelCard & { training: NonNullable<ModelCard['training']> & { book: CardBook } };
const card = JSON.parse(fs.readFileSync(path.resolve('models/model-card.json'), 'utf8')) as Card;
const demo = (over: Partial<LiveBook> = {}): LiveBook => ({
  firstMonth: '2024-12',
  lastMonth: '2026-11',
  clients: 20_000,
  demoOnly: true,
  ...over,
});
const align = (live: LiveBook | null, c: Partial<ModelCard> = card) => alignCardToBook(c, live) as Card;

describe('alignCardToBook', () => {
  it('moves every month of the card by the offset to the demo book it is registered into', () => {
    const a = align(demo());
    expect(a.training.trainWindow).toEqual({ from: '2025-03', to: '2025-11' });
    expect(a.training.validWindow).toEqual({ from: '2025-12', to: '2026-01' });
    expect(a.training.ootWindow).toEqual({ from: '2026-02', to: '2026-04' });
    expect(a.training.book).toEqual({
      ...card.training.book,
      startMonth: '2024-12',
      shiftStartMonth: '2026-05',
      relabelledFrom: '2025-01',
    });
    expect(a.notes).toEqual(card.notes!.map((n) => n.replace('from 2025-01,', 'from 2024-12,')));
    // Figures, importance, reference deciles and how to reproduce it are the same model's.
    expect(a.metrics).toEqual(card.metrics);
    expect(a.reference).toEqual(card.reference);
    expect(a.training.reproduce).toBe('npm run model:default');
    expect(a.training.params).toEqual(card.training.params);
  });

  it('crosses years both ways and leaves a card already on its book as it is', () => {
    expect(align(demo({ firstMonth: '2021-07', lastMonth: '2023-06' })).training.ootWindow).toEqual({
      from: '2022-09',
      to: '2022-11',
    });
    const same = align(demo({ firstMonth: '2025-01', lastMonth: '2026-12' }));
    expect(same.training).toEqual(card.training);
    expect(same.notes).toEqual(card.notes);
  });

  it('renames months quoted in the description and notes, not dates or other numbers', () => {
    const a = align(demo(), {
      ...card,
      description: 'Scored from 2026-03 on.',
      notes: ['Window 2025-04..2025-12, audited 2026-01-15, 12345-06 rows, id 2025-13.'],
    });
    expect(a.description).toBe('Scored from 2026-02 on.');
    expect(a.notes).toEqual(['Window 2025-03..2025-11, audited 2026-01-15, 12345-06 rows, id 2025-13.']);
  });

  it('says so when the demo book has another number of clients, whose figures then differ', () => {
    const a = align(demo({ clients: 2_000 }));
    expect(a.training.ootWindow).toEqual({ from: '2026-02', to: '2026-04' });
    expect(a.notes!.at(-1)).toBe(
      "Its figures were computed on the 20000 simulated clients of the book it was built on; this install's demo book has 2000, so figures recomputed here differ.",
    );
  });

  it.each([
    ['no data', null],
    ['data not loaded by the demo seed', demo({ demoOnly: false })],
    ['a demo book of another length', demo({ firstMonth: '2025-12', lastMonth: '2026-11' })],
  ])('registers the card unchanged, with a note, into %s', (_what, live) => {
    const a = align(live);
    expect(a.training).toEqual(card.training);
    expect(a.notes!.slice(0, -1)).toEqual(card.notes);
    expect(a.notes!.at(-1)).toBe(
      "Registered unchanged: its months (2025-01..2026-12) are those of the simulated demo book it was trained on, not of this install's data, which is not that demo book; its figures cannot be recomputed here.",
    );
  });

  it('leaves a card without a book (not built by the default-model script) alone', () => {
    const { book: _book, ...training } = card.training;
    const plain = { ...card, training };
    expect(align(demo(), plain)).toBe(plain);
    expect(align(null, plain)).toBe(plain);
  });

  it('writes notes the Modelos pages show in Portuguese', () => {
    const fmt = {
      count: (n: number) => formatNumber(n, 'pt-BR'),
      month: (m: string) => formatMonth(m, 'pt-BR'),
    };
    const rendered = (c: Partial<ModelCard>) =>
      cardTexts(c as ModelCard, fmt).notes.map((n) =>
        'key' in n ? translateKey('pt-BR', `models.card.${n.key}`, n.params) : n.text,
      );
    expect(rendered(align(null)).at(-1)).toBe(
      'Registrado sem alterações: seus meses (01/2025 a 12/2026) são os da carteira de demonstração simulada em que foi treinado, não os dos dados desta instalação, que não são essa carteira; seus números não podem ser recalculados aqui.',
    );
    expect(rendered(align(demo({ clients: 2_000 })))).toEqual([
      expect.stringMatching(/^Treinado no próprio Proativa/),
      expect.stringMatching(/^Melhor AUC de validação/),
      expect.stringContaining('20.000 clientes × 24 meses a partir de 12/2024'),
      expect.stringMatching(/^O tempo de treino fica fora/),
      'Seus números foram calculados sobre os 20.000 clientes simulados da carteira em que foi construído; a carteira de demonstração desta instalação tem 2.000, então números recalculados aqui são outros.',
    ]);
  });
});

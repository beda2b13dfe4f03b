// The Modelos pages show a card's generated sentences in the reader's language: the default model's whole card
// and what the trainer writes are recognised (so a reworded generator is caught here, not by a user reading
// English), while a data scientist's own notes stay as written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardTexts, type CardText } from '@/lib/models/card-text';
import type { ModelCard } from '@/lib/models/card';
import { trainModel } from '@/lib/ml/train-model';
import { syntheticCredit } from '@/lib/ml/train/synthetic';
import { formatMonth, formatNumber } from '@/lib/format';
import { translateKey } from '@/lib/i18n/translate';
import type { Locale } from '@/lib/i18n/locales';

const defaultCard = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, '../../models/model-card.json'), 'utf8'),
) as ModelCard;

const fmt = (locale: Locale) => ({
  count: (n: number) => formatNumber(n, locale),
  month: (ym: string) => formatMonth(ym, locale),
});

const render = (x: CardText, locale: Locale) =>
  'key' in x ? translateKey(locale, `models.card.${x.key}`, x.params) : x.text;

const keyOf = (x: CardText | null) => (x && 'key' in x ? x.key : null);

function matrix(nRows: number, nF: number, seed: number) {
  const d = syntheticCredit(nRows, nF, seed);
  return { X: d.X, y: d.y, nRows: d.nRows };
}

describe('model card text', () => {
  it("recognises every sentence of the default model's card and shows it in Portuguese with pt-BR figures", () => {
    const texts = cardTexts(defaultCard, fmt('pt-BR'));
    expect(keyOf(texts.description)).toBe('description.defaultModel');
    expect(texts.notes.filter((n) => !('key' in n))).toEqual([]);
    expect(keyOf(texts.algorithm)).toBe('algorithm.proativaGbdt');

    const notes = texts.notes.map((n) => render(n, 'pt-BR'));
    const rows = formatNumber(defaultCard.training!.rows!, 'pt-BR');
    expect(notes[0]).toBe(
      `Treinado no próprio Proativa com o GBDT compatível com LightGBM (log loss binária) em ${rows} linhas e 14 variáveis.`,
    );
    expect(notes[1]).toMatch(/^Melhor AUC de validação na iteração \d+ \(parada antecipada após \d+ rodadas/);
    expect(notes[2]).toContain('20.000 clientes × 24 meses a partir de 01/2025, semente 2026');
    expect(render(texts.description!, 'pt-BR')).toMatch(/^Modelo padrão de risco de crédito proativo/);
    expect(render(texts.algorithm!, 'pt-BR')).toBe('proativa-gbdt (compatível com LightGBM)');
  });

  it('shows the same sentences in English with English figures', () => {
    const notes = cardTexts(defaultCard, fmt('en')).notes.map((n) => render(n, 'en'));
    expect(notes[2]).toContain('20,000 clients × 24 months from 01/2025, seed 2026');
  });

  it('recognises what the trainer writes, with and without a validation sample', () => {
    const nF = 5;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const withValid = trainModel({
      train: matrix(400, nF, 1),
      valid: matrix(200, nF, 2),
      featureNames: names,
      params: { numIterations: 6, numLeaves: 4 },
      meta: { name: 't', notes: ['Sem dados de 2020: a base começa em 2021.'] },
    });
    const texts = cardTexts(withValid.card, fmt('pt-BR'));
    expect(keyOf(texts.notes[0]!)).toBe('note.trainedInApp');
    expect(['note.bestIteration', 'note.bestIterationEarlyStopping']).toContain(keyOf(texts.notes[1]!));
    // A person's note is shown exactly as written.
    expect(texts.notes[2]).toEqual({ text: 'Sem dados de 2020: a base começa em 2021.' });
    expect(render(texts.notes[0]!, 'pt-BR')).toContain('em 400 linhas e 5 variáveis');

    const noValid = trainModel({
      train: matrix(400, nF, 3),
      featureNames: names,
      params: { numIterations: 4, numLeaves: 4 },
      meta: { name: 't' },
    });
    const trees = noValid.card.numTrees!;
    expect(cardTexts(noValid.card, fmt('pt-BR')).notes[1]).toEqual({
      key: 'note.noValidation',
      params: { trees: String(trees) },
    });
  });

  it('recognises the training job, upload and algorithm texts and keeps their identifiers as written', () => {
    const job = '0b7c1e9a-3f7d-4c55-9a0e-5d2b8f61a4c3';
    const card: ModelCard = {
      name: 'm',
      featureNames: [],
      training: {
        algorithm: 'lightgbm',
        params: {},
        reproduce: `Training job ${job} (Modelos page or POST /api/v1/training) with parameters {"num_leaves":15}`,
      },
      notes: [
        `Trained by background job ${job} on the feature store.`,
        'Feature names assigned by position at upload (the ONNX file has none), confirmed by Ana Souza.',
        'Feature names assigned by position at upload (the ONNX file has none), confirmed by the uploader.',
      ],
    };
    const texts = cardTexts(card, fmt('pt-BR'));
    expect(texts.reproduce).toEqual({
      key: 'reproduce.trainingJob',
      params: { job },
      code: '{"num_leaves":15}',
    });
    expect(render(texts.reproduce!, 'pt-BR')).toBe(
      `Tarefa de treino ${job} (página Modelos ou POST /api/v1/training) com os parâmetros`,
    );
    expect(keyOf(texts.algorithm)).toBe('algorithm.lightgbm');
    expect(texts.notes.map((n) => render(n, 'pt-BR'))).toEqual([
      `Treinado pela tarefa em segundo plano ${job} com os dados do repositório de variáveis.`,
      'Nomes das variáveis atribuídos por posição no envio (o arquivo ONNX não os traz), confirmado por Ana Souza.',
      'Nomes das variáveis atribuídos por posição no envio (o arquivo ONNX não os traz), confirmado por quem enviou.',
    ]);
  });

  it('shows an uploaded description, a command and an unknown algorithm exactly as written', () => {
    const card: ModelCard = {
      name: 'm',
      featureNames: [],
      description: 'Modelo de comportamento treinado pela equipe de risco em 2025.',
      training: { algorithm: 'xgboost', params: {}, reproduce: 'npm run model:default' },
      notes: ['Trained in-app with something else entirely.'],
    };
    const texts = cardTexts(card, fmt('pt-BR'));
    expect(texts.description).toEqual({
      text: 'Modelo de comportamento treinado pela equipe de risco em 2025.',
    });
    expect(texts.reproduce).toEqual({ text: 'npm run model:default' });
    expect(texts.algorithm).toEqual({ text: 'xgboost' });
    expect(texts.notes).toEqual([{ text: 'Trained in-app with something else entirely.' }]);
  });
});

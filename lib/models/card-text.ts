// Which sentences of a model card the interface can translate. A card's text is stored in English as the
// trainer wrote it (the JSON and MODEL_CARD.md are byte-reproducible artefacts, served as-is by the API); the
// sentences Proativa itself generates are recognised here and shown as message keys with their figures, while
// a data scientist's own description and notes stay exactly as written.
import type { ModelCard } from '@/lib/models/card';

/**
 * A piece of card text: a message of the `models` namespace under `card.` (with `code`, a verbatim snippet such
 * as JSON parameters to show as code after it), or free text to show exactly as written.
 */
export type CardText = { key: CardTextKey; params: Record<string, string>; code?: string } | { text: string };

/** How a captured figure is shown: a count with thousands separators, a 'YYYY-MM' month, or as captured. */
type ParamKind = 'count' | 'month' | 'raw';

interface Template {
  key: CardTextKey;
  re: RegExp;
  kinds?: Record<string, ParamKind>;
  /** The captured group shown verbatim as code after the sentence rather than inside it. */
  code?: string;
}

export type CardTextKey =
  | 'description.defaultModel'
  | 'note.trainedInApp'
  | 'note.bestIterationEarlyStopping'
  | 'note.bestIteration'
  | 'note.noValidation'
  | 'note.demoData'
  | 'note.noTrainingTime'
  | 'note.registeredUnchanged'
  | 'note.otherClientCount'
  | 'note.trainingJob'
  | 'note.positional'
  | 'note.positionalUnknown'
  | 'reproduce.trainingJob'
  | 'algorithm.proativaGbdt'
  | 'algorithm.lightgbm';

// Each pattern is the exact English sentence of its generator, so a reworded generator falls back to showing
// its own text rather than a wrong translation (lib/models/card-text.test.ts runs the generators).
const DESCRIPTIONS: Template[] = [
  {
    // scripts/train-default.ts
    key: 'description.defaultModel',
    re: /^Default proactive credit-risk model of a fresh Proativa install: probability that a card client who is current at month M misses a payment \(reaches 1\+ month past due\) or is charged off within M\+1\.\.M\+3, from fs-v1 features as of M\.$/,
  },
];

const NOTES: Template[] = [
  {
    // lib/ml/train-model.ts
    key: 'note.trainedInApp',
    re: /^Trained in-app with Proativa's LightGBM-compatible GBDT \(binary log loss\) on (?<rows>\d+) rows and (?<features>\d+) features\.$/,
    kinds: { rows: 'count', features: 'count' },
  },
  {
    key: 'note.bestIterationEarlyStopping',
    re: /^Best validation AUC at iteration (?<iteration>\d+) \(early stopping after (?<rounds>\d+) rounds without improvement\); the model keeps (?<trees>\d+) trees\.$/,
    kinds: { iteration: 'count', rounds: 'count', trees: 'count' },
  },
  {
    key: 'note.bestIteration',
    re: /^Best validation AUC at iteration (?<iteration>\d+); the model keeps (?<trees>\d+) trees\.$/,
    kinds: { iteration: 'count', trees: 'count' },
  },
  {
    key: 'note.noValidation',
    re: /^No validation sample: all (?<trees>\d+) trees are kept\.$/,
    kinds: { trees: 'count' },
  },
  {
    // scripts/train-default.ts
    key: 'note.demoData',
    re: /^Data: the simulated demo portfolio \(lib\/simulator\), (?<clients>\d+) clients x (?<months>\d+) months from (?<start>\d{4}-\d{2}), seed (?<seed>\d+), the same book `npm start` loads as demo data\.$/,
    kinds: { clients: 'count', months: 'count', start: 'month', seed: 'raw' },
  },
  {
    key: 'note.noTrainingTime',
    re: /^Training time is left out of this card so that rebuilding gives byte-identical files; the script prints it\.$/,
  },
  {
    // lib/models/default-model.ts, when the install's data is not the demo book the card was built on
    key: 'note.registeredUnchanged',
    re: /^Registered unchanged: its months \((?<start>\d{4}-\d{2})\.\.(?<end>\d{4}-\d{2})\) are those of the simulated demo book it was trained on, not of this install's data, which is not that demo book; its figures cannot be recomputed here\.$/,
    kinds: { start: 'month', end: 'month' },
  },
  {
    // lib/models/default-model.ts, when the demo book has another number of clients
    key: 'note.otherClientCount',
    re: /^Its figures were computed on the (?<clients>\d+) simulated clients of the book it was built on; this install's demo book has (?<live>\d+), so figures recomputed here differ\.$/,
    kinds: { clients: 'count', live: 'count' },
  },
  {
    // lib/jobs/train-worker.ts
    key: 'note.trainingJob',
    re: /^Trained by background job (?<job>[0-9a-f-]{36}) on the feature store\.$/,
  },
  {
    // lib/models/registry/import.ts, when the uploader is unknown
    key: 'note.positionalUnknown',
    re: /^Feature names assigned by position at upload \(the ONNX file has none\), confirmed by the uploader\.$/,
  },
  {
    key: 'note.positional',
    re: /^Feature names assigned by position at upload \(the ONNX file has none\), confirmed by (?<name>.+)\.$/s,
  },
];

const REPRODUCE: Template[] = [
  {
    // lib/jobs/train-worker.ts; the parameters stay as JSON (they are LightGBM parameter names and values).
    key: 'reproduce.trainingJob',
    re: /^Training job (?<job>[0-9a-f-]{36}) \(Modelos page or POST \/api\/v1\/training\) with parameters (?<params>\{.*\})$/s,
    code: 'params',
  },
];

const ALGORITHMS: Template[] = [
  { key: 'algorithm.proativaGbdt', re: /^proativa-gbdt \(LightGBM-compatible\)$/ },
  { key: 'algorithm.lightgbm', re: /^lightgbm$/ },
];

export interface CardTextFormat {
  count: (n: number) => string;
  month: (yyyyMm: string) => string;
}

function recognise(text: string, templates: Template[], format: CardTextFormat): CardText {
  for (const tpl of templates) {
    const m = tpl.re.exec(text);
    if (!m) continue;
    const params: Record<string, string> = {};
    let code: string | undefined;
    for (const [name, value] of Object.entries(m.groups ?? {})) {
      const kind = tpl.kinds?.[name] ?? 'raw';
      if (name === tpl.code) code = value;
      else if (kind === 'count') params[name] = format.count(Number(value));
      else if (kind === 'month') params[name] = format.month(value);
      else params[name] = value;
    }
    return code === undefined ? { key: tpl.key, params } : { key: tpl.key, params, code };
  }
  return { text };
}

/** The card's description, note by note its notes, how to reproduce it and its algorithm, as CardText. */
export function cardTexts(card: ModelCard, format: CardTextFormat) {
  const training = card.training;
  return {
    description: card.description ? recognise(card.description, DESCRIPTIONS, format) : null,
    notes: (card.notes ?? []).map((n) => recognise(n, NOTES, format)),
    reproduce: training?.reproduce ? recognise(training.reproduce, REPRODUCE, format) : null,
    algorithm: training?.algorithm ? recognise(training.algorithm, ALGORITHMS, format) : null,
  };
}

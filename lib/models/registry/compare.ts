// The side-by-side view of two versions (features, metrics, thresholds, importance, parameters, parity),
// computed from their stored cards, which are parsed here rather than trusted.
import 'server-only';
import type { ModelCard } from '@/lib/models/card';
import type { StoredParity } from '@/lib/validations/model-card';
import { notFound } from './errors';
import { getModel, parseModelCard, parseParity, type ModelSummary } from './read';

export interface ModelComparison {
  a: ModelSummary;
  b: ModelSummary;
  features: { common: string[]; onlyA: string[]; onlyB: string[]; sameOrder: boolean };
  metrics: { split: 'validation' | 'outOfTime'; metric: 'auc' | 'gini' | 'ks'; a?: number; b?: number }[];
  thresholds: {
    split: 'validation' | 'outOfTime';
    threshold: number;
    a?: { recall: number; precision: number };
    b?: { recall: number; precision: number };
  }[];
  importance: { feature: string; a?: number; b?: number; rankA?: number; rankB?: number }[];
  params: { name: string; a?: string; b?: string; differs: boolean }[];
  parity: { a: StoredParity; b: StoredParity };
}

const show = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/** Side-by-side view of two versions: features, metrics, importance, training parameters and parity. */
export async function compareModels(aId: string, bId: string): Promise<ModelComparison> {
  const [a, b] = await Promise.all([getModel(aId), getModel(bId)]);
  if (!a) throw notFound(aId);
  if (!b) throw notFound(bId);
  const ca = parseModelCard(a.card, a);
  const cb = parseModelCard(b.card, b);
  const setA = new Set(a.featureNames);
  const setB = new Set(b.featureNames);
  const features = {
    common: a.featureNames.filter((f) => setB.has(f)),
    onlyA: a.featureNames.filter((f) => !setB.has(f)),
    onlyB: b.featureNames.filter((f) => !setA.has(f)),
    sameOrder:
      a.featureNames.length === b.featureNames.length &&
      a.featureNames.every((f, i) => b.featureNames[i] === f),
  };
  const splits = ['validation', 'outOfTime'] as const;
  const metrics: ModelComparison['metrics'] = [];
  const thresholds: ModelComparison['thresholds'] = [];
  for (const split of splits) {
    for (const metric of ['auc', 'gini', 'ks'] as const) {
      metrics.push({ split, metric, a: ca.metrics?.[split]?.[metric], b: cb.metrics?.[split]?.[metric] });
    }
    const ts = new Set([
      ...(ca.metrics?.[split]?.atThreshold ?? []).map((t) => t.threshold),
      ...(cb.metrics?.[split]?.atThreshold ?? []).map((t) => t.threshold),
    ]);
    for (const threshold of [...ts].sort((x, y) => x - y)) {
      const pick = (c: ModelCard) => {
        const t = c.metrics?.[split]?.atThreshold.find((x) => x.threshold === threshold);
        return t ? { recall: t.recall, precision: t.precision } : undefined;
      };
      thresholds.push({ split, threshold, a: pick(ca), b: pick(cb) });
    }
  }
  const rank = (c: ModelCard) =>
    new Map((c.importanceGain ?? []).map((g, i) => [g.feature, { ...g, rank: i + 1 }]));
  const ra = rank(ca);
  const rb = rank(cb);
  const importance = [...new Set([...ra.keys(), ...rb.keys()])]
    .map((feature) => ({
      feature,
      a: ra.get(feature)?.share,
      b: rb.get(feature)?.share,
      rankA: ra.get(feature)?.rank,
      rankB: rb.get(feature)?.rank,
    }))
    .sort((x, y) => (x.rankA ?? 1e9) - (y.rankA ?? 1e9) || (x.rankB ?? 1e9) - (y.rankB ?? 1e9));
  const pa = ca.training?.params ?? {};
  const pb = cb.training?.params ?? {};
  const params = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort().map((name) => {
    const va = show(pa[name]);
    const vb = show(pb[name]);
    return { name, a: va, b: vb, differs: va !== vb };
  });
  return {
    a,
    b,
    features,
    metrics,
    thresholds,
    importance,
    params,
    parity: { a: parseParity(a.parity, a), b: parseParity(b.parity, b) },
  };
}

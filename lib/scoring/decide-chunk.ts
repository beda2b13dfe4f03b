// One chunk of clients from feature values to decisions: the model's yProba (ONNX Runtime), the TreeSHAP
// reason codes (the same trees, explained exactly), the holdout draw and the policy. No database here: the
// batch worker and the real-time route both feed it and hand its output to the ledger.
import type { DecisionBatch } from '@/lib/decisions/ledger';
import { AppError } from '@/lib/errors';
import { NUM_FEATURES } from '@/lib/features/fs-v1';
import { topReasons, type ReasonCode } from '@/lib/ml/reason-codes';
import { explainBatch } from '@/lib/ml/treeshap';
import { decide, type ClientContact } from '@/lib/policy/decide';
import { isHoldout } from '@/lib/policy/holdout';
import type { DecisionPolicy } from '@/lib/policy/policy';
import { toModelInput, type ScoringModel } from '@/lib/scoring/models';

/** Largest |ONNX Runtime - exact| probability accepted (float32 output resolution is ~6e-8). */
export const PARITY_TOLERANCE = 1e-6;

export interface ChunkClients {
  clientIds: number[];
  /** Stable keys for the holdout draw (the client's external id). */
  externalIds: string[];
  contacts: ClientContact[];
  /** Row-major clientIds.length x NUM_FEATURES, feature-store order, NaN = missing. */
  features: Float64Array;
  /** Row i's features as a float8[] literal when the caller already has it (lib/db/arrays.ts float8Row). */
  featureLiterals?: (string | undefined)[];
}

export interface ChunkOutput extends DecisionBatch {
  /** Full contributions (model input order) when asked for (real time `explain=full`). */
  contributions?: Float64Array;
}

export async function decideChunk(
  model: ScoringModel,
  policy: DecisionPolicy,
  clients: ChunkClients,
  opts: { keepContributions?: boolean } = {},
): Promise<ChunkOutput> {
  const n = clients.clientIds.length;
  const X = toModelInput(model, clients.features, n);
  const k = model.featureNames.length;
  // ONNX Runtime reads float32: TreeSHAP explains the same rounded inputs, so the trees route both alike and
  // base + sum(contributions) = logit(yProba) holds for the value actually stored.
  const X32 = Float32Array.from(X);
  const yProba = n ? await model.scorer.scoreBatch(X32, n) : new Float64Array(0);
  let contributions: Float64Array | undefined;
  let baseValue = Number.NaN;
  const reasonCodes: ReasonCode[][] = new Array(n);
  if (model.ensemble && n) {
    const e = explainBatch(model.ensemble, Float64Array.from(X32), k);
    contributions = e.contributions;
    baseValue = e.baseValue;
    // ONNX Runtime returns float32 probabilities: logit(p) of a float32 p is off by up to ~1e-6, so the
    // ledger stores the double-precision probability of the same trees on the same inputs (TreeSHAP's
    // base + sum is exactly the raw margin), and ONNX Runtime's own output is checked against it row by row:
    // a disagreement means the served model and its trees differ, and the chunk fails rather than decide.
    for (let i = 0; i < n; i++) {
      let margin = baseValue;
      for (let j = 0; j < k; j++) margin += contributions[i * k + j]!;
      const exact = 1 / (1 + Math.exp(-margin));
      if (!(Math.abs(exact - yProba[i]!) <= PARITY_TOLERANCE)) {
        throw new AppError('scoring.parity', { model: `${model.name} v${model.version}`, row: i }, 422);
      }
      yProba[i] = exact;
      reasonCodes[i] = topReasons(contributions, X, model.featureNames, 3, i * k);
    }
  } else {
    for (let i = 0; i < n; i++) reasonCodes[i] = [];
  }
  const band = new Array(n);
  const action = new Array(n);
  const channel = new Array(n);
  const holdout = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const h = isHoldout(clients.externalIds[i]!, policy.holdoutSalt, policy.holdoutShare);
    const d = decide(yProba[i]!, clients.contacts[i]!, policy, h);
    holdout[i] = h;
    band[i] = d.band;
    action[i] = d.action;
    channel[i] = d.channel;
  }
  return {
    clientIds: clients.clientIds,
    nFeatures: NUM_FEATURES,
    features: clients.features,
    ...(clients.featureLiterals ? { featureLiterals: clients.featureLiterals } : {}),
    yProba,
    band,
    action,
    channel,
    holdout,
    reasonCodes,
    baseValue,
    ...(opts.keepContributions && contributions ? { contributions } : {}),
  };
}

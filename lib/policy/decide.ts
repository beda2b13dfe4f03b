// From a score to a decision under a policy version: the band, the action and the channel (consent, the
// do-not-call list and the holdout applied), and the "what would change" counts of a proposed policy.
import {
  BANDS,
  PolicyError,
  type Band,
  type Channel,
  type DecisionAction,
  type DecisionPolicy,
  type DigitalChannel,
} from './policy';

export interface ClientContact {
  consents: { app: boolean; email: boolean; sms: boolean; whatsapp: boolean };
  /** The client asked not to be phoned. */
  doNotCall?: boolean;
}

/** Why the band's usual action was not taken (null when it was). */
export type DecisionReason = 'HOLDOUT' | 'NO_CONSENT' | 'DO_NOT_CALL';

export interface DecisionOutcome {
  band: Band;
  action: DecisionAction;
  channel: Channel;
  reason: DecisionReason | null;
}

function bandIndex(yProba: number, moderate: number, critical: number, index?: number): 0 | 1 | 2 {
  // typeof guards against a non-number slipping in from JSON; NaN fails both comparisons.
  if (typeof yProba !== 'number' || !(yProba >= 0 && yProba <= 1)) {
    throw new PolicyError('policy.invalidScore', {
      value: String(yProba),
      ...(index === undefined ? {} : { index }),
    });
  }
  return yProba >= critical ? 2 : yProba >= moderate ? 1 : 0;
}

/** CRITICAL from the critical threshold on, MODERATE from the moderate one, else LOW; a score outside [0, 1] throws. */
export function bandOf(yProba: number, policy: DecisionPolicy): Band {
  return BANDS[bandIndex(yProba, policy.thresholds.moderate, policy.thresholds.critical)];
}

const CONSENT_OF: Record<DigitalChannel, keyof ClientContact['consents']> = {
  APP: 'app',
  WHATSAPP: 'whatsapp',
  SMS: 'sms',
  EMAIL: 'email',
};

/** The policy's first digital channel the client consented to, or null. */
export function preferredChannel(client: ClientContact, policy: DecisionPolicy): DigitalChannel | null {
  for (const c of policy.bands.MODERATE.channelPreference)
    if (client.consents[CONSENT_OF[c]] === true) return c;
  return null;
}

function digitalOffer(
  band: Band,
  client: ClientContact,
  policy: DecisionPolicy,
  fallbackFrom: DecisionReason | null,
) {
  const channel = preferredChannel(client, policy);
  if (channel === null) return { band, action: 'NONE', channel: 'NONE', reason: 'NO_CONSENT' } as const;
  return { band, action: 'DIGITAL_OFFER', channel, reason: fallbackFrom } as const;
}

/**
 * The decision for one client. A holdout client keeps its band (so the control group can be compared band by
 * band) and gets nothing. A CRITICAL client on the do-not-call list cannot get the manager's call and gets
 * the MODERATE digital offer instead, so a high risk is never left without any contact the client allows.
 */
export function decide(
  yProba: number,
  client: ClientContact,
  policy: DecisionPolicy,
  holdout: boolean,
): DecisionOutcome {
  const band = bandOf(yProba, policy);
  if (holdout) return { band, action: 'NONE', channel: 'NONE', reason: 'HOLDOUT' };
  switch (band) {
    case 'CRITICAL':
      if (client.doNotCall === true) return digitalOffer(band, client, policy, 'DO_NOT_CALL');
      return { band, ...policy.bands.CRITICAL, reason: null };
    case 'MODERATE':
      return digitalOffer(band, client, policy, null);
    case 'LOW':
      return { band, ...policy.bands.LOW, reason: null };
  }
}

export type BandCounts = Record<Band, number>;

export interface BandComparison {
  total: number;
  current: BandCounts;
  proposed: BandCounts;
  /** transitions[from][to]: clients in band `from` now and in band `to` under the proposal. */
  transitions: Record<Band, BandCounts>;
}

const zeroCounts = (): BandCounts => ({ LOW: 0, MODERATE: 0, CRITICAL: 0 });

/** Bands of the same scores under the current and the proposed policy: what a policy change would move. */
export function compareBands(
  scores: ArrayLike<number>,
  current: DecisionPolicy,
  proposed: DecisionPolicy,
): BandComparison {
  const m = new Float64Array(9);
  const { moderate: cm, critical: cc } = current.thresholds;
  const { moderate: pm, critical: pc } = proposed.thresholds;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]!;
    m[bandIndex(p, cm, cc, i) * 3 + bandIndex(p, pm, pc, i)]!++;
  }
  const out: BandComparison = {
    total: scores.length,
    current: zeroCounts(),
    proposed: zeroCounts(),
    transitions: { LOW: zeroCounts(), MODERATE: zeroCounts(), CRITICAL: zeroCounts() },
  };
  for (let from = 0; from < 3; from++) {
    for (let to = 0; to < 3; to++) {
      const n = m[from * 3 + to]!;
      out.transitions[BANDS[from]!][BANDS[to]!] = n;
      out.current[BANDS[from]!] += n;
      out.proposed[BANDS[to]!] += n;
    }
  }
  return out;
}

import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { holdoutDraw, isHoldout, isHoldoutUnder } from '@/lib/policy/holdout';
import { DEFAULT_POLICY, PolicyError } from '@/lib/policy/policy';

const ids = Array.from({ length: 100_000 }, (_, i) => `CLI-${String(i + 1).padStart(7, '0')}`);

describe('holdout', () => {
  it('puts the policy share of clients in control, within 3 standard errors over 100,000 ids', () => {
    for (const share of [0.05, 0.1, 0.5]) {
      const n = ids.filter((id) => isHoldout(id, 'v1', share)).length;
      const se = Math.sqrt((share * (1 - share)) / ids.length);
      expect(Math.abs(n / ids.length - share)).toBeLessThan(3 * se);
    }
  });

  it('draws uniformly: each tenth of [0, 1) gets a tenth of the ids (chi-square, 9 d.f., p > 0.001)', () => {
    const bins = new Array<number>(10).fill(0);
    for (const id of ids) bins[Math.floor(holdoutDraw(id, 'v1') * 10)]!++;
    const expected = ids.length / 10;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('is stable: the same client and salt always give the same answer, in any order', () => {
    const first = ids.slice(0, 2000).map((id) => isHoldout(id, 'v1', 0.05));
    const again = ids
      .slice(0, 2000)
      .reverse()
      .map((id) => isHoldout(id, 'v1', 0.05))
      .reverse();
    expect(again).toEqual(first);
  });

  it('is the documented SHA-256 draw, so SQL or a notebook can reproduce the control group', () => {
    const id = 'CLI-0000042';
    const digest = crypto.createHash('sha256').update(`${id}:v1`).digest('hex');
    expect(holdoutDraw(id, 'v1')).toBe(parseInt(digest.slice(0, 12), 16) / 2 ** 48);
    // Non-ASCII ids hash their UTF-8 bytes.
    const accented = 'JOÃO-1';
    const d2 = crypto
      .createHash('sha256')
      .update(Buffer.from(`${accented}:v1`, 'utf8'))
      .digest('hex');
    expect(holdoutDraw(accented, 'v1')).toBe(parseInt(d2.slice(0, 12), 16) / 2 ** 48);
  });

  it('keeps the same control group across policy versions that keep the salt', () => {
    const v1 = DEFAULT_POLICY;
    const v2 = { ...DEFAULT_POLICY, version: 2, thresholds: { moderate: 0.25, critical: 0.55 } };
    const sample = ids.slice(0, 5000);
    expect(sample.map((id) => isHoldoutUnder(id, v2))).toEqual(sample.map((id) => isHoldoutUnder(id, v1)));
  });

  it('draws a new, mostly different group when the salt is deliberately changed', () => {
    const sample = ids.slice(0, 20_000);
    const a = new Set(sample.filter((id) => isHoldout(id, 'v1', 0.05)));
    const b = sample.filter((id) => isHoldout(id, 'v2', 0.05));
    const overlap = b.filter((id) => a.has(id)).length;
    // Independent draws overlap on about share^2 of the clients (50 of 20,000), not share (1,000).
    expect(overlap).toBeLessThan(150);
  });

  it('only adds clients to control when the share grows', () => {
    const sample = ids.slice(0, 20_000);
    for (const id of sample) if (isHoldout(id, 'v1', 0.05)) expect(isHoldout(id, 'v1', 0.1)).toBe(true);
  });

  it('never holds out anyone at share 0', () => {
    expect(ids.slice(0, 10_000).some((id) => isHoldout(id, 'v1', 0))).toBe(false);
  });

  it('refuses an invalid share or an empty client key with typed errors', () => {
    for (const share of [NaN, -0.1, 1.5]) {
      expect(() => isHoldout('CLI-1', 'v1', share)).toThrow(PolicyError);
    }
    try {
      isHoldout('', 'v1', 0.05);
      expect.unreachable();
    } catch (e) {
      expect((e as PolicyError).code).toBe('policy.invalidClientKey');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, monthDiff } from '@/lib/domain/raw';
import { generatePortfolio, resolveParams, simulateClient } from './generate';

describe('generatePortfolio', () => {
  const bundles = [...generatePortfolio({ clients: 2_000, months: 24, seed: 7 })];

  it('is deterministic for a seed and differs across seeds', () => {
    const again = [...generatePortfolio({ clients: 50, months: 24, seed: 7 })];
    expect(again).toEqual(bundles.slice(0, 50));
    const other = [...generatePortfolio({ clients: 50, months: 24, seed: 8 })];
    expect(other).not.toEqual(bundles.slice(0, 50));
  });

  it('makes a client depend only on (seed, index), so the stream can be split across workers', () => {
    const p = resolveParams({ clients: 2_000, months: 24, seed: 7 });
    expect(simulateClient(p, 1234)).toEqual(bundles[1234]);
  });

  it('produces coherent statements: one per month from the first, known fields, no negative amounts', () => {
    const bad: string[] = [];
    for (const b of bundles) {
      const st = b.statements;
      for (let i = 0; i < st.length; i++) {
        const s = st[i]!;
        const ok =
          (i === 0 || monthDiff(s.referenceMonth, st[i - 1]!.referenceMonth) === 1) &&
          s.clientExternalId === b.client.externalId &&
          s.creditLimit > 0 &&
          s.amountPaid >= 0 &&
          s.amountPaid <= Math.max(0, s.statementBalance) &&
          Math.abs(s.revolvingBalance! - Math.max(0, s.statementBalance - s.amountPaid)) < 0.02 &&
          s.minimumDue !== null &&
          s.monthsPastDue >= 0;
        if (!ok) bad.push(`${s.clientExternalId} ${s.referenceMonth}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('moves delinquency one month at a time (0 -> 1 -> 2 ...) and cures back to 0', () => {
    let cures = 0;
    const bad: string[] = [];
    for (const b of bundles) {
      for (let i = 1; i < b.statements.length; i++) {
        const prev = b.statements[i - 1]!.monthsPastDue;
        const cur = b.statements[i]!.monthsPastDue;
        if (!(cur === 0 || cur === prev || cur === prev + 1))
          bad.push(`${b.client.externalId}: ${prev} -> ${cur}`);
        if (prev > 0 && cur === 0) cures++;
      }
    }
    expect(bad).toEqual([]);
    expect(cures).toBeGreaterThan(50);
  });

  it('labels month M by a missed payment (or charge-off) within M+1..M+3 and only for accounts current at M', () => {
    let defaults = 0;
    const bad: string[] = [];
    for (const b of bundles) {
      const byMonth = new Map(b.statements.map((s) => [s.referenceMonth, s]));
      const last = b.statements[b.statements.length - 1]!;
      for (const o of b.outcomes) {
        const window = [1, 2, 3].map((k) => byMonth.get(addMonths(o.referenceMonth, k)));
        const late = window.some((s) => s !== undefined && s.monthsPastDue >= 1);
        // A charge-off ends the statements early: a missing month in the window is a charge-off.
        const chargedOff = monthDiff(last.referenceMonth, o.referenceMonth) < 3;
        const ok =
          byMonth.get(o.referenceMonth)?.monthsPastDue === 0 &&
          o.observedAt.slice(0, 7) === addMonths(o.referenceMonth, 3) &&
          o.defaulted === (late || chargedOff);
        if (!ok) bad.push(`${o.clientExternalId} ${o.referenceMonth}`);
        if (o.defaulted) defaults++;
      }
    }
    expect(bad).toEqual([]);
    expect(defaults).toBeGreaterThan(0);
  });

  it('dates bureau snapshots on the 15th and fakes contacts on an example domain', () => {
    for (const b of bundles.slice(0, 200)) {
      for (const r of b.bureau) expect(r.referenceDate.endsWith('-15')).toBe(true);
      if (b.client.email) expect(b.client.email.endsWith('@example.com.br')).toBe(true);
      expect(['MASS', 'AFFLUENT', 'PRIVATE']).toContain(b.client.segment);
      expect(['N', 'NE', 'CO', 'SE', 'S']).toContain(b.client.region);
    }
  });

  it('raises utilization and lowers payments after the macro shift', () => {
    const mean = (
      from: string,
      to: string,
      f: (s: (typeof bundles)[number]['statements'][number]) => number,
    ) => {
      let sum = 0;
      let n = 0;
      for (const b of bundles)
        for (const s of b.statements)
          if (s.referenceMonth >= from && s.referenceMonth <= to && s.statementBalance > 0) {
            sum += f(s);
            n++;
          }
      return sum / n;
    };
    const util = (s: { statementBalance: number; creditLimit: number }) => s.statementBalance / s.creditLimit;
    const pay = (s: { statementBalance: number; amountPaid: number }) => s.amountPaid / s.statementBalance;
    expect(mean('2026-09', '2026-12', util)).toBeGreaterThan(mean('2025-09', '2025-12', util) + 0.05);
    expect(mean('2026-09', '2026-12', pay)).toBeLessThan(mean('2025-09', '2025-12', pay) - 0.05);
  });

  it('rejects impossible parameters with a clear message', () => {
    expect(() => resolveParams({ clients: -1 })).toThrow(/clients/);
    expect(() => resolveParams({ startMonth: '2025-13' })).toThrow(/startMonth/);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { runCalibration, type CalibrationReport, type SampleSummary } from './calibration';

// The model trained on the early months must look like the validated production model (AUC OOT 0.7281; at
// y_proba >= 0.20 recall 89% at precision 32%), so the policy bands, the alert queue and recall monitoring
// behave as in production, and it must decay below the 0.70 retraining trigger after the macro shift.
describe('simulator calibration (20,000 clients x 24 months, in-app GBDT)', () => {
  let report: CalibrationReport;
  beforeAll(() => {
    report = runCalibration({ clients: 20_000, months: 24, seed: 42 });
  }, 60_000);

  const at = (s: SampleSummary, threshold: number) => s.atThreshold.find((t) => t.threshold === threshold)!;

  it('labels a UCI-like share of current clients as missing a payment within three months', () => {
    for (const s of [report.train, report.oot]) {
      expect(s.defaultRate).toBeGreaterThan(0.18);
      expect(s.defaultRate).toBeLessThan(0.28);
    }
  });

  it('gives an out-of-time AUC between 0.70 and 0.78 on the months right after training', () => {
    expect(report.oot.auc).toBeGreaterThanOrEqual(0.7);
    expect(report.oot.auc).toBeLessThanOrEqual(0.78);
  });

  it('reproduces the business operating point at 0.20 out of time: most defaulters caught, about 1 in 3 flagged defaults', () => {
    const t = at(report.oot, 0.2);
    expect(t.recall).toBeGreaterThanOrEqual(0.8);
    expect(t.recall).toBeLessThanOrEqual(0.95);
    expect(t.precision).toBeGreaterThanOrEqual(0.25);
    expect(t.precision).toBeLessThanOrEqual(0.4);
  });

  it('puts a minority of clients in the CRITICAL band (y_proba >= 0.50), more risky than the MODERATE ones', () => {
    const critical = at(report.oot, 0.5);
    expect(critical.flaggedShare).toBeGreaterThan(0.03);
    expect(critical.flaggedShare).toBeLessThan(0.15);
    expect(critical.precision).toBeGreaterThan(at(report.oot, 0.2).precision);
  });

  it('lets the same model fall below 0.70 after the macro shift, with more clients missing payments', () => {
    expect(report.stressed.auc).toBeLessThan(0.7);
    expect(report.stressed.auc).toBeLessThan(report.oot.auc);
    expect(report.stressed.defaultRate).toBeGreaterThan(report.oot.defaultRate * 1.2);
    expect(report.stressed.defaultRate).toBeLessThan(0.45);
  });
});

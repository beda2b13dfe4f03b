import { beforeAll, describe, expect, it } from 'vitest';
import { runCalibration, type CalibrationReport } from './calibration';

// The model trained on the early months must look like the validated production model (AUC OOT ~0.73)
// and decay below the 0.70 retraining trigger after the macro shift, so monitoring has something to find.
describe('simulator calibration (20,000 clients x 24 months, in-app GBDT)', () => {
  let report: CalibrationReport;
  beforeAll(() => {
    report = runCalibration({ clients: 20_000, months: 24, seed: 42 });
  }, 60_000);

  it('gives an out-of-time AUC between 0.70 and 0.78 on the months right after training', () => {
    expect(report.oot.auc).toBeGreaterThanOrEqual(0.7);
    expect(report.oot.auc).toBeLessThanOrEqual(0.78);
  });

  it('lets the same model fall below 0.70 after the macro shift', () => {
    expect(report.stressed.auc).toBeLessThan(0.7);
    expect(report.stressed.auc).toBeLessThan(report.oot.auc);
  });

  it('has a plausible card default rate that rises in the stressed period', () => {
    expect(report.train.defaultRate).toBeGreaterThan(0.02);
    expect(report.train.defaultRate).toBeLessThan(0.08);
    expect(report.oot.defaultRate).toBeGreaterThan(0.02);
    expect(report.stressed.defaultRate).toBeGreaterThan(report.oot.defaultRate * 1.5);
    expect(report.stressed.defaultRate).toBeLessThan(0.15);
  });
});

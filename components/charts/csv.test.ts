import { describe, expect, it } from 'vitest';
import { tableToCsv } from './csv';
import { psiBand } from './heat';

describe('tableToCsv', () => {
  it('writes a header and rows, neutralising formula-looking text but not numbers', () => {
    const csv = tableToCsv(
      ['Mês', 'AUC'],
      [
        ['=HYPERLINK("x")', 0.71],
        ['2026-05', -0.5],
        ['@a;b', null],
      ],
    );
    expect(csv.split('\r\n')).toEqual([
      'Mês,AUC',
      `"'=HYPERLINK(""x"")",0.71`,
      '2026-05,-0.5',
      `"'@a;b",`,
      '',
    ]);
  });
});

describe('psiBand', () => {
  it('bands PSI at 0.10 and 0.25 and keeps a stored verdict', () => {
    expect(psiBand(0.05)).toBe('stable');
    expect(psiBand(0.1)).toBe('watch');
    expect(psiBand(0.2499)).toBe('watch');
    expect(psiBand(0.25)).toBe('act');
    expect(psiBand(0.3, 'watch')).toBe('watch');
    expect(psiBand(null)).toBeNull();
  });
});

import { modelHealth, monthRows } from './monitoring-api';

describe('modelHealth and monthRows', () => {
  it('alerts on AUC under 0.70 or drift to act, watches on open triggers', () => {
    expect(modelHealth({ latestAuc: 0.69, worstDrift: 'stable', triggersOpen: 0 })).toBe('alert');
    expect(modelHealth({ latestAuc: 0.73, worstDrift: 'act', triggersOpen: 0 })).toBe('alert');
    expect(modelHealth({ latestAuc: 0.73, worstDrift: 'stable', triggersOpen: 2 })).toBe('watch');
    expect(modelHealth({ latestAuc: 0.73, worstDrift: null, triggersOpen: 0 })).toBe('ok');
  });
  it('keeps the all-cohort month rows in period order', () => {
    const rows = monthRows({
      items: [
        { periodKind: 'MONTH', period: '2026-05', cohort: 'all' },
        { periodKind: 'DAY', period: '2026-05-01', cohort: 'all' },
        { periodKind: 'MONTH', period: '2026-03', cohort: 'all' },
        { periodKind: 'MONTH', period: '2026-03', cohort: 'holdout' },
      ],
    });
    expect(rows.map((r) => r.period)).toEqual(['2026-03', '2026-05']);
  });
});

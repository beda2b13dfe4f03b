import { describe, expect, it } from 'vitest';
import {
  bandRows,
  durationParts,
  histogramBins,
  isTerminal,
  pickRun,
  progressShare,
  runSeconds,
  signedCount,
  signedPoints,
  startedBy,
} from './figures';

const A = '0b6e4f00-0000-4000-8000-000000000001';
const NEWEST = '0b6e4f00-0000-4000-8000-0000000000ff';

describe('which run the page shows', () => {
  const known = async (id: string) => id === A;

  it('shows the newest run when none is asked for', async () => {
    expect(await pickRun(undefined, NEWEST, known)).toEqual({ id: NEWEST, notice: null });
    expect(await pickRun('', NEWEST, known)).toEqual({ id: NEWEST, notice: null });
    expect(await pickRun(undefined, null, known)).toEqual({ id: null, notice: null });
  });

  it('shows the run asked for, whatever the case of its id', async () => {
    expect(await pickRun(A.toUpperCase(), NEWEST, known)).toEqual({ id: A, notice: null });
    expect(await pickRun([A, NEWEST], NEWEST, known)).toEqual({ id: A, notice: null });
  });

  it('falls back to the newest with a notice for a malformed or unknown id', async () => {
    expect(await pickRun('abc', NEWEST, known)).toEqual({ id: NEWEST, notice: 'runInvalid' });
    expect(await pickRun("1' OR '1'='1", NEWEST, known)).toEqual({ id: NEWEST, notice: 'runInvalid' });
    const unknown = '0b6e4f00-0000-4000-8000-000000000002';
    expect(await pickRun(unknown, NEWEST, known)).toEqual({ id: NEWEST, notice: 'runNotFound' });
    expect(await pickRun(unknown, null, known)).toEqual({ id: null, notice: 'runNotFound' });
  });
});

describe('progress and duration', () => {
  it('reads done over total, complete once the run has succeeded', () => {
    expect(progressShare({ status: 'RUNNING', clientsDone: 250, clientsTotal: 1000 })).toBe(0.25);
    expect(progressShare({ status: 'QUEUED', clientsDone: 0, clientsTotal: 0 })).toBe(0);
    expect(progressShare({ status: 'SUCCEEDED', clientsDone: 0, clientsTotal: 0 })).toBe(1);
    expect(progressShare({ status: 'CANCELLED', clientsDone: 300, clientsTotal: 1000 })).toBe(0.3);
    expect(progressShare({ status: 'RUNNING', clientsDone: 1200, clientsTotal: 1000 })).toBe(1);
  });

  it('is the time from the first chunk to the end, unknown while the run is open', () => {
    const base = { createdAt: '2026-07-02T09:00:00.000Z' };
    expect(
      runSeconds({ ...base, startedAt: '2026-07-02T09:00:05.000Z', finishedAt: '2026-07-02T09:01:17.500Z' }),
    ).toBe(72.5);
    expect(runSeconds({ ...base, startedAt: null, finishedAt: '2026-07-02T09:00:03.000Z' })).toBe(3);
    expect(runSeconds({ ...base, startedAt: '2026-07-02T09:00:05.000Z', finishedAt: null })).toBeNull();
  });

  it('says a duration in the largest sensible units', () => {
    expect(durationParts(0)).toEqual({ unit: 'seconds', s: 0 });
    expect(durationParts(41.2)).toEqual({ unit: 'seconds', s: 42 });
    expect(durationParts(185)).toEqual({ unit: 'minutes', m: 3, s: 5 });
    expect(durationParts(4335)).toEqual({ unit: 'hours', h: 1, m: 12 });
    expect(durationParts(-5)).toEqual({ unit: 'seconds', s: 0 });
  });

  it('stops polling only for finished runs', () => {
    expect(isTerminal('RUNNING')).toBe(false);
    expect(isTerminal('QUEUED')).toBe(false);
    expect(isTerminal('SUCCEEDED')).toBe(true);
    expect(isTerminal('FAILED')).toBe(true);
    expect(isTerminal('CANCELLED')).toBe(true);
    expect(isTerminal(undefined)).toBe(false);
  });
});

describe('comparison with the previous run', () => {
  it('gives clients and share per band, riskiest first, with differences', () => {
    const rows = bandRows({
      clients: 1000,
      counts: { LOW: 700, MODERATE: 200, CRITICAL: 100 },
      holdoutByBand: { LOW: 35, MODERATE: 10, CRITICAL: 5 },
      previous: { clients: 800, counts: { LOW: 600, MODERATE: 120, CRITICAL: 80 } },
    });
    expect(rows.map((r) => r.band)).toEqual(['CRITICAL', 'MODERATE', 'LOW']);
    expect(rows[0]).toEqual({
      band: 'CRITICAL',
      clients: 100,
      share: 0.1,
      holdout: 5,
      previous: { clients: 80, share: 0.1, deltaClients: 20, deltaShare: 0 },
    });
    expect(rows[1]!.previous!.deltaShare).toBeCloseTo(0.05, 12);
    expect(rows[2]!.previous!.deltaShare).toBeCloseTo(-0.05, 12);
  });

  it('has no comparison for a first run and no share without clients', () => {
    const rows = bandRows({
      clients: 0,
      counts: { LOW: 0, MODERATE: 0, CRITICAL: 0 },
      holdoutByBand: { LOW: 0, MODERATE: 0, CRITICAL: 0 },
      previous: null,
    });
    expect(rows.every((r) => r.previous === null && r.share === null)).toBe(true);
  });

  it('writes differences with their sign in Brazilian format', () => {
    expect(signedCount(1234, 'pt-BR')).toBe('+1.234');
    expect(signedCount(-56, 'pt-BR')).toBe('−56');
    expect(signedCount(0, 'pt-BR')).toBe('0');
    expect(signedPoints(0.0123, 'pt-BR')).toBe('+1,2');
    expect(signedPoints(-0.004, 'pt-BR')).toBe('−0,4');
    expect(signedPoints(0.00001, 'pt-BR')).toBe('0,0');
    expect(signedPoints(0.0123, 'en')).toBe('+1.2');
  });
});

describe('who started a run', () => {
  it('names the person, else the system path it came through', () => {
    expect(startedBy({ createdBy: 'Ana Lima', origin: 'app' })).toEqual({ person: 'Ana Lima' });
    expect(startedBy({ createdBy: null, origin: 'demo' })).toEqual({ system: 'demo' });
    expect(startedBy({ createdBy: null, origin: 'cli' })).toEqual({ system: 'cli' });
    expect(startedBy({ createdBy: null, origin: 'api' })).toEqual({ system: 'api' });
    expect(startedBy({ createdBy: null, origin: 'schedule' })).toEqual({ system: 'schedule' });
    expect(startedBy({ createdBy: null, origin: 'test' })).toEqual({ system: 'other' });
  });
});

describe('histogram bins', () => {
  it('turns 20 counts into score ranges of 5%', () => {
    const bins = histogramBins(Array.from({ length: 20 }, (_, k) => k));
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ from: 0, to: 0.05, count: 0 });
    expect(bins[19]).toEqual({ from: 0.95, to: 1, count: 19 });
  });
});

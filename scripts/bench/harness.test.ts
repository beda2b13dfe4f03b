import { describe, expect, it } from 'vitest';
import {
  benchParams,
  buildResults,
  costRatio,
  formatNumber,
  formatTable,
  makeFigure,
  mergeResults,
  makeProgress,
  portfolioDatabaseName,
  resultsFileName,
  portfolioKey,
  progressLine,
  type Figure,
  type SectionResult,
} from './harness';

const load: [number, number, number] = [1.5, 1.2, 0.9];

describe('figures', () => {
  it('a rate is compared as floor / value: how many times slower than the floor', () => {
    const f = makeFigure(
      'batch run',
      20_000,
      'clients/s',
      { name: 'raw', value: 500_000, unit: 'clients/s' },
      {
        loadBefore: load,
      },
    );
    expect(f.ratio).toBe(25);
    expect(f.floor).toEqual({ name: 'raw', value: 500_000, unit: 'clients/s' });
    expect(f.loadBefore).toEqual(load);
    expect(f.details).toEqual({});
  });

  it('a cost (ms, MB) is compared as value / floor', () => {
    expect(costRatio(30, { name: 'floor', value: 2, unit: 'ms' }, 'ms')).toBe(15);
    expect(costRatio(120, { name: 'small file', value: 100, unit: 'MB' }, 'MB')).toBeCloseTo(1.2);
  });

  it('refuses a floor in another unit, and gives NaN (not Infinity) for a zero', () => {
    expect(() => costRatio(1, { name: 'x', value: 1, unit: 'ms' }, 'rows/s')).toThrow(/not comparable/);
    expect(costRatio(0, { name: 'x', value: 1, unit: 'rows/s' }, 'rows/s')).toBeNaN();
  });

  it('the type makes the floor mandatory', () => {
    // @ts-expect-error a figure without its floor does not type-check
    const bad: Figure = { name: 'x', value: 1, unit: 'ms', ratio: 1, loadBefore: load, details: {} };
    expect(bad.floor).toBeUndefined();
  });

  it('takes the load average when none is given', () => {
    const f = makeFigure('x', 2, 'ms', { name: 'f', value: 1, unit: 'ms' });
    expect(f.loadBefore).toHaveLength(3);
    expect(f.loadBefore.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  });
});

describe('the table', () => {
  const sections: SectionResult[] = [
    {
      name: 'inference',
      status: 'ok',
      seconds: 3,
      loadBefore: load,
      details: {},
      figures: [
        makeFigure(
          'OnnxScorer.scoreBatch',
          900_000,
          'rows/s',
          { name: 'raw run', value: 1_000_000, unit: 'rows/s' },
          {
            loadBefore: load,
          },
        ),
      ],
    },
    {
      name: 'queue',
      status: 'ok',
      seconds: 9,
      loadBefore: load,
      details: {},
      figures: [
        makeFigure(
          'alert queue page',
          12.34,
          'ms',
          { name: 'actor lookup', value: 0.5, unit: 'ms' },
          {
            loadBefore: [2, 2, 2],
          },
        ),
      ],
    },
    { name: 'training', status: 'ok', seconds: 1, loadBefore: load, details: {}, figures: [] },
    {
      name: 'realtime-http',
      status: 'skipped',
      reason: 'no production build (run npm run build)',
      seconds: 0,
      loadBefore: load,
      details: {},
      figures: [],
    },
    { name: 'db', status: 'failed', reason: 'boom', seconds: 1, loadBefore: load, details: {}, figures: [] },
  ];
  const table = formatTable(sections);
  const lines = table.split('\n');

  it('prints one row per figure with its floor, the ratio and the load, in aligned columns', () => {
    expect(lines[0]).toMatch(/^section\s+figure\s+value\s+floor\s+floor value\s+x floor\s+load$/);
    const row = lines.find((l) => l.startsWith('inference'))!;
    expect(row).toContain('OnnxScorer.scoreBatch');
    expect(row).toContain('900,000 rows/s');
    expect(row).toContain('raw run');
    expect(row).toContain('1,000,000 rows/s');
    expect(row).toMatch(/1\.11x\s+1\.5$/);
    const q = lines.find((l) => l.startsWith('queue'))!;
    expect(q).toContain('12.3 ms');
    expect(q).toMatch(/24\.68x\s+2\.0$/);
    // Every data line as wide as the header (columns padded).
    expect(row.length).toBe(lines[0]!.length);
    expect(q.length).toBe(lines[0]!.length);
  });

  it('lists skipped, failed and floorless sections after the figures', () => {
    expect(table).toContain('realtime-http: skipped: no production build (run npm run build)');
    expect(table).toContain('db: FAILED: boom');
    expect(table).toContain('training: no figure with a floor');
  });

  it('formats numbers with digits that read well', () => {
    expect(formatNumber(1_234_567.8)).toBe('1,234,568');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.012345)).toBe('0.012');
    expect(formatNumber(NaN)).toBe('NaN');
  });
});

describe('bench/results.json', () => {
  it('holds the machine, versions, commit, parameters and every section with its figures', () => {
    const params = benchParams(true, {});
    const sections: SectionResult[] = [
      {
        name: 'dispatch',
        status: 'ok',
        seconds: 4,
        loadBefore: load,
        details: { offers: 2000 },
        figures: [
          makeFigure(
            'dispatch, log provider',
            3000,
            'offers/s',
            { name: 'bare UPDATE', value: 60_000, unit: 'offers/s' },
            {
              loadBefore: load,
            },
          ),
        ],
      },
    ];
    const r = buildResults({
      date: '2026-12-02T01:00:00.000Z',
      quick: true,
      args: ['--quick'],
      machine: { cores: 2, cpuModel: 'cpu', memoryGiB: 23.4, platform: 'linux', arch: 'x64' },
      versions: { node: 'v20', npm: '10', postgres: '18.1', onnxruntime: '1.30.0', next: '16.4.6' },
      git: { commit: 'abc', dirty: true },
      params,
      portfolio: { database: 'proativa_bench_x', key: 'x', reused: true, buildSeconds: 0 },
      totalSeconds: 100,
      sections,
    });
    const json = JSON.parse(JSON.stringify(r)) as typeof r;
    expect(Object.keys(json).sort()).toEqual(
      [
        'command',
        'date',
        'git',
        'machine',
        'params',
        'portfolio',
        'quick',
        'schema',
        'sections',
        'totalSeconds',
        'versions',
      ].sort(),
    );
    expect(json.schema).toBe(1);
    expect(json.command).toBe('npm run bench -- --quick');
    expect(json.sections[0]!.figures[0]).toEqual({
      name: 'dispatch, log provider',
      value: 3000,
      unit: 'offers/s',
      floor: { name: 'bare UPDATE', value: 60_000, unit: 'offers/s' },
      ratio: 20,
      loadBefore: load,
      details: {},
    });
    expect(json.sections[0]!.loadBefore).toEqual(load);
    expect(json.params.quick).toBe(true);
  });
});

describe('--merge', () => {
  const section = (name: string, value: number): SectionResult => ({
    name,
    status: 'ok',
    seconds: 1,
    loadBefore: load,
    details: {},
    figures: [
      makeFigure(
        `${name} figure`,
        value,
        'rows/s',
        { name: 'floor', value: 1000, unit: 'rows/s' },
        { loadBefore: load },
      ),
    ],
  });
  const results = (date: string, commit: string, sections: SectionResult[], quick = false) =>
    buildResults({
      date,
      quick,
      args: quick ? ['--quick'] : [],
      machine: { cores: 2, cpuModel: 'cpu', memoryGiB: 23.4, platform: 'linux', arch: 'x64' },
      versions: {},
      git: { commit, dirty: false },
      params: benchParams(quick, {}),
      portfolio: null,
      totalSeconds: 10,
      sections,
    });
  const full = results('2026-12-02T04:00:00.000Z', 'full', [section('db', 10), section('scoring', 20)]);

  it('replaces only the named sections, each stamped with when and where it was measured', () => {
    const partial = results('2026-12-02T05:00:00.000Z', 'later', [section('scoring', 40)]);
    const m = mergeResults(full, partial);
    expect(m.sections.map((s) => [s.name, s.figures[0]!.value])).toEqual([
      ['db', 10],
      ['scoring', 40],
    ]);
    expect(m.sections[0]!.measured).toBeUndefined();
    expect(m.sections[1]!.measured).toEqual({ date: partial.date, git: { commit: 'later', dirty: false } });
    expect(m.git).toEqual({ commit: 'full', dirty: false });
    expect(m.merges).toEqual([
      { date: partial.date, git: partial.git, command: 'npm run bench', sections: ['scoring'] },
    ]);
    // A second merge keeps the first one's record.
    expect(mergeResults(m, partial).merges).toHaveLength(2);
  });

  it('appends a section added to the harness since the full run, with its new sizes', () => {
    const partial = results('2026-12-02T05:00:00.000Z', 'later', [section('export', 7)]);
    const withSize = {
      ...partial,
      params: { ...partial.params, exportDecisions: 1_000_000 } as typeof partial.params,
    };
    const fullWithout = { ...full, params: { ...full.params } };
    delete (fullWithout.params as Partial<typeof full.params>).exportDecisions;
    const m = mergeResults(fullWithout, withSize);
    expect(m.sections.map((s) => [s.name, s.figures[0]!.value])).toEqual([
      ['db', 10],
      ['scoring', 20],
      ['export', 7],
    ]);
    expect(m.sections.at(-1)!.measured).toEqual({
      date: partial.date,
      git: { commit: 'later', dirty: false },
    });
    expect(m.params.exportDecisions).toBe(1_000_000);
    // New sizes without a new section: the harnesses differ.
    const scoringOnly = { ...withSize, sections: [section('scoring', 1)] };
    expect(() => mergeResults(fullWithout, scoringOnly)).toThrow(/exportDecisions/);
  });

  it('refuses other sizes, a quick run or another machine', () => {
    const other = results('d', 'c', [section('scoring', 1)]);
    expect(() => mergeResults(full, { ...other, params: { ...other.params, clients: 5 } })).toThrow(
      /clients/,
    );
    expect(() => mergeResults(full, results('d', 'c', [section('scoring', 1)], true))).toThrow(/quick/);
    expect(() => mergeResults(full, { ...other, machine: { ...other.machine, cores: 8 } })).toThrow(
      /machine/,
    );
  });
});

describe('the results file', () => {
  it('only a full run of every section writes the committed bench/results.json', () => {
    expect(resultsFileName(false, false)).toBe('results.json');
    expect(resultsFileName(false, true)).toBe('results.partial.json');
    expect(resultsFileName(true, false)).toBe('results.quick.json');
    expect(resultsFileName(true, true)).toBe('results.quick-partial.json');
  });
});

describe('parameters', () => {
  it('quick sizes every section at a tenth of the full run or smaller', () => {
    const full = benchParams(false, {});
    const quick = benchParams(true, {});
    expect(full.clients).toBe(1_000_000);
    for (const k of Object.keys(full) as (keyof typeof full)[]) {
      const f = full[k];
      const q = quick[k];
      if (typeof f === 'number' && !['months', 'seed', 'reps'].includes(k))
        expect(q as number).toBeLessThanOrEqual(f / 5);
    }
    expect(quick.parseRows[1]).toBeLessThanOrEqual(full.parseRows[1] / 10);
  });

  it('takes sizes from the environment and rejects nonsense', () => {
    expect(benchParams(false, { BENCH_CLIENTS: '5000' }).clients).toBe(5000);
    expect(() => benchParams(false, { BENCH_OFFERS: 'many' })).toThrow(/BENCH_OFFERS/);
  });
});

describe('the portfolio cache key', () => {
  const spec = { clients: 1_000_000, months: 7, seed: 2026, endMonth: '2026-10' };
  const migrations = [
    { name: '20260101000000_init', checksum: 'aa' },
    { name: '20261202000000_alerts', checksum: 'bb' },
  ];

  it('is stable: the same inputs give the same name, whatever the migration order', () => {
    const k = portfolioKey(spec, migrations, 'src');
    expect(k).toMatch(/^[0-9a-f]{16}$/);
    expect(portfolioKey({ ...spec }, [...migrations].reverse(), 'src')).toBe(k);
    // Pinned: a change to how the key is computed would silently orphan every cached portfolio.
    expect(k).toBe('deab6d8d59f22bbf');
    expect(portfolioDatabaseName(k)).toBe(`proativa_bench_${k}`);
  });

  it('changes with any parameter, migration or source', () => {
    const k = portfolioKey(spec, migrations, 'src');
    expect(portfolioKey({ ...spec, clients: 10_000 }, migrations, 'src')).not.toBe(k);
    expect(portfolioKey({ ...spec, months: 8 }, migrations, 'src')).not.toBe(k);
    expect(portfolioKey({ ...spec, seed: 1 }, migrations, 'src')).not.toBe(k);
    expect(portfolioKey(spec, [...migrations, { name: '20261203000000_x', checksum: 'cc' }], 'src')).not.toBe(
      k,
    );
    expect(portfolioKey(spec, [migrations[0]!, { ...migrations[1]!, checksum: 'bc' }], 'src')).not.toBe(k);
    expect(portfolioKey(spec, migrations, 'src2')).not.toBe(k);
  });
});

describe('progress', () => {
  it('shows rows done / total, the share and the elapsed time', () => {
    expect(progressLine('scoring', 25_000, 100_000, 12_400, 'clients')).toBe(
      '  [scoring] clients 25,000 / 100,000 (25%), 12 s',
    );
  });

  it('off a terminal, prints at most one line per 10 s plus the last one', () => {
    const out: string[] = [];
    const p = makeProgress('db', (s) => out.push(s), false);
    p(1, 100);
    p(2, 100);
    p(100, 100);
    p(100, 100);
    expect(out).toHaveLength(2);
    expect(out[1]).toContain('100 / 100 (100%)');
  });
});

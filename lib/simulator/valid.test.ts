// Every record the simulator produces passes the same validation as an upload, so the demo portfolio loads
// without rejections (the ingestion path is the only way data gets in).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePortfolioCsv } from '@/lib/simulator/csv';
import { validateStream } from '@/lib/ingest/validate';
import type { IngestKind, RowError } from '@/lib/ingest/kinds';

describe('simulated portfolio', () => {
  it.each([
    { months: 24, startMonth: '2024-11' },
    { months: 7, startMonth: '2026-04' },
  ])('passes ingestion validation without a single rejected row (%o)', async ({ months, startMonth }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-sim-valid-'));
    try {
      const summary = await writePortfolioCsv({ clients: 3000, months, startMonth, seed: 2026 }, dir);
      for (const kind of ['clients', 'statements', 'bureau', 'outcomes'] as IngestKind[]) {
        const errors: RowError[] = [];
        let accepted = 0;
        const file = summary.files[kind as keyof typeof summary.files];
        for await (const b of validateStream(kind, fs.createReadStream(file), 'csv', {
          now: new Date('2026-11-26'),
        })) {
          errors.push(...b.errors);
          accepted += b.records.length;
        }
        expect(errors.slice(0, 3), kind).toEqual([]);
        expect(accepted, kind).toBeGreaterThan(0);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

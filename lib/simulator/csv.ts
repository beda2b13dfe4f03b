// Writes a simulated portfolio as the four raw CSV files ingestion accepts (clients, statements, bureau,
// outcomes), streaming with large buffered writes so millions of rows take minutes and constant memory.

import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { BureauRecord, ClientRecord, OutcomeRecord, StatementRecord } from '@/lib/domain/raw';
import { generatePortfolio, type PortfolioParams } from './generate';

/** Column order of each file: exactly the field names of the raw record types. */
export const CLIENT_COLUMNS = [
  'externalId',
  'segment',
  'region',
  'birthDate',
  'relationshipStart',
  'consentApp',
  'consentEmail',
  'consentSms',
  'consentWhatsapp',
  'email',
  'phone',
  'name',
] as const satisfies readonly (keyof ClientRecord)[];

export const STATEMENT_COLUMNS = [
  'clientExternalId',
  'referenceMonth',
  'creditLimit',
  'statementBalance',
  'minimumDue',
  'amountPaid',
  'revolvingBalance',
  'monthsPastDue',
  'purchases',
  'cashAdvances',
] as const satisfies readonly (keyof StatementRecord)[];

export const BUREAU_COLUMNS = [
  'clientExternalId',
  'referenceDate',
  'totalDebt',
  'overdueDebt',
  'numInstitutions',
  'personalLoanDebt',
] as const satisfies readonly (keyof BureauRecord)[];

export const OUTCOME_COLUMNS = [
  'clientExternalId',
  'referenceMonth',
  'defaulted',
  'observedAt',
] as const satisfies readonly (keyof OutcomeRecord)[];

/** One CSV cell: empty for null, true/false for booleans, quoted only when the text needs it. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return String(v);
}

const FLUSH_AT = 1 << 20;

/** Accumulates lines into ~1 MB chunks and respects the stream's back-pressure. */
class BufferedCsv {
  private buf = '';
  rows = 0;
  private readonly stream: WriteStream;

  constructor(file: string, header: readonly string[]) {
    this.stream = createWriteStream(file, { encoding: 'utf8', highWaterMark: FLUSH_AT });
    this.buf = header.join(',') + '\n';
  }

  add(line: string): Promise<void> | undefined {
    this.buf += line;
    this.rows++;
    return this.buf.length >= FLUSH_AT ? this.flush() : undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.buf.length === 0) return undefined;
    const ok = this.stream.write(this.buf);
    this.buf = '';
    return ok ? undefined : new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

export interface PortfolioCsvSummary {
  clients: number;
  statements: number;
  bureau: number;
  outcomes: number;
  defaults: number;
  files: { clients: string; statements: string; bureau: string; outcomes: string };
}

/** Streams generatePortfolio(params) into clients.csv, statements.csv, bureau.csv and outcomes.csv in outDir. */
export async function writePortfolioCsv(
  params: PortfolioParams,
  outDir: string,
): Promise<PortfolioCsvSummary> {
  mkdirSync(outDir, { recursive: true });
  const files = {
    clients: path.join(outDir, 'clients.csv'),
    statements: path.join(outDir, 'statements.csv'),
    bureau: path.join(outDir, 'bureau.csv'),
    outcomes: path.join(outDir, 'outcomes.csv'),
  };
  const clients = new BufferedCsv(files.clients, CLIENT_COLUMNS);
  const statements = new BufferedCsv(files.statements, STATEMENT_COLUMNS);
  const bureau = new BufferedCsv(files.bureau, BUREAU_COLUMNS);
  const outcomes = new BufferedCsv(files.outcomes, OUTCOME_COLUMNS);
  let defaults = 0;
  const pending: Promise<void>[] = [];
  const track = (p: Promise<void> | undefined) => {
    if (p) pending.push(p);
  };

  for (const b of generatePortfolio(params)) {
    const c = b.client;
    track(
      clients.add(
        `${csvCell(c.externalId)},${csvCell(c.segment)},${csvCell(c.region)},${csvCell(c.birthDate)},` +
          `${csvCell(c.relationshipStart)},${c.consentApp},${c.consentEmail},${c.consentSms},${c.consentWhatsapp},` +
          `${csvCell(c.email)},${csvCell(c.phone)},${csvCell(c.name)}\n`,
      ),
    );
    const id = csvCell(c.externalId);
    for (const s of b.statements) {
      track(
        statements.add(
          `${id},${s.referenceMonth},${s.creditLimit},${s.statementBalance},${csvCell(s.minimumDue)},` +
            `${s.amountPaid},${csvCell(s.revolvingBalance)},${s.monthsPastDue},${csvCell(s.purchases)},` +
            `${csvCell(s.cashAdvances)}\n`,
        ),
      );
    }
    for (const r of b.bureau) {
      track(
        bureau.add(
          `${id},${r.referenceDate},${r.totalDebt},${r.overdueDebt},${r.numInstitutions},${r.personalLoanDebt}\n`,
        ),
      );
    }
    for (const o of b.outcomes) {
      if (o.defaulted) defaults++;
      track(outcomes.add(`${id},${o.referenceMonth},${o.defaulted},${o.observedAt}\n`));
    }
    if (pending.length > 0) {
      await Promise.all(pending);
      pending.length = 0;
    }
  }
  await Promise.all([clients.close(), statements.close(), bureau.close(), outcomes.close()]);
  return {
    clients: clients.rows,
    statements: statements.rows,
    bureau: bureau.rows,
    outcomes: outcomes.rows,
    defaults,
    files,
  };
}

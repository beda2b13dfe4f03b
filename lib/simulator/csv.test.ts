import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, writePortfolioCsv } from './csv';
import { generatePortfolio } from './generate';

describe('writePortfolioCsv', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'proativa-sim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const params = { clients: 300, months: 12, seed: 3 };

  it('writes the four raw files with the raw field names as headers and one line per record', async () => {
    const summary = await writePortfolioCsv(params, dir);
    const lines = (f: string) => readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n');
    const clients = lines('clients.csv');
    const statements = lines('statements.csv');
    const bureau = lines('bureau.csv');
    const outcomes = lines('outcomes.csv');
    expect(clients[0]).toBe(
      'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name',
    );
    expect(statements[0]).toBe(
      'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue,purchases,cashAdvances',
    );
    expect(bureau[0]).toBe(
      'clientExternalId,referenceDate,totalDebt,overdueDebt,numInstitutions,personalLoanDebt',
    );
    expect(outcomes[0]).toBe('clientExternalId,referenceMonth,defaulted,observedAt');

    const bundles = [...generatePortfolio(params)];
    expect(clients.length - 1).toBe(300);
    expect(statements.length - 1).toBe(bundles.reduce((n, b) => n + b.statements.length, 0));
    expect(bureau.length - 1).toBe(bundles.reduce((n, b) => n + b.bureau.length, 0));
    expect(outcomes.length - 1).toBe(bundles.reduce((n, b) => n + b.outcomes.length, 0));
    expect(summary).toMatchObject({
      clients: 300,
      statements: statements.length - 1,
      outcomes: outcomes.length - 1,
    });

    // Same values as the stream, booleans as true/false and null as an empty cell.
    const first = bundles[0]!;
    const c = first.client;
    expect(clients[1]).toBe(
      [
        c.externalId,
        c.segment,
        c.region,
        c.birthDate,
        c.relationshipStart,
        c.consentApp,
        c.consentEmail,
        c.consentSms,
        c.consentWhatsapp,
        c.email ?? '',
        c.phone ?? '',
        c.name,
      ]
        .map(String)
        .join(','),
    );
    const s = first.statements[0]!;
    expect(statements[1]!.split(',').map(Number).slice(2)).toEqual([
      s.creditLimit,
      s.statementBalance,
      s.minimumDue,
      s.amountPaid,
      s.revolvingBalance,
      s.monthsPastDue,
      s.purchases,
      s.cashAdvances,
    ]);
    expect(outcomes[1]!.split(',')[2]).toMatch(/^(true|false)$/);
  });

  it('quotes only cells that need it and leaves null empty', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(false)).toBe('false');
    expect(csvCell('Silva, Ana')).toBe('"Silva, Ana"');
    expect(csvCell('say "oi"')).toBe('"say ""oi"""');
    expect(csvCell(12.5)).toBe('12.5');
  });
});

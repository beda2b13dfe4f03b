// A small portfolio the interface specs load through the ingestion API (as a data scientist), so each spec
// runs on its own data whatever ran before it. Loading is idempotent: a retry stores nothing new.
import { expect, type PlaywrightWorkerArgs, type TestInfo } from '@playwright/test';
import { storageState } from './roles';

type Kind = 'clients' | 'statements' | 'bureau' | 'outcomes';

const CLIENT_HEADER =
  'externalId,segment,region,birthDate,relationshipStart,consentApp,consentEmail,consentSms,consentWhatsapp,email,phone,name';
const STATEMENT_HEADER =
  'clientExternalId,referenceMonth,creditLimit,statementBalance,minimumDue,amountPaid,revolvingBalance,monthsPastDue';

/** Three ordinary clients, one per segment code, with three months of statements for the first. */
export const PT_CLIENTS = [
  CLIENT_HEADER,
  'E2E-PT-1,AFFLUENT,SE,1985-02-10,2019-03-01,true,true,false,true,joana.prado@example.com.br,11912345678,Joana Prado',
  'E2E-PT-2,MASS,NE,1992-07-21,2021-08-15,true,false,false,false,caio.lima@example.com.br,8133334444,Caio Lima',
  'E2E-PT-3,PRIVATE,S,1970-11-05,2010-01-20,false,true,true,false,,,Beatriz Souza',
  '',
].join('\n');

export const PT_STATEMENTS = [
  STATEMENT_HEADER,
  'E2E-PT-1,2025-04,5000,3000,450,3000,0,0',
  'E2E-PT-1,2025-05,5000,4000,600,600,3400,0',
  'E2E-PT-1,2025-06,5000,4500,675,675,3825,1',
  'E2E-PT-2,2025-06,1500,300,45,300,0,0',
  '',
].join('\n');

export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("https://example.com/x","clique")',
  script: '"><script>alert(2)</script>',
  segment: '<b>VIP</b>',
};

const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Clients whose names (and one segment) are markup or a spreadsheet formula: they must render as text. */
export const HOSTILE_CLIENTS = [
  CLIENT_HEADER,
  `E2E-XSS-1,MASS,SE,1990-01-01,2020-01-01,true,true,true,true,,,${csvCell(HOSTILE.img)}`,
  `E2E-XSS-2,MASS,SE,1990-01-01,2020-01-01,true,true,true,true,,,${csvCell(HOSTILE.formula)}`,
  `E2E-XSS-3,${csvCell(HOSTILE.segment)},SE,1990-01-01,2020-01-01,true,true,true,true,,,${csvCell(HOSTILE.script)}`,
  '',
].join('\n');

export const HOSTILE_STATEMENTS = [STATEMENT_HEADER, 'E2E-XSS-1,2025-06,1000,100,15,100,0,0', ''].join('\n');

/** Loads files through POST /api/v1/ingest/{kind} as the data scientist, failing with the API's answer. */
export async function loadPortfolio(
  playwright: PlaywrightWorkerArgs['playwright'],
  testInfo: TestInfo,
  files: [Kind, string][],
): Promise<void> {
  const api = await playwright.request.newContext({
    baseURL: testInfo.project.use.baseURL,
    storageState: storageState('DATA_SCIENTIST'),
  });
  try {
    for (const [kind, body] of files) {
      const res = await api.post(`/api/v1/ingest/${kind}`, {
        data: body,
        headers: { 'content-type': 'text/csv' },
      });
      const text = await res.text();
      expect(res.status(), `${kind}: ${text}`).toBe(200);
      // Every row must be stored: a rejected row would silently change what the specs look at.
      expect((JSON.parse(text) as { rejected: number }).rejected, `${kind}: ${text}`).toBe(0);
    }
  } finally {
    await api.dispose();
  }
}

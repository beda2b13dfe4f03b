// Ingestion messages are put into words at the edge, in the reader's locale; rows stored before messages became
// codes, and codes this version does not know, still read as something sensible.
import { describe, expect, it } from 'vitest';
import { formatMessage, formatRejection, withReasons } from './messages';

describe('ingestion messages', () => {
  it('translates a rejection in either locale, numbers formatted per locale', () => {
    const params = { minimumDue: 1234.5, cap: 1000 };
    expect(formatRejection('en', 'ingest.row.minimumDueOverBalance', params)).toBe(
      'minimumDue (1,234.5) must be <= the positive statementBalance (1,000)',
    );
    expect(formatRejection('pt-BR', 'ingest.row.minimumDueOverBalance', params)).toBe(
      'minimumDue (1.234,5) deve ser <= o statementBalance positivo (1.000)',
    );
  });

  it('shows text stored before codes as it was, and an unknown code as itself', () => {
    expect(formatRejection('pt-BR', 'ingest.legacy', { text: 'unknown client C9' })).toBe(
      'unknown client C9',
    );
    expect(formatRejection('en', 'ingest.row.fromTheFuture', { x: 1 })).toBe(
      'ingest.row.fromTheFuture {"x":1}',
    );
  });

  it('joins the sentences of a batch outcome and pluralises them in Portuguese', () => {
    const failed = [
      { code: 'ingest.file.tooLarge', params: { max: 2048 } },
      { code: 'ingest.batch.nothingStored' },
    ] as const;
    expect(formatMessage('en', failed)).toBe(
      'The file is larger than the limit of 2,048 bytes (INGEST_MAX_BYTES). Nothing was stored.',
    );
    const summary = { received: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0 };
    expect(formatMessage('pt-BR', { code: 'ingest.batch.summary', params: summary })).toBe(
      '1 linha lida: 1 inserida, 0 atualizadas, 0 sem alteração, 0 rejeitadas.',
    );
  });

  it('answers rejections with their code, parameters and reason', () => {
    expect(
      withReasons('en', [{ line: 2, field: 'x', code: 'ingest.row.required', params: { field: 'x' } }]),
    ).toEqual([
      { line: 2, field: 'x', code: 'ingest.row.required', params: { field: 'x' }, reason: 'x is required' },
    ]);
  });
});

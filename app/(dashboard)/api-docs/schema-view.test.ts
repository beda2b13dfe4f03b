// What the API reference page shows of the real OpenAPI document: request fields with their types and rules,
// unions as alternatives, and curl examples a client can paste: every JSON body and query value it sends is
// accepted by the schema the handler parses with.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { OperationObject, ParameterObject, RequestBodyObject } from 'openapi3-ts/oas31';
import { openApiDocument } from '@/lib/api/openapi';
import { validateObject } from '@/lib/ingest/validate';
import { trainingRequestSchema } from '@/lib/jobs/training-request';
import { decisionExportQuerySchema, scoreRequestSchema } from '@/lib/validations/decisions';
import { featuresRequestSchema } from '@/lib/validations/features';
import { policyProposalSchema, rejectPolicyBody } from '@/lib/validations/policy';
import { startRunSchema } from '@/lib/validations/scoring';
import { createUserSchema } from '@/lib/validations/users';
import { curlCommand, exampleOf, schemaRows, shellQuote, type DocLike, type JsonSchema } from './schema-view';

const doc = openApiDocument();
const docLike = doc as DocLike;

function operation(path: string, method: 'get' | 'post'): OperationObject {
  const o = doc.paths?.[path]?.[method] as OperationObject | undefined;
  if (!o) throw new Error(`${method} ${path} is not in the document`);
  return o;
}

function jsonBody(o: OperationObject) {
  const media = (o.requestBody as RequestBodyObject).content['application/json']!;
  return { schema: media.schema as JsonSchema, example: media.example as unknown };
}

describe('schemaRows', () => {
  it('lists nested request fields with type, required flag and rules', () => {
    const rows = schemaRows(jsonBody(operation('/api/v1/score', 'post')).schema, docLike);
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get('externalId')).toMatchObject({ type: 'string', required: false, depth: 0 });
    expect(byPath.get('externalId')?.constraints).toEqual(
      expect.arrayContaining([
        { kind: 'minLength', value: '1' },
        { kind: 'maxLength', value: '64' },
      ]),
    );
    expect(byPath.get('history.asOfMonth')).toMatchObject({ type: 'string', required: true, depth: 1 });
    expect(byPath.get('history.statements')).toMatchObject({ type: 'object[]', required: true });
    expect(byPath.get('history.bureau')?.constraints).toContainEqual({ kind: 'default', value: '[]' });
    expect(rows.some((r) => r.constraints.some((c) => c.kind === 'closed'))).toBe(false);
  });

  it('follows component references and names them as types', () => {
    const o = operation('/api/v1/score', 'post');
    const ok = (o.responses?.['200'] as { content: Record<string, { schema: JsonSchema }> }).content[
      'application/json'
    ]!.schema;
    const rows = schemaRows(ok, docLike);
    const reasons = rows.find((r) => r.path === 'reasonCodes');
    expect(reasons?.type).toBe('ReasonCode[]');
    expect(rows.map((r) => r.path)).toEqual(
      expect.arrayContaining(['reasonCodes[].feature', 'reasonCodes[].text']),
    );
    expect(rows.find((r) => r.path === 'band')?.constraints).toEqual([
      { kind: 'enum', value: '"LOW", "MODERATE", "CRITICAL"' },
    ]);
    expect(rows.find((r) => r.path === 'decisionId')?.type).toBe('string | null');
  });

  it('shows each alternative of a union of objects', () => {
    const o = operation('/api/v1/ingest/{kind}', 'post');
    const stream = (o.responses?.['200'] as { content: Record<string, { schema: JsonSchema }> }).content[
      'application/x-ndjson'
    ]!.schema;
    const rows = schemaRows(stream, docLike);
    expect(rows.filter((r) => r.variant !== undefined).map((r) => r.variant)).toEqual([1, 2, 3]);
    expect(rows.find((r) => r.variant === 1)?.path).toBe('type');
    expect(rows.map((r) => r.path)).toContain('report.rejections[].reason');
  });

  it('marks objects that refuse unknown fields', () => {
    const rows = schemaRows(jsonBody(operation('/api/v1/policies', 'post')).schema, docLike);
    expect(rows.find((r) => r.path === 'rules')?.constraints).toContainEqual({ kind: 'closed', value: '' });
    expect(rows.find((r) => r.path === 'rules.bands.MODERATE.channelPreference')?.type).toBe('string[]');
  });
});

describe('curl examples', () => {
  const bodies: [string, 'post', z.ZodType][] = [
    ['/api/v1/score', 'post', scoreRequestSchema],
    ['/api/v1/scoring/runs', 'post', startRunSchema],
    ['/api/v1/policies', 'post', policyProposalSchema],
    ['/api/v1/policies/{version}/reject', 'post', rejectPolicyBody],
    ['/api/v1/features', 'post', featuresRequestSchema],
    ['/api/v1/training', 'post', trainingRequestSchema],
    ['/api/v1/users', 'post', createUserSchema],
  ];

  it.each(bodies)('sends a body to %s that its handler accepts', (path, method, schema) => {
    const { example } = jsonBody(operation(path, method));
    const parsed = schema.safeParse(example);
    expect(parsed.error?.issues ?? [], JSON.stringify(example)).toEqual([]);
  });

  it('sends history records the ingestion rules accept', () => {
    const body = featuresRequestSchema.parse(jsonBody(operation('/api/v1/features', 'post')).example);
    const clientExternalId = body.clientExternalId;
    const problems = [
      ...body.statements.flatMap(
        (s, i) => validateObject('statements', { ...s, clientExternalId }, i).errors,
      ),
      ...body.bureau.flatMap((b, i) => validateObject('bureau', { ...b, clientExternalId }, i).errors),
    ];
    expect(problems).toEqual([]);
  });

  it('documents a JSON example for every JSON request body', () => {
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, o] of Object.entries(item as Record<string, OperationObject>)) {
        const media = (o.requestBody as RequestBodyObject | undefined)?.content['application/json'];
        if (media) expect(media.example, `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('fills query values its handler accepts', () => {
    const params = (operation('/api/v1/decisions/export', 'get').parameters ?? []) as ParameterObject[];
    const query = Object.fromEntries(params.map((p) => [p.name, exampleOf(p.schema as JsonSchema, docLike)]));
    expect(decisionExportQuerySchema.safeParse(query).success).toBe(true);
  });

  it('quotes for the shell, so a JSON body with an apostrophe stays one argument', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    const cmd = curlCommand({
      method: 'post',
      url: 'https://proativa.example/api/v1/score',
      contentType: 'application/json',
      body: { json: { externalId: "O'Neil" } },
    });
    expect(cmd).toBe(
      [
        "curl -X POST 'https://proativa.example/api/v1/score'",
        "-H 'Authorization: Bearer pk_...'",
        "-H 'Content-Type: application/json'",
        `-d '{"externalId":"O'\\''Neil"}'`,
      ].join(' \\\n  '),
    );
  });

  it('sends a raw file with --data-binary', () => {
    const cmd = curlCommand({
      method: 'post',
      url: 'http://localhost:3000/api/v1/ingest/statements',
      contentType: 'text/csv',
      body: { file: 'data.csv' },
    });
    expect(cmd).toContain("-H 'Content-Type: text/csv'");
    expect(cmd).toContain("--data-binary '@data.csv'");
  });
});

// Referência da API: the OpenAPI description (lib/api/openapi.ts) rendered on the server for anyone signed in,
// grouped by tag: each operation's method and path, who may call it, its parameters, request body and answers
// as field tables, and a curl example with an API key. Links to the machine-readable /api/v1/openapi.json.
import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { OperationObject, ParameterObject, RequestBodyObject, ResponseObject } from 'openapi3-ts/oas31';
import {
  API_TAGS,
  OPENAPI_PATH,
  openApiDocument,
  registeredOperations,
  type RegisteredOperation,
} from '@/lib/api/openapi';
import { requirePage } from '@/lib/auth/session';
import { env } from '@/lib/env';
import {
  curlCommand,
  exampleOf,
  schemaRows,
  type DocLike,
  type JsonSchema,
  type SchemaRow,
} from './schema-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apidocs');
  return { title: t('title') };
}

type T = Awaited<ReturnType<typeof getTranslations<'apidocs'>>>;
type TRole = Awaited<ReturnType<typeof getTranslations<'role'>>>;

const ERROR_SHAPE = '{ error: { code, message, details? } }';

/** Where the curl examples point: the public URL when configured, else this machine. */
function baseUrl(): string {
  const e = env();
  return (e.NEXTAUTH_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
}

const anchorOf = (op: RegisteredOperation) => `${op.method}-${op.path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Backtick spans as code, blank lines as paragraphs, "- " lines as a list: the descriptions' only markup. */
function Prose({ text }: { text: string }) {
  const inline = (s: string) =>
    s.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
  return (
    <>
      {text.split(/\n{2,}/).map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => l.startsWith('- '))) {
          return (
            <ul key={i} className="small">
              {lines.map((l, j) => (
                <li key={j}>{inline(l.slice(2))}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{inline(block)}</p>;
      })}
    </>
  );
}

function SchemaTable({ t, rows }: { t: T; rows: SchemaRow[] }) {
  if (rows.length === 0) return <p className="muted small">{t('schema.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table small">
        <thead>
          <tr>
            <th scope="col">{t('schema.field')}</th>
            <th scope="col">{t('schema.type')}</th>
            <th scope="col">{t('schema.required')}</th>
            <th scope="col">{t('schema.rules')}</th>
            <th scope="col">{t('schema.description')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.path}-${i}`}>
              <td style={{ paddingLeft: `${0.5 + r.depth}rem` }}>
                {r.variant !== undefined && (
                  <span className="badge" style={{ marginRight: '0.4rem' }}>
                    {t('schema.variant', { n: r.variant })}
                  </span>
                )}
                <code>{r.path}</code>
              </td>
              <td>
                <code>{r.type}</code>
              </td>
              <td>{r.required ? t('schema.yes') : t('schema.no')}</td>
              <td>
                {r.constraints.map((c, j) => (
                  <span key={j} className="definition">
                    {t(`rule.${c.kind}`, { value: c.value })}
                  </span>
                ))}
              </td>
              <td className="definition-cell">{r.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Access({ t, tRole, op }: { t: T; tRole: TRole; op: RegisteredOperation }) {
  if (op.permission === null) return <p>{t('access.public')}</p>;
  return (
    <p>
      {t('access.session', { permission: op.permission })}
      {op.scope ? <> {t('access.apiKey', { scope: op.scope })}</> : null}
      {op.scope === null && <span className="definition">{t('access.noApiKey')}</span>}
      <span className="definition">
        {t('access.roles', { roles: op.roles.map((r) => tRole(r)).join(', ') })}
      </span>
    </p>
  );
}

/** A file name for a raw body of this media type, for `--data-binary @file`. */
function sampleFile(mediaType: string): string {
  if (mediaType === 'text/csv') return 'data.csv';
  if (mediaType === 'application/x-ndjson') return 'data.ndjson';
  if (mediaType === 'text/plain') return 'model.txt';
  return 'model.onnx';
}

function curlOf(op: RegisteredOperation, o: OperationObject, doc: DocLike, base: string): string {
  const params = (o.parameters ?? []) as ParameterObject[];
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of params) {
    const value = String(exampleOf((p.schema ?? {}) as JsonSchema, doc));
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    else if (p.in === 'query' && p.required) query.set(p.name, value);
  }
  const qs = query.toString();
  const body = o.requestBody as RequestBodyObject | undefined;
  const [mediaType, media] = Object.entries(body?.content ?? {})[0] ?? [];
  return curlCommand({
    method: op.method,
    url: `${base}${path}${qs ? `?${qs}` : ''}`,
    ...(mediaType && media
      ? {
          contentType: mediaType,
          body:
            mediaType === 'application/json'
              ? { json: media.example ?? exampleOf((media.schema ?? {}) as JsonSchema, doc) }
              : { file: sampleFile(mediaType) },
        }
      : {}),
  });
}

function Operation({
  t,
  tRole,
  op,
  o,
  doc,
  base,
}: {
  t: T;
  tRole: TRole;
  op: RegisteredOperation;
  o: OperationObject;
  doc: DocLike;
  base: string;
}) {
  const params = (o.parameters ?? []) as ParameterObject[];
  const body = o.requestBody as RequestBodyObject | undefined;
  const responses = Object.entries(o.responses ?? {}) as [string, ResponseObject][];
  return (
    <article className="card" id={anchorOf(op)} style={{ marginBottom: '1rem' }} data-testid="api-operation">
      <h3 style={{ marginTop: 0, display: 'flex', gap: '0.6rem', alignItems: 'baseline', flexWrap: 'wrap' }}>
        <span className="badge on">{op.method.toUpperCase()}</span>
        <code>{op.path}</code>
      </h3>
      <p>
        <strong>{o.summary}</strong>
      </p>
      {o.description ? <Prose text={o.description} /> : null}

      <h4>{t('access.title')}</h4>
      <Access t={t} tRole={tRole} op={op} />

      <h4>{t('parameters.title')}</h4>
      {params.length === 0 ? (
        <p className="muted small">{t('parameters.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table small">
            <thead>
              <tr>
                <th scope="col">{t('parameters.name')}</th>
                <th scope="col">{t('parameters.in')}</th>
                <th scope="col">{t('schema.type')}</th>
                <th scope="col">{t('schema.required')}</th>
                <th scope="col">{t('schema.rules')}</th>
                <th scope="col">{t('schema.description')}</th>
              </tr>
            </thead>
            <tbody>
              {params.map((p) => {
                const [row] = schemaRows(
                  { type: 'object', properties: { [p.name]: (p.schema ?? {}) as JsonSchema } },
                  doc,
                );
                return (
                  <tr key={`${p.in}-${p.name}`}>
                    <td>
                      <code>{p.name}</code>
                    </td>
                    <td>{t(`parameters.where.${p.in}`)}</td>
                    <td>
                      <code>{row?.type}</code>
                    </td>
                    <td>{p.required ? t('schema.yes') : t('schema.no')}</td>
                    <td>
                      {row?.constraints.map((c, j) => (
                        <span key={j} className="definition">
                          {t(`rule.${c.kind}`, { value: c.value })}
                        </span>
                      ))}
                    </td>
                    <td className="definition-cell">{p.description ?? row?.description}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <h4>{t('body.title')}</h4>
      {!body ? (
        <p className="muted small">{t('body.none')}</p>
      ) : (
        Object.entries(body.content ?? {}).map(([type, media]) => {
          const schema = (media.schema ?? {}) as JsonSchema;
          const structured = type === 'application/json';
          return (
            <div key={type}>
              <p className="small">
                {t('body.contentType', { type })}
                {!structured && <span className="definition">{t('body.raw')}</span>}
              </p>
              {structured ? (
                <SchemaTable t={t} rows={schemaRows(schema, doc)} />
              ) : schema.description ? (
                <p className="muted small">{schema.description}</p>
              ) : null}
            </div>
          );
        })
      )}

      <h4>{t('responses.title')}</h4>
      <div className="table-wrap">
        <table className="table small">
          <thead>
            <tr>
              <th scope="col">{t('responses.status')}</th>
              <th scope="col">{t('responses.description')}</th>
              <th scope="col">{t('responses.content')}</th>
            </tr>
          </thead>
          <tbody>
            {responses.map(([status, r]) => (
              <tr key={status}>
                <td>
                  <code>{status}</code>
                </td>
                <td className="definition-cell">{r.description}</td>
                <td>
                  {Object.keys(r.content ?? {}).map((type) => (
                    <code key={type} className="definition">
                      {type}
                    </code>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {responses
        .filter(([status]) => /^2\d\d$/.test(status))
        .flatMap(([status, r]) =>
          Object.entries(r.content ?? {})
            .filter(([type]) => type.includes('json'))
            .map(([type, media]) => {
              const rows = schemaRows((media.schema ?? {}) as JsonSchema, doc);
              if (rows.length === 0) return null;
              return (
                <details key={`${status}-${type}`} style={{ marginTop: '0.5rem' }}>
                  <summary>{t('responses.schema', { status, type })}</summary>
                  <SchemaTable t={t} rows={rows} />
                </details>
              );
            }),
        )}

      <h4>{t('curl.title')}</h4>
      <pre className="secret" style={{ whiteSpace: 'pre-wrap' }} data-testid="api-curl">
        {curlOf(op, o, doc, base)}
      </pre>
    </article>
  );
}

export default async function ApiDocsPage() {
  await requirePage('profile:view');
  const [t, tRole] = await Promise.all([getTranslations('apidocs'), getTranslations('role')]);
  const doc = openApiDocument();
  const docLike = doc as DocLike;
  const base = baseUrl();
  const ops = registeredOperations();
  const errorRows = schemaRows((doc.components?.schemas?.ApiError ?? {}) as JsonSchema, docLike);

  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <p>
        {t('openapi')}{' '}
        <a href={OPENAPI_PATH} data-testid="openapi-link">
          <code>{OPENAPI_PATH}</code>
        </a>
      </p>
      <p className="muted small">{t('machineLanguage')}</p>

      <section className="card" style={{ marginBottom: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('auth.title')}</h2>
        <p>
          {t('auth.apiKey', { header: 'Authorization: Bearer pk_…', command: 'npm run apikey -- create' })}
        </p>
        <p>{t('auth.session')}</p>
        <h2>{t('errors.title')}</h2>
        <p>{t('errors.body', { shape: ERROR_SHAPE })}</p>
        <SchemaTable t={t} rows={errorRows} />
      </section>

      <nav aria-label={t('toc')} className="card" style={{ marginBottom: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('toc')}</h2>
        <ul>
          {API_TAGS.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name}`}>{t(`tags.${tag.name}.name`)}</a>
              <span className="muted small">
                {' — '}
                {t('operationCount', { count: ops.filter((o) => o.tag === tag.name).length })}
              </span>
            </li>
          ))}
        </ul>
      </nav>

      {API_TAGS.map((tag) => (
        <section key={tag.name} id={`tag-${tag.name}`} aria-labelledby={`tag-${tag.name}-title`}>
          <h2 id={`tag-${tag.name}-title`}>{t(`tags.${tag.name}.name`)}</h2>
          <p className="muted">{t(`tags.${tag.name}.description`)}</p>
          {ops
            .filter((o) => o.tag === tag.name)
            .map((op) => {
              const o = doc.paths?.[op.path]?.[op.method] as OperationObject | undefined;
              return o ? (
                <Operation key={anchorOf(op)} t={t} tRole={tRole} op={op} o={o} doc={docLike} base={base} />
              ) : null;
            })}
        </section>
      ))}
    </>
  );
}

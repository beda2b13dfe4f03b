// Pure readings of the OpenAPI document for the API reference page: a JSON schema as rows (field path, type,
// required, rules, description), an example value built from a schema, and the curl command of an operation.
// The page translates the rule kinds; the values stay JSON literals, since that is what a client sends.

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  example?: unknown;
  description?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  contentMediaType?: string;
}

export interface DocLike {
  components?: { schemas?: Record<string, unknown> };
}

export type ConstraintKind =
  | 'enum'
  | 'min'
  | 'max'
  | 'exclusiveMin'
  | 'exclusiveMax'
  | 'minLength'
  | 'maxLength'
  | 'minItems'
  | 'maxItems'
  | 'pattern'
  | 'format'
  | 'default'
  | 'closed';

export interface Constraint {
  kind: ConstraintKind;
  /** The value as JSON text (enum values joined by ", "); empty for 'closed'. */
  value: string;
}

export interface SchemaRow {
  /** Dotted path from the root: rules.thresholds.moderate, statements[], features.* */
  path: string;
  depth: number;
  /** JSON types, a component name, or a union of them: "string", "ReasonCode[]", "number | null". */
  type: string;
  required: boolean;
  constraints: Constraint[];
  description?: string;
  /** Set on the first row of each alternative of a union of objects (1-based). */
  variant?: number;
}

const MAX_DEPTH = 8;
const REF_PREFIX = '#/components/schemas/';

export function refName(ref: string): string {
  return ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref;
}

/** The schema a $ref points to (followed until it is not a $ref), and the component's name if any. */
export function deref(schema: JsonSchema, doc: DocLike): { schema: JsonSchema; name?: string } {
  let s = schema;
  let name: string | undefined;
  for (let hops = 0; s.$ref && hops < 10; hops++) {
    name = refName(s.$ref);
    const target = doc.components?.schemas?.[name] as JsonSchema | undefined;
    if (!target) break;
    s = target;
  }
  return { schema: s, name };
}

const json = (v: unknown) => JSON.stringify(v) ?? String(v);

function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  return s.type ? [s.type] : [];
}

/** A short type label: "string", "integer | null", "ReasonCode[]", "object", "any". */
export function typeLabel(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return [...new Set(alternatives.map(typeLabel))].join(' | ');
  if (schema.allOf?.length === 1) return typeLabel(schema.allOf[0]!);
  const types = typesOf(schema);
  if (types.length === 0) return schema.const !== undefined ? typeof schema.const : 'any';
  return types
    .map((t) => (t === 'array' ? `${schema.items ? typeLabel(schema.items) : 'any'}[]` : t))
    .join(' | ');
}

function constraintsOf(s: JsonSchema): Constraint[] {
  const out: Constraint[] = [];
  const values = s.enum ?? (s.const !== undefined ? [s.const] : undefined);
  if (values) out.push({ kind: 'enum', value: values.map(json).join(', ') });
  if (s.minimum !== undefined) out.push({ kind: 'min', value: json(s.minimum) });
  if (s.exclusiveMinimum !== undefined) out.push({ kind: 'exclusiveMin', value: json(s.exclusiveMinimum) });
  if (s.maximum !== undefined) out.push({ kind: 'max', value: json(s.maximum) });
  if (s.exclusiveMaximum !== undefined) out.push({ kind: 'exclusiveMax', value: json(s.exclusiveMaximum) });
  if (s.minLength !== undefined) out.push({ kind: 'minLength', value: json(s.minLength) });
  if (s.maxLength !== undefined) out.push({ kind: 'maxLength', value: json(s.maxLength) });
  if (s.minItems !== undefined) out.push({ kind: 'minItems', value: json(s.minItems) });
  if (s.maxItems !== undefined) out.push({ kind: 'maxItems', value: json(s.maxItems) });
  if (s.format) out.push({ kind: 'format', value: s.format });
  if (s.pattern) out.push({ kind: 'pattern', value: s.pattern });
  if (s.default !== undefined) out.push({ kind: 'default', value: json(s.default) });
  if (s.additionalProperties === false) out.push({ kind: 'closed', value: '' });
  return out;
}

/** The non-null member of a two-member union with null (how a nullable $ref is written), else the schema. */
function withoutNull(s: JsonSchema): JsonSchema {
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length !== 2) return s;
  const inner = alternatives.filter((a) => typesOf(a).join() !== 'null');
  return inner.length === 1 ? inner[0]! : s;
}

/** The object alternatives of a union, if it is one (a nullable object is not a union of objects). */
function objectVariants(s: JsonSchema, doc: DocLike): JsonSchema[] | null {
  const alternatives = s.anyOf ?? s.oneOf;
  if (!alternatives || alternatives.length < 2) return null;
  const objects = alternatives.filter((a) => deref(a, doc).schema.properties);
  return objects.length >= 2 ? objects : null;
}

/**
 * The fields of a schema as rows, depth first: each property, then its own properties (objects), its items'
 * (arrays, as `name[]`) or its values' (records, as `name.*`); a union of objects lists each alternative.
 * Component references are followed, each at most once along a path (no cycles).
 */
export function schemaRows(root: JsonSchema, doc: DocLike): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const walk = (schema: JsonSchema, prefix: string, depth: number, seen: ReadonlySet<string>) => {
    if (depth > MAX_DEPTH) return;
    const { schema: s, name } = deref(schema, doc);
    if (name && seen.has(name)) return;
    const nextSeen = name ? new Set([...seen, name]) : seen;
    const variants = objectVariants(s, doc);
    if (variants) {
      variants.forEach((v, i) => {
        const start = rows.length;
        walk(v, prefix, depth, nextSeen);
        if (rows[start]) rows[start] = { ...rows[start]!, variant: i + 1 };
      });
      return;
    }
    if (withoutNull(s) !== s) {
      walk(withoutNull(s), prefix, depth, nextSeen);
      return;
    }
    const required = new Set(s.required ?? []);
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      const own = withoutNull(child);
      rows.push({
        path,
        depth,
        type: typeLabel(child),
        required: required.has(key),
        // A component's own rules are shown on its fields' rows, not on the reference.
        constraints: own.$ref ? [] : constraintsOf(own),
        description: child.description ?? own.description ?? deref(own, doc).schema.description,
      });
      descend(child, path, depth + 1, nextSeen);
    }
    if (typeof s.additionalProperties === 'object' && Object.keys(s.additionalProperties).length > 0) {
      const path = prefix ? `${prefix}.*` : '*';
      rows.push({
        path,
        depth,
        type: typeLabel(s.additionalProperties),
        required: false,
        constraints: constraintsOf(s.additionalProperties),
        description: s.additionalProperties.description,
      });
      descend(s.additionalProperties, path, depth + 1, nextSeen);
    }
  };
  const descend = (child: JsonSchema, path: string, depth: number, seen: ReadonlySet<string>) => {
    const inner = withoutNull(deref(child, doc).schema);
    const resolved = deref(inner, doc).schema;
    if (resolved.items) walk(resolved.items, `${path}[]`, depth, seen);
    else walk(inner, path, depth, seen);
  };
  walk(root, '', 0, new Set());
  return rows;
}

// A plausible value for a string by its shape, so a curl example can be pasted and run.
const SAMPLE_UUID = '3f2b8c1e-8a4d-4f6b-9c2e-1d7a5b9e0f43';
const YEAR_MONTH_PATTERN = '^(19|20|21)\\d{2}-(0[1-9]|1[0-2])$';

/** An example value of a schema: its example, default or first enum value, else one built from its shape. */
export function exampleOf(schema: JsonSchema, doc: DocLike, depth = 0): unknown {
  const { schema: s } = deref(schema, doc);
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  if (s.const !== undefined) return s.const;
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) {
    const first = alternatives.find((a) => typesOf(a).join() !== 'null') ?? alternatives[0]!;
    return exampleOf(first, doc, depth + 1);
  }
  if (s.allOf?.length === 1) return exampleOf(s.allOf[0]!, doc, depth + 1);
  if (depth > MAX_DEPTH) return null;
  const type = typesOf(s).find((t) => t !== 'null');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = s.required ?? [];
      const keys = required.length ? required : Object.keys(s.properties ?? {}).slice(0, 1);
      for (const k of keys) {
        const child = s.properties?.[k];
        if (child) out[k] = exampleOf(child, doc, depth + 1);
      }
      return out;
    }
    case 'array':
      return s.items ? [exampleOf(s.items, doc, depth + 1)] : [];
    case 'integer':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 0.1 : 0.5);
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'uuid' || s.pattern?.includes('[0-9a-f]{8}-')) return SAMPLE_UUID;
      if (s.format === 'date-time') return '2026-01-31T12:00:00.000Z';
      if (s.format === 'email') return 'name@example.com';
      if (s.pattern === YEAR_MONTH_PATTERN) return '2026-01';
      if (s.pattern && /^\^\\d/.test(s.pattern)) return '1';
      return 'text';
    default:
      return null;
  }
}

/** Text inside single quotes for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CurlInput {
  method: string;
  url: string;
  /** The media type of the body, when it has one. */
  contentType?: string;
  /** A JSON body (sent with -d), or a file name (sent with --data-binary @file). */
  body?: { json: unknown } | { file: string };
  /** Added as Accept, when the operation answers something else than JSON by default. */
  accept?: string;
}

/** The curl command of one call, authenticated with an API key placeholder. */
export function curlCommand(c: CurlInput): string {
  const lines = [
    `curl -X ${c.method.toUpperCase()} ${shellQuote(c.url)}`,
    `-H 'Authorization: Bearer pk_...'`,
  ];
  if (c.accept) lines.push(`-H ${shellQuote(`Accept: ${c.accept}`)}`);
  if (c.contentType && c.body) lines.push(`-H ${shellQuote(`Content-Type: ${c.contentType}`)}`);
  if (c.body && 'json' in c.body) lines.push(`-d ${shellQuote(JSON.stringify(c.body.json))}`);
  else if (c.body) lines.push(`--data-binary ${shellQuote(`@${c.body.file}`)}`);
  return lines.join(' \\\n  ');
}

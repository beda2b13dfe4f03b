// A WhatsApp Cloud API messages endpoint for fault tests that fails on purpose: an outage of the first N
// requests (a scripted sequence of 500s, 429s with Retry-After and timeouts that accept the message and answer
// too late), recipients that always get a 400 (a permanent error), recipients that always get a 500 (the
// provider never recovers for them). It logs every request with its idempotency key and outcome, and creates a
// message only once per key (a repeated key gets the same message id back, as the real API's dedupe does).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** 'aborted': the client gave up before the request body arrived (its own timeout on a loaded machine). */
export type FlakyOutcome = '500' | '429' | 'timeout' | '400' | 'ok' | 'aborted';

export interface FlakyRequest {
  key: string;
  to: string;
  outcome: FlakyOutcome;
}

export interface FlakyWhatsApp {
  baseUrl: string;
  /** Every request in arrival order. */
  log: FlakyRequest[];
  /** Messages created per idempotency key (a dedupe hit does not count). */
  created: Map<string, number>;
  /** The message id of each key. */
  ids: Map<string, string>;
  close(): Promise<void>;
}

export interface FlakyOptions {
  token: string;
  /** The outage: outcomes of the first requests, in order (recipients below excepted). */
  outage: ('500' | '429' | 'timeout')[];
  retryAfterSeconds: number;
  /** How late a 'timeout' answers (the client's timeout must be shorter). */
  lateMs: number;
  permanent: Set<string>;
  alwaysDown: Set<string>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('aborted')));
  });
}

export async function startFlakyWhatsApp(opts: FlakyOptions): Promise<FlakyWhatsApp> {
  const outage = [...opts.outage];
  const log: FlakyRequest[] = [];
  const created = new Map<string, number>();
  const ids = new Map<string, string>();
  let counter = 0;
  const create = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `wamid.flaky${++counter}`;
      ids.set(key, id);
      created.set(key, (created.get(key) ?? 0) + 1);
    }
    return id;
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || !/\/messages$/.test(req.url ?? '')) return res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${opts.token}`) return res.writeHead(401).end();
      // Logged on arrival, so a request the client aborts while its body is in flight still counts.
      const key = String(req.headers['x-idempotency-key'] ?? '');
      const entry: FlakyRequest = { key, to: '', outcome: 'aborted' };
      log.push(entry);
      const body = await readBody(req).catch(() => null);
      if (body === null) return;
      const to = String((JSON.parse(body) as { to?: string }).to ?? '');
      let outcome: FlakyOutcome;
      if (opts.permanent.has(to)) outcome = '400';
      else if (opts.alwaysDown.has(to)) outcome = '500';
      else outcome = outage.shift() ?? 'ok';
      entry.to = to;
      entry.outcome = outcome;
      switch (outcome) {
        case '400':
          return res.writeHead(400).end('{"error":{"message":"invalid recipient"}}');
        case '500':
          return res.writeHead(500).end('{"error":{"message":"internal"}}');
        case '429':
          return res.writeHead(429, { 'retry-after': String(opts.retryAfterSeconds) }).end('{"error":{}}');
        case 'timeout': {
          // The message is accepted, but the answer comes after the client gave up.
          create(key);
          setTimeout(() => res.writeHead(200).end('{}'), opts.lateMs);
          return;
        }
        default: {
          const id = create(key);
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ messages: [{ id }] }));
        }
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    log,
    created,
    ids,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A local fake of the WhatsApp Cloud API messages endpoint (node:http, ephemeral port) for tests and the bench.
// Scriptable failures: queue responses with script(); dedupes by X-Idempotency-Key (a repeated key returns the
// same message id and is not counted as a new send).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeStep = { status: 500 } | { status: 429; retryAfterSeconds?: number } | { timeoutMs: number };

export interface FakeWhatsApp {
  baseUrl: string;
  /** Unique sends per idempotency key (a dedupe hit does not increment). */
  sends: Map<string, number>;
  requests: number;
  script(steps: FakeStep[]): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeWhatsApp(token = 'test-token'): Promise<FakeWhatsApp> {
  const steps: FakeStep[] = [];
  const ids = new Map<string, string>();
  const sends = new Map<string, number>();
  let counter = 0;
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    void (async () => {
      state.requests++;
      await readBody(req);
      if (req.method !== 'POST' || !/\/messages$/.test(req.url ?? '')) return res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${token}`) return res.writeHead(401).end();
      const step = steps.shift();
      const key = String(req.headers['x-idempotency-key'] ?? '');
      if (step && 'timeoutMs' in step) {
        // Accept the message, then answer too late: the client times out although the send happened.
        if (key && !ids.has(key)) {
          ids.set(key, `wamid.fake${++counter}`);
          sends.set(key, (sends.get(key) ?? 0) + 1);
        }
        setTimeout(() => res.writeHead(200).end('{}'), step.timeoutMs);
        return;
      }
      if (step?.status === 500) return res.writeHead(500).end('{"error":{"message":"internal"}}');
      if (step?.status === 429) {
        return res.writeHead(429, { 'retry-after': String(step.retryAfterSeconds ?? 1) }).end('{"error":{}}');
      }
      let id = key ? ids.get(key) : undefined;
      if (!id) {
        id = `wamid.fake${++counter}`;
        if (key) ids.set(key, id);
        sends.set(key, (sends.get(key) ?? 0) + 1);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages: [{ id }] }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v21.0`,
    sends,
    get requests() {
      return state.requests;
    },
    script: (s) => steps.push(...s),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

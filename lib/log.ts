// The one logger (pino): JSON lines in production, pretty in development, silent in tests unless LOG_LEVEL
// says otherwise. Every line written inside withLogContext() carries its request id (route handlers, server
// actions) or job id (workers), so one request's lines can be found together.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

export interface LogContext {
  requestId?: string;
  jobId?: string;
  queue?: string;
  [k: string]: unknown;
}

const context = new AsyncLocalStorage<LogContext>();

function level(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  if (process.env.VITEST) return 'silent';
  return process.env.NODE_ENV === 'production' ? 'info' : 'debug';
}

function destination() {
  // pino-pretty is a dev dependency: used only outside production, in this process (no worker thread, so it
  // also works inside Next's bundled server).
  if (process.env.NODE_ENV !== 'production' && !process.env.LOG_JSON) {
    try {
      const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
      return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
    } catch {
      // not installed (production install): plain JSON
    }
  }
  return pino.destination({ sync: false });
}

const g = globalThis as unknown as { proativaLogger?: Logger };

export const log: Logger =
  g.proativaLogger ??
  (g.proativaLogger = pino(
    {
      level: level(),
      base: { service: 'proativa' },
      mixin: () => ({ ...context.getStore() }),
      serializers: { err: pino.stdSerializers.err },
      redact: {
        paths: ['password', '*.password', 'secret', '*.secret', 'authorization', '*.authorization'],
        censor: '[redacted]',
      },
    },
    destination(),
  ));

/** Runs fn with these fields on every log line it writes (nested contexts merge). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

export function currentLogContext(): LogContext | undefined {
  return context.getStore();
}

export { requestIdFrom } from '@/lib/http/request-id';

// Runs once when the server starts (Node.js runtime only): configuration checks, then the server-side
// services every server process needs; and the hook through which Next reports errors it caught.
// Everything is imported lazily inside the Node.js branch: this file is compiled for the edge runtime too,
// where pino and the database drivers do not exist.
import type { Instrumentation } from 'next';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkStartup } = await import('@/lib/startup');
  checkStartup();
  // Registers the champion-model check that GET /api/v1/health reports.
  await import('@/lib/models/champion');
  // A fresh install decides with the default policy v1 (active) from its first request; idempotent, under the
  // policy lock, so any number of processes starting at once create it once.
  const { ensureDefaultPolicy } = await import('@/lib/policy/store');
  await ensureDefaultPolicy().catch(async (err: unknown) => {
    const { log } = await import('@/lib/log');
    log.error({ err }, 'could not ensure the default decision policy');
  });
  // Background jobs (training, batch scoring) run in the web process too, so one `npm start` does everything.
  const { startInProcessWorker } = await import('@/lib/jobs/start-in-process');
  void startInProcessWorker();
}

/**
 * Errors Next caught while rendering a page, running a server action or a route handler that no code of ours
 * handled: one structured line each (route, kind, digest: the id Next shows the user on the error page), so an
 * operator can match a user's report to its stack trace.
 */
export const onRequestError: Instrumentation.onRequestError = async (err, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const digest = (err as { digest?: unknown } | null)?.digest;
  // redirect(), notFound() and forbidden() travel as errors too; they are answers, not failures.
  if (typeof digest === 'string' && digest.startsWith('NEXT_')) return;
  const { log } = await import('@/lib/log');
  const requestId = request.headers['x-request-id'];
  log.error(
    {
      err,
      digest,
      method: request.method,
      // Without the query: searches carry client names (personal data has no place in logs).
      path: request.path.split('?')[0],
      route: context.routePath,
      routeType: context.routeType,
      ...(typeof requestId === 'string' ? { requestId } : {}),
    },
    'unhandled error in a request',
  );
};

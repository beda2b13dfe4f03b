// Server start-up checks (Node.js runtime only): refuse to serve with bad configuration instead of failing on
// the first request.
import { env } from '@/lib/env';
import { authSecret } from '@/lib/auth/secret';
import { log } from '@/lib/log';

export function checkStartup(): void {
  try {
    const e = env();
    authSecret();
    if (e.NODE_ENV === 'production' && !e.DATABASE_URL) {
      throw new Error(
        'DATABASE_URL is not set. Set it to postgresql://user:password@host:5432/database, or run `npm start`, which starts an embedded PostgreSQL.',
      );
    }
  } catch (err) {
    // Two outputs on purpose: the JSON line for the log collector, and a plain sentence on stderr for the person
    // who just ran `npm start` and would otherwise have to dig the reason out of a JSON object. Exiting right
    // after loses neither: stderr writes to a terminal or pipe are synchronous, and pino flushes on exit.
    log.fatal({ err }, 'configuration check failed; the server is not starting');
    process.stderr.write(`\nProativa cannot start: ${err instanceof Error ? err.message : String(err)}\n\n`);
    process.exit(1);
  }
}

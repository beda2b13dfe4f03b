// Server start-up checks (Node.js runtime only): refuse to serve with bad configuration instead of failing on
// the first request.
import { env } from '@/lib/env';
import { authSecret } from '@/lib/auth/secret';

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
    console.error(`\nProativa cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

// `npm run db:migrate`: applies pending migrations (embedded database or DATABASE_URL) and prints the status.
import { openDatabase } from '@/lib/db/connect';
import { migrate, migrationStatus } from '@/lib/db/migrate';
import { fail } from './cli-util';

async function main() {
  const db = await openDatabase(console.log);
  try {
    const applied = await migrate(db.url, { log: console.log });
    const s = await migrationStatus(db.url);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s).` : 'Database schema is up to date.',
    );
    console.log(`${s.applied.length} migration(s) applied in total.`);
  } finally {
    await db.close();
  }
}

main().catch(fail);

// `npm run db:seed`: applies migrations and seeds a fresh database (demo users with their passwords printed,
// the demo portfolio, features, the default model as champion). Safe to run again: it skips what exists.
import { env } from '@/lib/env';
import { openDatabase } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { seedAll } from '@/lib/seed/all';
import { printDemoLogins } from '@/lib/seed/users';
import { fail } from './cli-util';

async function main() {
  const e = env();
  const db = await openDatabase(console.log);
  try {
    await migrate(db.url, { log: console.log });
    await seedAll(db.url, e, console.log);
    printDemoLogins();
  } finally {
    await db.close();
  }
}

main().catch(fail);

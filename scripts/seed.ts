// `npm run db:seed`: applies migrations and creates the demo users (printing their passwords).
import { openDatabase, prismaFor } from '@/lib/db/connect';
import { migrate } from '@/lib/db/migrate';
import { printDemoLogins, seedDemoUsers } from '@/lib/seed/users';
import { fail } from './cli-util';

async function main() {
  const db = await openDatabase(console.log);
  try {
    await migrate(db.url, { log: console.log });
    const { prisma, close } = prismaFor(db.url);
    try {
      const created = await seedDemoUsers(prisma);
      console.log(created.length ? `Created ${created.length} demo users.` : 'Demo users already present.');
      printDemoLogins();
    } finally {
      await close();
    }
  } finally {
    await db.close();
  }
}

main().catch(fail);

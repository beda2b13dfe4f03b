// Demo users, one per role. Passwords are public (README) and for demos only.
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { hashPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';

export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  {
    email: 'executivo@proativa.demo',
    name: 'Helena Executiva',
    role: 'EXECUTIVE',
    password: 'Proativa-Exec-2026',
  },
  {
    email: 'gerente@proativa.demo',
    name: 'Marcos Gerente',
    role: 'MANAGER',
    password: 'Proativa-Gerente-2026',
  },
  // The rest of the managers' team (lib/seed/portfolios.ts gives each a portfolio).
  {
    email: 'gerente.sul@proativa.demo',
    name: 'Ana Gerente Sul',
    role: 'MANAGER',
    password: 'Proativa-Sul-2026',
  },
  {
    email: 'gerente.nordeste@proativa.demo',
    name: 'João Gerente Nordeste',
    role: 'MANAGER',
    password: 'Proativa-Nordeste-2026',
  },
  {
    email: 'cientista@proativa.demo',
    name: 'Lia Cientista',
    role: 'DATA_SCIENTIST',
    password: 'Proativa-Dados-2026',
  },
  { email: 'admin@proativa.demo', name: 'Rafa Admin', role: 'ADMIN', password: 'Proativa-Admin-2026' },
];

/** Creates missing demo users (never overwrites an existing user's password or role). Returns those created. */
export async function seedDemoUsers(prisma: PrismaClient): Promise<typeof DEMO_USERS> {
  const created: typeof DEMO_USERS = [];
  for (const u of DEMO_USERS) {
    const exists = await prisma.user.findUnique({ where: { email: u.email } });
    if (exists) continue;
    await prisma.user.create({
      data: { email: u.email, name: u.name, role: u.role, passwordHash: await hashPassword(u.password) },
    });
    created.push(u);
  }
  return created;
}

/** For the launcher's terminal (a person reads it), not the structured log. */
export function printDemoLogins(log: (s: string) => void = (s) => void process.stdout.write(`${s}\n`)) {
  log('Demo logins (demo only):');
  for (const u of DEMO_USERS) log(`  ${u.role.padEnd(15)} ${u.email.padEnd(28)} ${u.password}`);
}

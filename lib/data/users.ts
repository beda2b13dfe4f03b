// Reads for the settings page (admins only).
import 'server-only';
import { db } from '@/lib/db';
import { authorize } from '@/lib/auth/session';

export async function getUsers() {
  await authorize('settings:manage');
  return db.user.findMany({
    orderBy: [{ role: 'asc' }, { email: 'asc' }],
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      active: true,
      lastLoginAt: true,
    },
  });
}

export async function getApiKeys() {
  await authorize('settings:manage');
  return db.apiKey.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      scopes: true,
      rateLimitPerMinute: true,
    },
  });
}

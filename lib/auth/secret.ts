// The signing secret for sessions: required and strong in production; generated once and kept in the
// data folder for local runs, so sessions survive restarts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, EXAMPLE_SECRET, dataDir, env } from '@/lib/env';

export const MIN_SECRET_LENGTH = 32;

export function checkProductionSecret(secret: string | undefined): void {
  if (!secret) {
    throw new ConfigError(
      'NEXTAUTH_SECRET is not set. Production refuses to start without it: set it to a random string of at least ' +
        `${MIN_SECRET_LENGTH} characters (for example: openssl rand -base64 48).`,
    );
  }
  if (secret === EXAMPLE_SECRET || secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      `NEXTAUTH_SECRET is too weak (the example value, or shorter than ${MIN_SECRET_LENGTH} characters). ` +
        'Set a real random secret.',
    );
  }
}

/** Returns a local secret stored in <data>/nextauth-secret, creating it on first use. */
export function localSecret(dir = dataDir()): string {
  const file = path.join(dir, 'nextauth-secret');
  try {
    const s = fs.readFileSync(file, 'utf8').trim();
    if (s.length >= MIN_SECRET_LENGTH) return s;
  } catch {
    // first run
  }
  fs.mkdirSync(dir, { recursive: true });
  const s = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, s + '\n', { mode: 0o600 });
  return s;
}

/** The secret the server signs with. */
export function authSecret(): string {
  const e = env();
  if (e.NODE_ENV === 'production') {
    checkProductionSecret(e.NEXTAUTH_SECRET);
    return e.NEXTAUTH_SECRET as string;
  }
  return e.NEXTAUTH_SECRET ?? localSecret();
}

import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, env, resetEnvCache } from '@/lib/env';
import { checkProductionSecret, localSecret } from '@/lib/auth/secret';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe('configuration', () => {
  it('names a malformed DATABASE_URL and says what it should look like', () => {
    process.env.DATABASE_URL = 'mysql://nope';
    resetEnvCache();
    expect(() => env()).toThrow(ConfigError);
    expect(() => env()).toThrow(
      /DATABASE_URL: must look like postgresql:\/\/user:password@host:5432\/database/,
    );
  });

  it('accepts postgres:// and postgresql:// URLs, and treats an empty value as unset', () => {
    process.env.DATABASE_URL = 'postgres://u:p@db.internal:5433/proativa';
    resetEnvCache();
    expect(env().DATABASE_URL).toBe('postgres://u:p@db.internal:5433/proativa');
    process.env.DATABASE_URL = '';
    resetEnvCache();
    expect(env().DATABASE_URL).toBeUndefined();
  });

  it('rejects a non-numeric PORT', () => {
    process.env.PORT = 'eighty';
    resetEnvCache();
    expect(() => env()).toThrow(/PORT/);
  });
});

describe('session secret', () => {
  it('production refuses a missing, placeholder or short secret', () => {
    expect(() => checkProductionSecret(undefined)).toThrow(/NEXTAUTH_SECRET is not set/);
    expect(() => checkProductionSecret('change-me-to-a-long-random-string')).toThrow(/too weak/);
    expect(() => checkProductionSecret('short')).toThrow(/too weak/);
    expect(() => checkProductionSecret('x'.repeat(40))).not.toThrow();
  });

  it('a local run generates a secret once and keeps it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proativa-secret-'));
    const a = localSecret(dir);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(localSecret(dir)).toBe(a);
    expect(fs.statSync(path.join(dir, 'nextauth-secret')).mode & 0o077).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

import { describe, expect, it } from 'vitest';
import { homeFor, navFor, roleCan } from '@/lib/auth/roles';
import { lockDurationMs, MAX_FAILURES } from '@/lib/auth/login-policy';

describe('roles', () => {
  it('shows each role only its own navigation', () => {
    expect(navFor('EXECUTIVE').map((n) => n.href)).toEqual(['/executive', '/monitoring']);
    expect(navFor('MANAGER').map((n) => n.href)).toEqual(['/alerts', '/clients']);
    expect(navFor('DATA_SCIENTIST').map((n) => n.href)).toEqual([
      '/clients',
      '/monitoring',
      '/models',
      '/features',
      '/ingestion',
    ]);
    expect(navFor('ADMIN').map((n) => n.href)).toEqual(['/models', '/ingestion', '/settings']);
  });

  it('lands each role on its first page', () => {
    expect(homeFor('MANAGER')).toBe('/alerts');
    expect(homeFor('EXECUTIVE')).toBe('/executive');
  });

  it('only managers see client personal data; only admins manage settings', () => {
    expect(roleCan('MANAGER', 'clients:viewPersonalData')).toBe(true);
    expect(roleCan('DATA_SCIENTIST', 'clients:viewPersonalData')).toBe(false);
    expect(roleCan('ADMIN', 'settings:manage')).toBe(true);
    expect(roleCan('DATA_SCIENTIST', 'settings:manage')).toBe(false);
  });
});

describe('login throttling policy', () => {
  it('locks from the MAX_FAILURES-th failure, doubling and capped at an hour', () => {
    expect(lockDurationMs(MAX_FAILURES - 1)).toBe(0);
    expect(lockDurationMs(MAX_FAILURES)).toBe(60_000);
    expect(lockDurationMs(MAX_FAILURES + 1)).toBe(120_000);
    expect(lockDurationMs(MAX_FAILURES + 20)).toBe(3_600_000);
  });
});

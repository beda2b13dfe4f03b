import { describe, expect, it } from 'vitest';
import { homeFor, navFor, roleCan } from '@/lib/auth/roles';

describe('roles', () => {
  it('shows each role only its own navigation', () => {
    expect(navFor('EXECUTIVE').map((n) => n.href)).toEqual([
      '/executive',
      '/playbook',
      '/monitoring',
      '/scoring',
      '/policy',
      '/api-docs',
    ]);
    expect(navFor('MANAGER').map((n) => n.href)).toEqual(['/alerts', '/playbook', '/clients', '/api-docs']);
    expect(navFor('DATA_SCIENTIST').map((n) => n.href)).toEqual([
      '/clients',
      '/monitoring',
      '/models',
      '/scoring',
      '/features',
      '/policy',
      '/campaigns',
      '/ingestion',
      '/api-docs',
    ]);
    expect(navFor('ADMIN').map((n) => n.href)).toEqual([
      '/alerts',
      '/playbook',
      '/clients',
      '/models',
      '/scoring',
      '/policy',
      '/campaigns',
      '/ingestion',
      '/settings',
      '/settings/portfolios',
      '/api-docs',
    ]);
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

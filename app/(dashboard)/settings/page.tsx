import type { Metadata } from 'next';
import { requirePage } from '@/lib/auth/session';
import { getApiKeys, getUsers } from '@/lib/data/users';
import { getT } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/format';
import { ROLES } from '@/lib/auth/roles';
import { CreateUserForm, CreateApiKeyForm, UserRowControls, RevokeKeyButton } from './settings-forms';

export const metadata: Metadata = { title: 'Configurações' };

export default async function SettingsPage() {
  const me = await requirePage('settings:manage');
  const [{ t, locale }, users, keys] = await Promise.all([getT(), getUsers(), getApiKeys()]);
  const roleLabels = Object.fromEntries(ROLES.map((r) => [r, t(`role.${r}`)])) as Record<
    (typeof ROLES)[number],
    string
  >;
  return (
    <>
      <h1>{t('page.settings.title')}</h1>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{t('settings.users')}</h2>
        <table className="table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('settings.user.name')}</th>
              <th>{t('settings.user.email')}</th>
              <th>{t('settings.user.role')}</th>
              <th>{t('settings.user.active')}</th>
              <th>{t('settings.user.lastLogin')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td colSpan={2}>
                  <UserRowControls
                    id={u.id}
                    role={u.role}
                    active={u.active}
                    self={u.id === me.id}
                    roleLabels={roleLabels}
                    labels={{
                      disable: t('settings.user.disable'),
                      enable: t('settings.user.enable'),
                      role: t('settings.user.role'),
                    }}
                  />
                </td>
                <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : t('common.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('settings.user.create')}</h2>
        <CreateUserForm
          roleLabels={roleLabels}
          labels={{
            name: t('settings.user.name'),
            email: t('settings.user.email'),
            role: t('settings.user.role'),
            password: t('settings.user.password'),
            submit: t('settings.user.create'),
            saving: t('common.saving'),
          }}
        />
      </section>
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('settings.apiKeys')}</h2>
        {keys.length > 0 ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t('settings.apiKey.name')}</th>
                <th>{t('settings.user.role')}</th>
                <th>{t('settings.apiKey.lastUsed')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td>
                    {k.name} <code>pk_{k.prefix}_…</code>
                  </td>
                  <td>{roleLabels[k.role]}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t('common.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      <span className="badge off">{t('settings.apiKey.revoked')}</span>
                    ) : (
                      <RevokeKeyButton id={k.id} label={t('settings.apiKey.revoke')} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <CreateApiKeyForm
          roleLabels={roleLabels}
          labels={{
            name: t('settings.apiKey.name'),
            role: t('settings.user.role'),
            submit: t('settings.apiKey.create'),
            saving: t('common.saving'),
            shownOnce: t('settings.apiKey.shownOnce'),
          }}
        />
      </section>
    </>
  );
}

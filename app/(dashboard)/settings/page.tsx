// Configurações (admins): the users with their role and access, a form to create one, and the API keys.
// One cell per column in every row: the role picker sits under Perfil, the value and its toggle under Ativo.
import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getApiKeys, getUsers } from '@/lib/data/users';
import { formatDateTime, formatNumber } from '@/lib/format';
import { storedScopes } from '@/lib/auth/scopes';
import { ClientIntl } from '@/components/i18n/client-intl';
import { getSetting } from '@/lib/settings/store';
import { simulatorRatesSetting } from '@/lib/settings/simulator';
import { SimulatorSettingsForm } from './simulator-settings';
import { engagementDispatch, engagementProviders, maskSecret } from '@/lib/settings/engagement';
import { ProviderSettingsForm } from './provider-settings';
import { DispatchSettingsForm } from './dispatch-settings';
import {
  CreateApiKeyForm,
  CreateUserForm,
  RevokeKeyButton,
  UserActiveToggle,
  UserRoleSelect,
} from './settings-forms';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('settings');
  return { title: t('title') };
}

export default async function SettingsPage() {
  // Authorized first: the reads below refuse other roles too, and only requirePage turns that into a 403 page.
  const me = await requirePage('settings:manage');
  const [t, tc, tr, locale, users, keys] = await Promise.all([
    getTranslations('settings'),
    getTranslations('common'),
    getTranslations('role'),
    getLocale(),
    getUsers(),
    getApiKeys(),
  ]);
  const [tsim, simRates] = await Promise.all([
    getTranslations('simulator'),
    getSetting(simulatorRatesSetting),
  ]);
  const [tcamp, providers, dispatch] = await Promise.all([
    getTranslations('campaigns'),
    getSetting(engagementProviders),
    getSetting(engagementDispatch),
  ]);
  const wa = providers.whatsapp;
  const lastSeen = (d: Date | null) => (d ? formatDateTime(d, locale) : tc('never'));

  return (
    <ClientIntl namespaces={['settings', 'role', 'forms', 'actions']}>
      <h1>{t('title')}</h1>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>{t('users')}</h2>
        <div style={{ overflowX: 'auto' }}>
          <table className="table" data-testid="users-table">
            <thead>
              <tr>
                <th>{t('user.name')}</th>
                <th>{t('user.email')}</th>
                <th>{t('user.role')}</th>
                <th>{t('user.active')}</th>
                <th>{t('user.lastLogin')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-email={u.email}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <UserRoleSelect id={u.id} role={u.role} self={u.id === me.id} />
                  </td>
                  <td>
                    <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
                      <span className={`badge ${u.active ? '' : 'off'}`} data-testid="user-active">
                        {u.active ? tc('yes') : tc('no')}
                      </span>
                      <UserActiveToggle id={u.id} active={u.active} self={u.id === me.id} />
                    </div>
                  </td>
                  <td>{lastSeen(u.lastLoginAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h2>{t('user.create')}</h2>
        <CreateUserForm />
      </section>
      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('apiKeys')}</h2>
        {keys.length > 0 ? (
          <table className="table" data-testid="api-keys-table">
            <thead>
              <tr>
                <th>{t('apiKey.name')}</th>
                <th>{t('user.role')}</th>
                <th>{t('apiKey.scopes')}</th>
                <th className="num">{t('apiKey.rateLimit')}</th>
                <th>{t('apiKey.lastUsed')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => {
                // Only the prefix is stored in clear: enough to recognise a key, never to use it.
                const masked = `pk_${k.prefix}_…`;
                return (
                  <tr key={k.id}>
                    <td>
                      {k.name} <code>{masked}</code>
                    </td>
                    <td>{tr(k.role)}</td>
                    <td data-testid="api-key-scopes">
                      {storedScopes(k.scopes).map((s) => (
                        <code key={s} style={{ marginRight: '0.35rem' }}>
                          {s}
                        </code>
                      ))}
                    </td>
                    <td className="num">
                      {t('apiKey.perMinute', { n: formatNumber(k.rateLimitPerMinute, locale) })}
                    </td>
                    <td>{lastSeen(k.lastUsedAt)}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="badge off">{t('apiKey.revoked')}</span>
                      ) : (
                        <RevokeKeyButton id={k.id} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <CreateApiKeyForm />
      </section>
      {/* Savings simulator rates (issue 9). */}
      <ClientIntl namespaces={['simulator']}>
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{tsim('settingsTitle')}</h2>
          <SimulatorSettingsForm rates={simRates} />
        </section>
      </ClientIntl>
      {/* Channel providers (issue 9): the secrets only masked. */}
      <ClientIntl namespaces={['campaigns']}>
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{tcamp('providers.title')}</h2>
          <p>{tcamp('providers.intro')}</p>
          <ProviderSettingsForm
            settings={{
              enabled: wa.enabled,
              baseUrl: wa.baseUrl,
              phoneNumberId: wa.phoneNumberId,
              verifyToken: wa.verifyToken,
              templateName: wa.templateName,
              languageCode: wa.languageCode,
              tokenMasked: maskSecret(wa.token),
              appSecretMasked: maskSecret(wa.appSecret),
            }}
          />
        </section>
        {/* Offer expiry (outbox dispatch): days after the end of the decision's as-of month. */}
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{tcamp('dispatch.title')}</h2>
          <DispatchSettingsForm offerExpiryDays={dispatch.offerExpiryDays} />
        </section>
      </ClientIntl>
    </ClientIntl>
  );
}

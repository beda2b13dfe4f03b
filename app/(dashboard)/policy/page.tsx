// Política: the active decision policy in business language (bands, actions, channels, control group, window),
// every version with who proposed, approved, activated or rejected it and when, the lifecycle buttons for those
// allowed, what each pending version would change on the last finished batch run (streamed in behind its own
// skeleton: it aggregates the run's stored scores), and the data scientists' form for a new version.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getPolicyVersions } from '@/lib/data/policy';
import type { PolicyPerson, PolicyRecord } from '@/lib/policy/store';
import { BANDS, DEFAULT_POLICY, type Band, type DecisionPolicy } from '@/lib/policy/policy';
import type { Locale } from '@/lib/i18n/locales';
import { formatDateTime } from '@/lib/format';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EmptyState } from '@/components/ui/empty-state';
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { exactPercent, formDecimal } from './figures';
import { PolicyImpactSection } from './impact-section';
import { PolicyActions } from './policy-actions';
import { ProposePolicyForm } from './propose-form';
import { PolicyStatusBadge } from './status-badge';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('policy');
  return { title: t('title') };
}

type T = Awaited<ReturnType<typeof getTranslations<'policy'>>>;

/** Who took a step, as the messages take it: the system (the default v1 at installation), an API key or a person. */
function by(t: T, p: PolicyPerson | null): { system: 'yes' | 'no'; who: string } {
  if (!p) return { system: 'yes', who: '' };
  if (p.kind === 'apiKey') return { system: 'no', who: t('apiKey', { name: p.name ?? '—' }) };
  return { system: 'no', who: p.name ?? '—' };
}

const channelList = (t: T, policy: DecisionPolicy) =>
  policy.bands.MODERATE.channelPreference.map((c) => t(`channel.${c}`)).join(' → ');

function ActiveRules({ t, active, locale }: { t: T; active: PolicyRecord; locale: Locale }) {
  const rules = active.rules;
  const pct = (v: number) => exactPercent(v, locale);
  return (
    <section className="card" data-testid="active-policy" style={{ marginBottom: '1rem' }}>
      <h2 style={{ marginTop: 0 }}>{t('active.title', { version: active.version })}</h2>
      <p className="muted">
        {t('active.since', {
          date: formatDateTime(active.activatedAt, locale),
          ...by(t, active.activatedBy),
        })}
      </p>
      {!rules ? (
        <p role="alert">{t('versions.invalidRules')}</p>
      ) : (
        <>
          <h3>{t('active.bands')}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="active-bands">
              <thead>
                <tr>
                  <th scope="col">{t('active.col.band')}</th>
                  <th scope="col">{t('active.col.range')}</th>
                  <th scope="col">{t('active.col.action')}</th>
                  <th scope="col">{t('active.col.channel')}</th>
                </tr>
              </thead>
              <tbody>
                {([...BANDS].reverse() as Band[]).map((band) => {
                  const range = t(`active.range.${band}`, {
                    moderate: pct(rules.thresholds.moderate),
                    critical: pct(rules.thresholds.critical),
                  });
                  const channel =
                    band === 'CRITICAL'
                      ? t(`channel.${rules.bands.CRITICAL.channel}`)
                      : band === 'MODERATE'
                        ? t('active.channelOrder', { channels: channelList(t, rules) })
                        : t(`channel.${rules.bands.LOW.channel}`);
                  return (
                    <tr key={band} data-band={band}>
                      <th scope="row">{t(`band.${band}`)}</th>
                      <td>{range}</td>
                      <td>{t(`action.${rules.bands[band].action}`)}</td>
                      <td>{channel}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>{t('active.doNotCall')}</p>
          <p>{t('active.holdout', { share: pct(rules.holdoutShare), salt: rules.holdoutSalt })}</p>
          <p style={{ marginBottom: 0 }}>{t('active.window', { months: rules.performanceWindowMonths })}</p>
        </>
      )}
    </section>
  );
}

function History({ t, v, locale }: { t: T; v: PolicyRecord; locale: Locale }) {
  const date = (d: Date | null) => formatDateTime(d, locale);
  const steps: [string, string][] = [
    ['proposed', t('versions.proposed', { ...by(t, v.proposedBy), date: date(v.proposedAt) })],
  ];
  if (v.approvedAt) {
    steps.push(['approved', t('versions.approved', { ...by(t, v.approvedBy), date: date(v.approvedAt) })]);
  }
  if (v.activatedAt) {
    steps.push([
      'activated',
      t('versions.activated', { ...by(t, v.activatedBy), date: date(v.activatedAt) }),
    ]);
  }
  if (v.retiredAt) steps.push(['retired', t('versions.retired', { date: date(v.retiredAt) })]);
  if (v.rejectedAt) {
    steps.push(['rejected', t('versions.rejected', { ...by(t, v.rejectedBy), date: date(v.rejectedAt) })]);
  }
  return (
    <ul style={{ margin: 0, paddingLeft: '1rem' }}>
      {steps.map(([key, text]) => (
        <li key={key} data-step={key}>
          {text}
        </li>
      ))}
    </ul>
  );
}

export default async function PolicyPage() {
  const me = await requirePage('policy:view');
  const [t, tEmpty, locale, { versions, active }] = await Promise.all([
    getTranslations('policy'),
    getTranslations('empty'),
    getLocale() as Promise<Locale>,
    getPolicyVersions(),
  ]);
  const can = {
    propose: roleCan(me.role, 'policy:propose'),
    approve: roleCan(me.role, 'policy:approve'),
    activate: roleCan(me.role, 'policy:activate'),
  };
  const pending = versions.filter((v) => v.status === 'PROPOSED' || v.status === 'APPROVED');
  const showActions = can.approve || can.activate;
  // The form starts from the active rules (the default v1's when none is active or its row is unreadable).
  const base = active?.rules ?? DEFAULT_POLICY;
  const pct = (v: number) => exactPercent(v, locale);

  return (
    <ClientIntl namespaces={['policy']}>
      <h1>{t('title')}</h1>
      <p className="subtitle">{t('intro')}</p>
      {active ? (
        <ActiveRules t={t} active={active} locale={locale} />
      ) : (
        <p className="card" role="status" data-testid="no-active-policy">
          {t('active.none')}
        </p>
      )}

      {versions.length === 0 ? (
        <EmptyState title={tEmpty('title')}>{t('versions.empty')}</EmptyState>
      ) : (
        <section className="card" style={{ marginBottom: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{t('versions.title')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="policy-versions">
              <thead>
                <tr>
                  <th scope="col">{t('versions.col.version')}</th>
                  <th scope="col">{t('versions.col.rules')}</th>
                  <th scope="col">{t('versions.col.note')}</th>
                  <th scope="col">{t('versions.col.history')}</th>
                  {showActions ? <th scope="col">{t('versions.col.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version} data-version={v.version} data-status={v.status}>
                    <th scope="row" className="nowrap">
                      {t('versionName', { version: v.version })}{' '}
                      <PolicyStatusBadge status={v.status} label={t(`status.${v.status}`)} />
                    </th>
                    <td>
                      {v.rules ? (
                        <>
                          {t('versions.thresholds', {
                            moderate: pct(v.rules.thresholds.moderate),
                            critical: pct(v.rules.thresholds.critical),
                          })}
                          <br />
                          <small>
                            {t('versions.holdoutAndWindow', {
                              share: pct(v.rules.holdoutShare),
                              salt: v.rules.holdoutSalt,
                              months: v.rules.performanceWindowMonths,
                            })}
                          </small>
                          <br />
                          <small>{t('versions.channels', { channels: channelList(t, v.rules) })}</small>
                        </>
                      ) : (
                        t('versions.invalidRules')
                      )}
                    </td>
                    <td style={{ whiteSpace: 'pre-line', maxWidth: 320 }}>
                      {v.note}
                      {v.rejectionNote ? (
                        <>
                          <br />
                          <small data-testid={`rejection-note-${v.version}`}>
                            {t('versions.rejectionNote', { note: v.rejectionNote })}
                          </small>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <History t={t} v={v} locale={locale} />
                    </td>
                    {showActions ? (
                      <td>
                        {v.status === 'PROPOSED' || v.status === 'APPROVED' ? (
                          <PolicyActions
                            version={v.version}
                            status={v.status}
                            canApprove={can.approve}
                            canActivate={can.activate}
                            isProposer={v.proposedBy?.id === me.id}
                            activeVersion={active?.version ?? null}
                          />
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {pending.map((v) => (
        <Suspense key={v.version} fallback={<TableSkeleton rows={3} cols={4} />}>
          <PolicyImpactSection version={v.version} statusLabel={t(`status.${v.status}`)} />
        </Suspense>
      ))}

      {can.propose ? (
        <section className="card" style={{ marginTop: '1rem' }}>
          <h2 style={{ marginTop: 0 }}>{t('propose.title')}</h2>
          <p className="muted">{t('propose.intro')}</p>
          <ProposePolicyForm
            defaults={{
              moderateThreshold: formDecimal(base.thresholds.moderate, locale),
              criticalThreshold: formDecimal(base.thresholds.critical, locale),
              holdoutShare: formDecimal(base.holdoutShare, locale),
              holdoutSalt: base.holdoutSalt,
              performanceWindowMonths: String(base.performanceWindowMonths),
              channelPreference: [...base.bands.MODERATE.channelPreference],
            }}
          />
        </section>
      ) : null}
    </ClientIntl>
  );
}

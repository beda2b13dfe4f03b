// Two model versions side by side: metrics per split with their difference, recall/precision at the policy
// thresholds, features, importance ranks and training parameters. Both cards come from one read.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getModelComparison } from '@/lib/data/models';
import { formatNumber, formatPercent, formatScientific } from '@/lib/format';
import { compareQuerySchema } from '@/lib/validations/models';
import { StatusBadge } from '@/components/models/status-badge';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('models');
  return { title: t('compare.title') };
}

const STAR = '★';
const DASH = '—';

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [, sp, t, locale] = await Promise.all([
    requirePage('models:view'),
    searchParams,
    getTranslations('models'),
    getLocale(),
  ]);
  if (sp.a === undefined && sp.b === undefined) {
    // Nothing chosen yet (the address typed by hand): say how to get here rather than a 404.
    return (
      <>
        <h1>{t('compare.title')}</h1>
        <p className="status error" role="status">
          {t('compare.invalid')}
        </p>
        <Link href="/models">{t('detail.backLink')}</Link>
      </>
    );
  }
  // A malformed or unknown id is a page that does not exist: HTTP 404.
  const q = compareQuerySchema.safeParse(sp);
  if (!q.success) notFound();
  const c = await getModelComparison(q.data.a, q.data.b);
  if (!c) notFound();

  const num = (v: number | undefined) => formatNumber(v, locale, 4);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);
  const pair = (r?: { recall: number; precision: number }) =>
    r ? t('pair', { a: pct(r.recall), b: pct(r.precision) }) : DASH;
  const delta = (a?: number, b?: number) => {
    if (a === undefined || b === undefined) return DASH;
    const d = b - a;
    return `${d > 0 ? '+' : ''}${formatNumber(d, locale, 4)}`;
  };
  const rank = (r?: number, share?: number) =>
    r ? `${t('compare.rankShare', { rank: r, share: pct(share) })}${r <= 5 ? ` ${STAR}` : ''}` : DASH;
  const head = (m: typeof c.a) => (
    <span style={{ display: 'inline-flex', gap: '0.4rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <Link href={`/models/${m.id}`}>{t('versionName', { name: m.name, version: String(m.version) })}</Link>
      <StatusBadge status={m.status} />
    </span>
  );

  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <Link href="/models">{t('detail.backLink')}</Link>
      </p>
      <h1>{t('compare.title')}</h1>
      <section className="card" style={{ overflowX: 'auto' }}>
        <table className="table" data-testid="compare-metrics">
          <thead>
            <tr>
              <th>{t('compare.metric')}</th>
              <th>
                {t('compare.colA')}
                <br />
                {head(c.a)}
              </th>
              <th>
                {t('compare.colB')}
                <br />
                {head(c.b)}
              </th>
              <th>{t('compare.delta')}</th>
            </tr>
          </thead>
          <tbody>
            {c.metrics.map((r) => (
              <tr key={`${r.split}-${r.metric}`}>
                <th>
                  {t('compare.metricOfSplit', {
                    metric: t(`metric.${r.metric}`),
                    split: t(`split.${r.split}`),
                  })}
                </th>
                <td>{num(r.a)}</td>
                <td>{num(r.b)}</td>
                <td>{delta(r.a, r.b)}</td>
              </tr>
            ))}
            {c.thresholds.map((r) => (
              <tr key={`${r.split}-${r.threshold}`}>
                <th>
                  {t('compare.metricOfSplit', {
                    metric: t('col.at', { t: formatNumber(r.threshold, locale, 2) }),
                    split: t(`split.${r.split}`),
                  })}
                </th>
                <td>{pair(r.a)}</td>
                <td>{pair(r.b)}</td>
                <td />
              </tr>
            ))}
            <tr>
              <th>{t('detail.parity')}</th>
              <td>
                {t('compare.parityValue', { diff: formatScientific(c.parity.a.maxAbsDiff, locale, 2) })}
              </td>
              <td>
                {t('compare.parityValue', { diff: formatScientific(c.parity.b.maxAbsDiff, locale, 2) })}
              </td>
              <td />
            </tr>
          </tbody>
        </table>
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('compare.features')}</h2>
        {c.features.onlyA.length === 0 && c.features.onlyB.length === 0 ? (
          <p>{c.features.sameOrder ? t('compare.same') : t('compare.sameSetOtherOrder')}</p>
        ) : (
          <>
            <p>
              {t('compare.onlyIn', { side: t('compare.onlyA'), list: c.features.onlyA.join(', ') || DASH })}
            </p>
            <p>
              {t('compare.onlyIn', { side: t('compare.onlyB'), list: c.features.onlyB.join(', ') || DASH })}
            </p>
          </>
        )}
        <h2>{t('detail.importance')}</h2>
        {c.importance.length ? (
          <table className="table" data-testid="compare-importance">
            <thead>
              <tr>
                <th>{t('detail.feature')}</th>
                <th>{t('compare.colA')}</th>
                <th>{t('compare.colB')}</th>
              </tr>
            </thead>
            <tbody>
              {c.importance.map((r) => (
                <tr key={r.feature}>
                  <td>
                    <code>{r.feature}</code>
                  </td>
                  <td>{rank(r.rankA, r.a)}</td>
                  <td>{rank(r.rankB, r.b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('detail.noImportance')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('detail.params')}</h2>
        {c.params.length ? (
          <table className="table" data-testid="compare-params">
            <thead>
              <tr>
                <th />
                <th>{t('compare.colA')}</th>
                <th>{t('compare.colB')}</th>
              </tr>
            </thead>
            <tbody>
              {c.params.map((p) => (
                <tr key={p.name} style={p.differs ? { background: '#fffbea' } : undefined}>
                  <th style={{ textTransform: 'none' }}>{p.name}</th>
                  <td>
                    <code>{p.a ?? DASH}</code>
                  </td>
                  <td>
                    <code>{p.b ?? DASH}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('detail.noTraining')}</p>
        )}
      </section>
    </>
  );
}

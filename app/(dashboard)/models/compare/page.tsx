import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePage } from '@/lib/auth/session';
import { getModelComparison } from '@/lib/data/models';
import { getT } from '@/lib/i18n/server';
import { formatNumber, formatPercent } from '@/lib/format';
import { compareQuerySchema } from '@/lib/validations/models';
import { RegistryError } from '@/lib/models/registry';
import { StatusBadge } from '@/components/models/status-badge';

export const metadata: Metadata = { title: 'Comparar modelos' };

export default async function ComparePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePage('models:view');
  const { t, locale } = await getT();
  const q = compareQuerySchema.safeParse(await searchParams);
  if (!q.success) {
    return (
      <>
        <h1>{t('models.compare.title')}</h1>
        <p className="status error" role="status">
          {t('models.compare.invalid')}
        </p>
        <Link href="/models">← {t('models.detail.back')}</Link>
      </>
    );
  }
  let c: Awaited<ReturnType<typeof getModelComparison>>;
  try {
    c = await getModelComparison(q.data.a, q.data.b);
  } catch (e) {
    if (e instanceof RegistryError && e.code === 'not-found') notFound();
    throw e;
  }
  const num = (v: number | undefined) => formatNumber(v, locale, 4);
  const pct = (v: number | undefined) => formatPercent(v, locale, 1);
  const delta = (a?: number, b?: number) =>
    a === undefined || b === undefined ? '—' : `${b - a >= 0 ? '+' : ''}${formatNumber(b - a, locale, 4)}`;
  const head = (m: typeof c.a) => (
    <>
      <Link href={`/models/${m.id}`}>
        {m.name} v{m.version}
      </Link>{' '}
      <StatusBadge status={m.status} label={t(`models.status.${m.status}`)} />
    </>
  );

  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <Link href="/models">← {t('models.detail.back')}</Link>
      </p>
      <h1>{t('models.compare.title')}</h1>
      <section className="card">
        <table className="table" data-testid="compare-metrics">
          <thead>
            <tr>
              <th>{t('models.compare.metric')}</th>
              <th>A: {head(c.a)}</th>
              <th>B: {head(c.b)}</th>
              <th>B − A</th>
            </tr>
          </thead>
          <tbody>
            {c.metrics.map((r) => (
              <tr key={`${r.split}-${r.metric}`}>
                <th>
                  {t(`models.metric.${r.metric}`)} · {t(`models.split.${r.split}`)}
                </th>
                <td>{num(r.a)}</td>
                <td>{num(r.b)}</td>
                <td>{delta(r.a, r.b)}</td>
              </tr>
            ))}
            {c.thresholds.map((r) => (
              <tr key={`${r.split}-${r.threshold}`}>
                <th>
                  {t('models.metric.at', { t: formatNumber(r.threshold, locale, 2) })} ·{' '}
                  {t(`models.split.${r.split}`)}
                </th>
                <td>{r.a ? `${pct(r.a.recall)} / ${pct(r.a.precision)}` : '—'}</td>
                <td>{r.b ? `${pct(r.b.recall)} / ${pct(r.b.precision)}` : '—'}</td>
                <td />
              </tr>
            ))}
            <tr>
              <th>{t('models.detail.parity')}</th>
              <td>max |Δ| = {c.parity.a.maxAbsDiff.toExponential(2)}</td>
              <td>max |Δ| = {c.parity.b.maxAbsDiff.toExponential(2)}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.compare.features')}</h2>
        {c.features.onlyA.length === 0 && c.features.onlyB.length === 0 ? (
          <p>{c.features.sameOrder ? t('models.compare.same') : t('models.compare.sameSetOtherOrder')}</p>
        ) : (
          <>
            <p>
              {t('models.compare.onlyA')}: {c.features.onlyA.join(', ') || '—'}
            </p>
            <p>
              {t('models.compare.onlyB')}: {c.features.onlyB.join(', ') || '—'}
            </p>
          </>
        )}
        <h2>{t('models.detail.importance')}</h2>
        {c.importance.length ? (
          <table className="table">
            <thead>
              <tr>
                <th>{t('models.detail.feature')}</th>
                <th>A</th>
                <th>B</th>
              </tr>
            </thead>
            <tbody>
              {c.importance.map((r) => (
                <tr key={r.feature}>
                  <td>
                    <code>{r.feature}</code>
                  </td>
                  <td>{r.rankA ? `#${r.rankA} · ${pct(r.a)}${r.rankA <= 5 ? ' ★' : ''}` : '—'}</td>
                  <td>{r.rankB ? `#${r.rankB} · ${pct(r.b)}${r.rankB <= 5 ? ' ★' : ''}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noImportance')}</p>
        )}
      </section>

      <section className="card" style={{ marginTop: '1rem' }}>
        <h2 style={{ marginTop: 0 }}>{t('models.detail.params')}</h2>
        {c.params.length ? (
          <table className="table">
            <thead>
              <tr>
                <th />
                <th>A</th>
                <th>B</th>
              </tr>
            </thead>
            <tbody>
              {c.params.map((p) => (
                <tr key={p.name} style={p.differs ? { background: '#fffbea' } : undefined}>
                  <th style={{ textTransform: 'none' }}>{p.name}</th>
                  <td>
                    <code>{p.a ?? '—'}</code>
                  </td>
                  <td>
                    <code>{p.b ?? '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p style={{ color: 'var(--muted)' }}>{t('models.detail.noTraining')}</p>
        )}
      </section>
    </>
  );
}

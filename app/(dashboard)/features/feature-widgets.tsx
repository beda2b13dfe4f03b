'use client';
// The Variáveis page's interactive parts: the month picker, the (re)compute form and the real-time lookup.
import { useActionState, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { computeFeatures } from '@/lib/actions/compute-features';
import type { ActionState } from '@/lib/actions/action';
import type { FeatureUnit } from '@/lib/features/types';
import { formatFeatureValue, formatMonth } from '@/lib/format';

const initialState: ActionState<undefined> = { ok: false, message: '' };

export function MonthPicker({ months, value }: { months: string[]; value: string }) {
  const router = useRouter();
  const t = useTranslations('features');
  const locale = useLocale();
  return (
    <div className="field">
      <label htmlFor="feature-month">{t('month')}</label>
      <select
        id="feature-month"
        value={value}
        onChange={(e) => router.push(`/features?month=${encodeURIComponent(e.target.value)}`)}
      >
        {months.map((m) => (
          <option key={m} value={m}>
            {formatMonth(m, locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Recomputes a month's features; without a month (nothing computed yet) it asks which month to compute. */
export function RecomputeForm({ month }: { month?: string }) {
  const t = useTranslations('features');
  const tCommon = useTranslations('common');
  const [state, action, pending] = useActionState(computeFeatures, initialState);
  const monthError = state.fieldErrors?.asOfMonth?.[0];
  return (
    <form action={action} className="inline-form">
      {month ? (
        <input type="hidden" name="asOfMonth" value={month} />
      ) : (
        <div className="field">
          <label htmlFor="compute-month">{t('month')}</label>
          <input
            id="compute-month"
            name="asOfMonth"
            placeholder={t('monthPlaceholder')}
            inputMode="numeric"
            pattern="\d{4}-\d{2}"
            required
            aria-invalid={monthError ? true : undefined}
            aria-describedby={monthError ? 'compute-month-error' : undefined}
          />
          {monthError ? (
            <span id="compute-month-error" className="field-error">
              {monthError}
            </span>
          ) : null}
        </div>
      )}
      <button className="btn secondary" type="submit" disabled={pending}>
        {pending ? tCommon('saving') : month ? t('recompute') : t('compute')}
      </button>
      <span className={`status ${state.ok ? 'ok' : 'error'}`} role="status" aria-live="polite">
        {pending ? '' : state.message}
      </span>
    </form>
  );
}

export interface FeatureInfo {
  name: string;
  unit?: FeatureUnit;
  description: string;
}

type Result = { features: Record<string, number | null>; client: string; month: string } | { error: string };

export function RealtimeLookup({
  defaultMonth,
  definitions,
}: {
  defaultMonth: string;
  definitions: FeatureInfo[];
}) {
  const t = useTranslations('features.lookup');
  const tFeatures = useTranslations('features');
  const tValidation = useTranslations('validation');
  const locale = useLocale();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const byName = new Map(definitions.map((d) => [d.name, d]));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const client = String(f.get('client') ?? '').trim();
    const month = String(f.get('month') ?? '').trim();
    if (!client) return;
    setPending(true);
    try {
      const res = await fetch(
        `/api/v1/features/${encodeURIComponent(client)}?asOfMonth=${encodeURIComponent(month)}`,
      );
      const body = (await res.json().catch(() => null)) as {
        features?: Record<string, number | null>;
        error?: { message?: string };
      } | null;
      if (res.ok && body?.features) setResult({ features: body.features, client, month });
      else if (res.status === 404) setResult({ error: t('notFound') });
      else if (res.status === 400) setResult({ error: tValidation('invalidYearMonth') });
      // A refusal (session expired, role changed) comes translated by the API; anything else is generic.
      else if (res.status === 401 || res.status === 403)
        setResult({ error: body?.error?.message ?? t('failed') });
      else setResult({ error: t('failed') });
    } catch {
      setResult({ error: t('network') });
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="lookup-client">{t('client')}</label>
          <input id="lookup-client" name="client" placeholder={t('placeholder')} required />
        </div>
        <div className="field">
          <label htmlFor="lookup-month">{tFeatures('month')}</label>
          <input
            id="lookup-month"
            name="month"
            defaultValue={defaultMonth}
            placeholder={tFeatures('monthPlaceholder')}
            inputMode="numeric"
            pattern="\d{4}-\d{2}"
            required
          />
        </div>
        <button className="btn" type="submit" disabled={pending}>
          {pending ? t('computing') : t('submit')}
        </button>
      </form>
      <div aria-live="polite" className="section">
        {result && 'error' in result ? <p className="status error">{result.error}</p> : null}
        {result && 'features' in result ? (
          <div className="table-wrap">
            <table className="table" data-testid="lookup-result">
              <caption className="sr-only">
                {t('caption', { client: result.client, month: formatMonth(result.month, locale) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{tFeatures('col.feature')}</th>
                  <th scope="col" className="num">
                    {tFeatures('col.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(result.features).map(([name, v]) => {
                  const def = byName.get(name);
                  return (
                    <tr key={name} data-feature={name}>
                      <th scope="row" className="plain">
                        <code title={def?.description}>{name}</code>
                      </th>
                      <td className="num">
                        {v === null || !Number.isFinite(v) ? (
                          <span className="muted">{t('missing')}</span>
                        ) : (
                          formatFeatureValue(v, def?.unit, locale)
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </>
  );
}

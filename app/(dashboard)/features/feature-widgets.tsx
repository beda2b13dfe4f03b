'use client';

import { useActionState, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Bar, BarChart, ResponsiveContainer, Tooltip } from 'recharts';
import { computeFeatures } from '@/lib/actions/compute-features';
import { initialFormState } from '@/lib/validations/users';

export function Histogram({ bins }: { bins: { from: number; to: number; count: number }[] }) {
  if (bins.length === 0) return null;
  const data = bins.map((b) => ({
    range: `${b.from.toPrecision(3)}–${b.to.toPrecision(3)}`,
    count: b.count,
  }));
  return (
    <div style={{ width: 140, height: 36 }} aria-hidden="true">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 0, right: 0, bottom: 0, left: 0 }}>
          <Tooltip cursor={false} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="count" fill="#0b6e4f" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function MonthPicker({ months, value, label }: { months: string[]; value: string; label: string }) {
  const router = useRouter();
  return (
    <div className="field">
      <label htmlFor="feature-month">{label}</label>
      <select
        id="feature-month"
        value={value}
        onChange={(e) => router.push(`/features?month=${e.target.value}`)}
      >
        {months.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Recomputes a month's features; without a month (nothing computed yet) it asks which month to compute. */
export function RecomputeForm({
  month,
  label,
  saving,
  monthLabel,
}: {
  month?: string;
  label: string;
  saving: string;
  monthLabel?: string;
}) {
  const [state, action, pending] = useActionState(computeFeatures, initialFormState);
  return (
    <form action={action} className="inline-form" style={{ alignItems: 'center' }}>
      {month ? (
        <input type="hidden" name="asOfMonth" value={month} />
      ) : (
        <div className="field">
          <label htmlFor="compute-month">{monthLabel}</label>
          <input
            id="compute-month"
            name="asOfMonth"
            placeholder="2026-10"
            pattern="\d{4}-\d{2}"
            required
            aria-invalid={state.fieldErrors?.asOfMonth ? true : undefined}
          />
        </div>
      )}
      <button className="btn secondary" type="submit" disabled={pending}>
        {pending ? saving : label}
      </button>
      <span className={`status ${state.ok ? 'ok' : 'error'}`} role="status" aria-live="polite">
        {state.message}
      </span>
    </form>
  );
}

type Result = { features: Record<string, number | null> } | { error: string };

export function RealtimeLookup({
  defaultMonth,
  labels,
  descriptions,
}: {
  defaultMonth: string;
  labels: { client: string; month: string; submit: string; notFound: string };
  descriptions: Record<string, string>;
}) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const id = String(f.get('client') ?? '').trim();
    const month = String(f.get('month') ?? '').trim();
    if (!id) return;
    setPending(true);
    try {
      const res = await fetch(
        `/api/v1/features/${encodeURIComponent(id)}?asOfMonth=${encodeURIComponent(month)}`,
      );
      const body = await res.json();
      setResult(
        res.ok ? body : { error: res.status === 404 ? labels.notFound : (body.error?.message ?? 'Error') },
      );
    } catch {
      setResult({ error: 'Network error' });
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="lookup-client">{labels.client}</label>
          <input id="lookup-client" name="client" placeholder="SIM-0000001" required />
        </div>
        <div className="field">
          <label htmlFor="lookup-month">{labels.month}</label>
          <input id="lookup-month" name="month" defaultValue={defaultMonth} pattern="\d{4}-\d{2}" required />
        </div>
        <button className="btn" type="submit" disabled={pending}>
          {labels.submit}
        </button>
      </form>
      <div aria-live="polite" style={{ marginTop: '1rem' }}>
        {result && 'error' in result ? <p className="status error">{result.error}</p> : null}
        {result && 'features' in result ? (
          <table className="table" data-testid="lookup-result">
            <tbody>
              {Object.entries(result.features).map(([k, v]) => (
                <tr key={k} title={descriptions[k]}>
                  <td>
                    <code>{k}</code>
                  </td>
                  <td>{v === null ? '— (ausente / missing)' : Number(v.toFixed(6))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </>
  );
}

'use client';
// The upload form of the Ingestão page: pick a kind and a file, send it with XMLHttpRequest (upload progress
// from the browser, processing progress from the server's NDJSON stream), then show the batch report.
// Messages: ingestion (and whatever IngestReportCard reads).

import { useRef, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import type { IngestionKindName } from '@/lib/ingest/store';
import { formatNumber, formatPercent } from '@/lib/format';
import { Field, FieldErrors } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { IngestReportCard, type UploadReport } from './report-card';
import styles from './ingestion.module.css';

export interface KindInfo {
  id: IngestionKindName;
  columns: { name: string; required: boolean }[];
}

interface Progress {
  bytes: number;
  received: number;
  stored: number;
  rejected: number;
}

type Phase = 'idle' | 'uploading' | 'processing' | 'done' | 'failed';

type Line =
  | ({ type: 'progress' } & Progress)
  | { type: 'report'; report: UploadReport; error?: { code: string; status: number; message: string } }
  | { type: 'error'; error: { code: string; status: number; message: string } };

function formatOf(file: File): 'csv' | 'ndjson' {
  return /\.(ndjson|jsonl)$/i.test(file.name) || /ndjson|jsonl/.test(file.type) ? 'ndjson' : 'csv';
}

export function UploadPanel({ kinds }: { kinds: KindInfo[] }) {
  const t = useTranslations('ingestion');
  const locale = useLocale();
  const n = (v: number) => formatNumber(v, locale);
  const router = useRouter();
  const [kind, setKind] = useState<IngestionKindName | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [uploadPct, setUploadPct] = useState(0);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<UploadReport | null>(null);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<{ kind?: string; file?: string }>({});
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const busy = phase === 'uploading' || phase === 'processing';
  const selected = kinds.find((k) => k.id === kind) ?? null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fieldErrors: typeof errors = {};
    if (!kind) fieldErrors.kind = t('kind.required');
    if (!file) fieldErrors.file = t('file.required');
    else if (file.size === 0) fieldErrors.file = t('file.empty');
    else if (kind === 'uci' && formatOf(file) !== 'csv') fieldErrors.file = t('file.uciCsv');
    setErrors(fieldErrors);
    if (!kind || !file || Object.keys(fieldErrors).length) return;
    start(kind, file);
  }

  function start(k: IngestionKindName, f: File) {
    const format = formatOf(f);
    const qs = new URLSearchParams({ format, fileName: f.name });
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    let seen = 0;
    let final: Extract<Line, { type: 'report' | 'error' }> | null = null;

    setPhase('uploading');
    setUploadPct(0);
    setProgress(null);
    setReport(null);
    setStatus({ ok: true, text: t('status.uploading', { name: f.name }) });

    const consume = (complete: boolean) => {
      if (xhr.status !== 200) return;
      const text = xhr.responseText;
      const end = complete ? text.length : text.lastIndexOf('\n') + 1;
      if (end <= seen) return;
      for (const raw of text.slice(seen, end).split('\n')) {
        if (!raw.trim()) continue;
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          continue;
        }
        if (line.type === 'progress') setProgress(line);
        else final = line;
      }
      seen = end;
    };

    xhr.open('POST', `/api/v1/ingest/${k}?${qs.toString()}`);
    xhr.setRequestHeader('Accept', 'application/x-ndjson');
    xhr.setRequestHeader('Content-Type', format === 'ndjson' ? 'application/x-ndjson' : 'text/csv');
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) setUploadPct(ev.loaded / ev.total);
    };
    xhr.upload.onload = () => {
      setUploadPct(1);
      setPhase((p) => (p === 'uploading' ? 'processing' : p));
      setStatus({ ok: true, text: t('status.processing', { name: f.name }) });
    };
    xhr.onprogress = () => consume(false);
    xhr.onerror = () => {
      setPhase('failed');
      setStatus({ ok: false, text: t('status.network') });
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = xhr.statusText;
        try {
          message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
        } catch {
          // not JSON: keep the status text
        }
        setPhase('failed');
        setStatus({ ok: false, text: t('status.http', { status: xhr.status, message }) });
        return;
      }
      consume(true);
      const done = final as Extract<Line, { type: 'report' | 'error' }> | null;
      if (!done || done.type === 'error') {
        setPhase('failed');
        setStatus({
          ok: false,
          text: t('status.http', { status: 500, message: done?.error.message ?? '—' }),
        });
        return;
      }
      setReport(done.report);
      const failed = done.report.status === 'FAILED';
      setPhase(failed ? 'failed' : 'done');
      setStatus(
        failed
          ? {
              ok: false,
              text: t('status.failed', { id: done.report.batchId, message: done.report.message }),
            }
          : {
              ok: true,
              text: t('status.done', {
                id: done.report.batchId,
                received: n(done.report.received),
                rejected: n(done.report.rejected),
              }),
            },
      );
      router.refresh();
    };
    xhr.send(f);
  }

  const processedPct = progress && file && file.size > 0 ? Math.min(1, progress.bytes / file.size) : 0;
  const pct = (v: number) => formatPercent(v, locale, 0);

  return (
    <>
      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title" className={styles.cardTitle}>
          {t('upload.title')}
        </h2>
        <form onSubmit={onSubmit} noValidate>
          <fieldset className={styles.kinds} aria-describedby={errors.kind ? 'ingest-kind-error' : undefined}>
            <legend className={styles.legend}>{t('kind.label')}</legend>
            {kinds.map((k) => (
              <label key={k.id} className={styles.kind} data-checked={kind === k.id || undefined}>
                <input
                  type="radio"
                  name="kind"
                  value={k.id}
                  checked={kind === k.id}
                  disabled={busy}
                  onChange={() => {
                    setKind(k.id);
                    setErrors((e) => ({ ...e, kind: undefined }));
                  }}
                />
                <span>
                  <strong>{t(`kind.${k.id}`)}</strong>
                  <small>{t(`kindDesc.${k.id}`)}</small>
                </span>
              </label>
            ))}
          </fieldset>
          <FieldErrors id="ingest-kind" errors={errors.kind ? [errors.kind] : undefined} />

          {selected ? (
            <div className={styles.columns} data-testid="expected-columns">
              <span className={styles.columnsTitle}>{t('columns.title')}:</span>
              {selected.columns.map((c) => (
                <code
                  key={c.name}
                  className={c.required ? styles.required : undefined}
                  title={c.required ? t('columns.required') : undefined}
                >
                  {c.name}
                  {c.required ? '*' : ''}
                </code>
              ))}
              <p className={styles.hint}>
                * {t('columns.required')}. {t('columns.hint')}
              </p>
            </div>
          ) : null}

          <Field
            className={styles.fileRow}
            id="ingest-file"
            name="file"
            type="file"
            accept=".csv,.ndjson,.jsonl,.txt,text/csv,application/x-ndjson"
            disabled={busy}
            label={t('file.label')}
            errors={errors.file ? [errors.file] : undefined}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setErrors((x) => ({ ...x, file: undefined }));
            }}
          />

          <button className="btn" type="submit" disabled={busy}>
            {busy ? t('submitting') : t('submit')}
          </button>

          {phase !== 'idle' ? (
            <div className={styles.progress} data-testid="upload-progress">
              <div className={styles.bar}>
                <span>{t('progress.upload')}</span>
                <progress max={1} value={uploadPct} aria-label={t('progress.upload')} />
                <span className={styles.pct}>{pct(uploadPct)}</span>
              </div>
              <div className={styles.bar}>
                <span>{t('progress.processing')}</span>
                <progress
                  max={1}
                  value={phase === 'done' || phase === 'failed' ? 1 : processedPct}
                  aria-label={t('progress.processing')}
                />
                <span className={styles.pct}>
                  {pct(phase === 'done' || phase === 'failed' ? 1 : processedPct)}
                </span>
              </div>
              {progress ? (
                <p className={styles.rows}>
                  {t('progress.rows', {
                    received: n(progress.received),
                    stored: n(progress.stored),
                    rejected: n(progress.rejected),
                  })}
                </p>
              ) : null}
            </div>
          ) : null}

          <FormStatus
            state={status ? { ok: status.ok, message: status.text } : null}
            testId="ingest-status"
          />
        </form>
      </section>
      {report ? <IngestReportCard report={report} locale={locale} /> : null}
    </>
  );
}

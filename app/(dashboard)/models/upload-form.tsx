'use client';
// Upload of a model file. It posts the raw file to /api/v1/models (not a server action: those cap the body at
// 1 MB, and real models are larger), shows the registry's refusal next to the file field, and opens the new
// version's card on success.
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';

export interface UploadLabels {
  title: string;
  file: string;
  name: string;
  nameHint: string;
  positional: string;
  submit: string;
  submitting: string;
  chooseFile: string;
  ok: string;
  failed: string;
}

type Refusal = { message: string; field: 'file' | 'name'; needsPositional: boolean };

export function UploadModelForm({ labels }: { labels: UploadLabels }) {
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; message: string }>({ ok: false, message: '' });
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [showPositional, setShowPositional] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = fileRef.current?.files?.[0];
    setRefusal(null);
    if (!file) {
      setRefusal({ message: labels.chooseFile, field: 'file', needsPositional: false });
      setStatus({ ok: false, message: labels.chooseFile });
      return;
    }
    const q = new URLSearchParams({ fileName: file.name });
    const name = String(form.get('name') ?? '').trim();
    if (name) q.set('name', name);
    if (form.get('positionalFeatures') === 'on') q.set('positionalFeatures', 'true');
    setPending(true);
    setStatus({ ok: false, message: labels.submitting });
    try {
      const res = await fetch(`/api/v1/models?${q}`, { method: 'POST', body: file });
      const body = (await res.json().catch(() => null)) as {
        id?: string;
        name?: string;
        version?: number;
        error?: { message: string; details?: unknown };
      } | null;
      if (res.status === 201 && body?.id) {
        setStatus({ ok: true, message: labels.ok.replace('{model}', `${body.name} v${body.version}`) });
        router.push(`/models/${body.id}`);
        router.refresh();
        return;
      }
      const message = body?.error?.message ?? labels.failed;
      const details = body?.error?.details;
      const nameError = Array.isArray(details) && details.some((d: { path?: string }) => d.path === 'name');
      const reason = (details as { reason?: string } | undefined)?.reason;
      if (reason === 'feature-names-unknown') setShowPositional(true);
      setRefusal({
        message: nameError ? (details as { message: string }[])[0]!.message : message,
        field: nameError ? 'name' : 'file',
        needsPositional: reason === 'feature-names-unknown',
      });
      setStatus({ ok: false, message });
    } catch {
      setStatus({ ok: false, message: labels.failed });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="upload-model-form">
      <div className="field">
        <label htmlFor="model-file">{labels.file}</label>
        <input
          ref={fileRef}
          id="model-file"
          name="file"
          type="file"
          accept=".onnx,.txt,.model"
          aria-invalid={refusal?.field === 'file' ? true : undefined}
          aria-describedby="model-file-error"
        />
        {refusal?.field === 'file' ? (
          <span className="field-error" id="model-file-error" data-testid="model-file-error">
            {refusal.message}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="model-name">{labels.name}</label>
        <input
          id="model-name"
          name="name"
          placeholder="proativa-lgbm"
          maxLength={80}
          aria-invalid={refusal?.field === 'name' ? true : undefined}
          aria-describedby="model-name-hint model-name-error"
        />
        <small id="model-name-hint" style={{ color: 'var(--muted)' }}>
          {labels.nameHint}
        </small>
        {refusal?.field === 'name' ? (
          <span className="field-error" id="model-name-error">
            {refusal.message}
          </span>
        ) : null}
      </div>
      {showPositional ? (
        <div className="field" style={{ flexDirection: 'row', gap: '0.5rem', alignItems: 'center' }}>
          <input id="model-positional" name="positionalFeatures" type="checkbox" />
          <label htmlFor="model-positional" style={{ fontWeight: 400 }}>
            {labels.positional}
          </label>
        </div>
      ) : null}
      <button className="btn" type="submit" disabled={pending}>
        {pending ? labels.submitting : labels.submit}
      </button>
      <p className={`status ${status.ok ? 'ok' : 'error'}`} aria-live="polite" role="status">
        {pending ? '' : status.message}
      </p>
    </form>
  );
}

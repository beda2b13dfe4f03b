'use client';
// Upload of a model file. It posts the raw file to /api/v1/models (not a server action: those cap the body at
// 1 MB, and real models are larger), shows the registry's refusal next to the file or name field, and opens
// the new version's card on success. Messages: models (models.upload.*).
import { useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { DEFAULT_MODEL_NAME } from '@/lib/validations/models';
import { Field } from '@/components/ui/field';
import { FormStatus, type StatusLike } from '@/components/ui/form-status';

type Refusal = { message: string; field: 'file' | 'name' };

interface ApiAnswer {
  id?: string;
  name?: string;
  version?: number;
  error?: { message: string; details?: unknown };
}

export function UploadModelForm() {
  const t = useTranslations('models');
  const router = useRouter();
  const fileRef = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<StatusLike | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [showPositional, setShowPositional] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = fileRef.current?.files?.[0];
    setRefusal(null);
    if (!file) {
      setRefusal({ message: t('upload.chooseFile'), field: 'file' });
      setStatus({ ok: false, message: t('upload.chooseFile') });
      return;
    }
    const q = new URLSearchParams({ fileName: file.name });
    const name = String(form.get('name') ?? '').trim();
    if (name) q.set('name', name);
    if (form.get('positionalFeatures') === 'on') q.set('positionalFeatures', 'true');
    setPending(true);
    try {
      const res = await fetch(`/api/v1/models?${q}`, { method: 'POST', body: file });
      const body = (await res.json().catch(() => null)) as ApiAnswer | null;
      if (res.status === 201 && body?.id) {
        setStatus({ ok: true, message: t('upload.ok', { model: `${body.name} v${body.version}` }) });
        router.push(`/models/${body.id}`);
        router.refresh();
        return;
      }
      // The API answers already translated (the request carries the locale cookie).
      const message = body?.error?.message ?? t('upload.failed');
      const details = body?.error?.details;
      const nameIssue = Array.isArray(details)
        ? (details as { path?: string; message?: string }[]).find((d) => d.path === 'name')
        : undefined;
      const reason = (details as { reason?: string } | undefined)?.reason;
      if (reason === 'feature-names-unknown') setShowPositional(true);
      setRefusal(
        nameIssue?.message ? { message: nameIssue.message, field: 'name' } : { message, field: 'file' },
      );
      setStatus({ ok: false, message });
    } catch {
      setStatus({ ok: false, message: t('upload.failed') });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="upload-model-form">
      <Field
        ref={fileRef}
        id="model-file"
        name="file"
        type="file"
        accept=".onnx,.txt,.model"
        label={t('upload.file')}
        errors={refusal?.field === 'file' ? [refusal.message] : undefined}
      />
      <Field
        id="model-name"
        name="name"
        placeholder={DEFAULT_MODEL_NAME}
        maxLength={80}
        label={t('upload.name')}
        hint={t('upload.nameHint')}
        errors={refusal?.field === 'name' ? [refusal.message] : undefined}
      />
      {showPositional ? (
        <Field
          id="model-positional"
          name="positionalFeatures"
          type="checkbox"
          label={t('upload.positional')}
        />
      ) : null}
      <button className="btn" type="submit" disabled={pending}>
        {pending ? t('upload.submitting') : t('upload.submit')}
      </button>
      <FormStatus state={pending ? { ok: true, message: t('upload.submitting') } : status} />
    </form>
  );
}

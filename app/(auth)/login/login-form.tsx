'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { Locale } from '@/lib/i18n/messages';

interface Labels {
  email: string;
  password: string;
  submit: string;
  submitting: string;
  INVALID: string;
  DISABLED: string;
  generic: string;
  required: string;
}

/**
 * The sign-in error next-auth reports (the code lib/auth/options.ts threw). INVALID also stands for a
 * throttled attempt: telling "locked" apart would reveal which e-mails exist and who is being guessed at.
 */
export function messageFor(error: string, labels: Labels): string {
  if (error === 'INVALID' || error === 'CredentialsSignin') return labels.INVALID;
  if (error === 'DISABLED') return labels.DISABLED;
  return labels.generic;
}

export function LoginForm({ labels }: { labels: Labels; locale: Locale }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) {
      setError(labels.required);
      return;
    }
    setPending(true);
    setError('');
    try {
      const res = await signIn('credentials', { email, password, redirect: false });
      if (!res || res.error) {
        setError(messageFor(res?.error ?? 'generic', labels));
        return;
      }
      router.replace('/');
      router.refresh();
    } catch {
      setError(labels.generic);
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby="login-status">
      <div className="field">
        <label htmlFor="email">{labels.email}</label>
        <input id="email" name="email" type="email" autoComplete="username" required aria-invalid={!!error} />
      </div>
      <div className="field">
        <label htmlFor="password">{labels.password}</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={!!error}
        />
      </div>
      <p id="login-status" className="status error" role="alert" aria-live="polite">
        {error}
      </p>
      <button
        className="btn"
        type="submit"
        disabled={pending}
        style={{ width: '100%', justifyContent: 'center' }}
      >
        {pending ? labels.submitting : labels.submit}
      </button>
    </form>
  );
}

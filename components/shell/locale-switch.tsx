'use client';
// The interface language: saved by a server action (cookie and user), then the page re-renders server-side.
// Language names are written in their own language, as language pickers do.
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { setLocale } from '@/lib/actions/set-locale';
import { isLocale } from '@/lib/i18n/locales';

export function LocaleSwitch() {
  const t = useTranslations('shell.language');
  const locale = useLocale();
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState('');
  return (
    <div className="locale-switch">
      <label htmlFor="locale-switch">{t('label')}</label>
      <select
        id="locale-switch"
        value={locale}
        disabled={pending}
        aria-describedby="locale-switch-status"
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          start(async () => {
            const res = await setLocale(null, { locale: next });
            if (!res.ok) {
              setError(res.message);
              return;
            }
            setError('');
            router.refresh();
          });
        }}
      >
        <option value="pt-BR" lang="pt-BR">
          {t('ptBR')}
        </option>
        <option value="en" lang="en">
          {t('en')}
        </option>
      </select>
      <span id="locale-switch-status" className="status" role="status" aria-live="polite">
        {pending ? t('changing') : error}
      </span>
    </div>
  );
}

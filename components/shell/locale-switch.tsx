'use client';

import { useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { setLocale } from '@/lib/actions/set-locale';
import type { Locale } from '@/lib/i18n/messages';

export function LocaleSwitch({ locale, label }: { locale: Locale; label: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <label style={{ display: 'flex', gap: '0.4rem', alignItems: 'center' }}>
      {label}
      <select
        aria-label={label}
        value={locale}
        disabled={pending}
        onChange={(e) =>
          start(async () => {
            await setLocale(e.target.value);
            router.refresh();
          })
        }
      >
        <option value="pt-BR">Português (BR)</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

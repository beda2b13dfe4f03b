'use client';
// Ends the session and returns to the sign-in page.
import { useState } from 'react';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';

export function SignOutButton() {
  const t = useTranslations();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="btn secondary small sidebar-btn"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: '/login' });
      }}
    >
      {pending ? t('shell.signingOut') : t('nav.signOut')}
    </button>
  );
}

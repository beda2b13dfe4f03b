'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      className="btn secondary small"
      style={{ color: '#fff', borderColor: '#a7c4b9' }}
      onClick={() => signOut({ callbackUrl: '/login' })}
    >
      {label}
    </button>
  );
}

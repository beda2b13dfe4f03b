// A page outside the dashboard shell (sign-in, 404, 403): one centred, branded card on the brand background.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { BrandMark } from '@/components/shell/brand-mark';

export function StandalonePage({
  children,
  testId,
  labelledBy,
}: {
  children: ReactNode;
  testId?: string;
  /** id of the card's heading, so the card is announced by its title. */
  labelledBy?: string;
}) {
  const t = useTranslations('app');
  return (
    <main className="standalone">
      <section className="card standalone-card" data-testid={testId} aria-labelledby={labelledBy}>
        <p className="standalone-brand">
          <BrandMark />
          <span>
            {t('name')}
            <small>{t('tagline')}</small>
          </span>
        </p>
        {children}
      </section>
    </main>
  );
}

// Pontuação: batch scoring runs. Data scientists and admins start a run for an as-of month (with the champion
// and the active policy); everyone allowed sees the selected run (?run=<id>, default the newest) live while it
// runs and its summary once finished, and the runs table. The start form and the runs stream in behind their
// own skeletons; an unknown or malformed ?run= shows the newest run with a notice, never an error page.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { roleCan } from '@/lib/auth/roles';
import { getRun, listRuns, scoringSetup, type RunView, type ScoringSetup } from '@/lib/data/scoring';
import { ClientIntl } from '@/components/i18n/client-intl';
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { pickRun } from './figures';
import { RunDetail } from './run-detail';
import { RunsTable } from './runs-table';
import { RunDetailSkeleton, StartFormSkeleton } from './skeletons';
import { StartRunForm } from './start-form';
import styles from './scoring.module.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('scoring');
  return { title: t('title') };
}

type Search = Promise<Record<string, string | string[] | undefined>>;

/** How many runs the table lists; an older run is still reachable by its ?run= link. */
const RUNS_SHOWN = 50;

export default async function ScoringPage({ searchParams }: { searchParams: Search }) {
  const me = await requirePage('scoring:view');
  const canRun = roleCan(me.role, 'scoring:run');
  const [t, sp] = await Promise.all([getTranslations('scoring'), searchParams]);
  // Started now, awaited inside its Suspense boundary: the form's reads and the runs' run at once.
  const setup = canRun ? scoringSetup() : null;
  setup?.catch(() => undefined);
  const asked = sp.run;
  return (
    <ClientIntl namespaces={['scoring', 'decisions']}>
      <h1>{t('title')}</h1>
      <p className="muted subtitle">{t('subtitle')}</p>
      {setup ? (
        <Suspense fallback={<StartFormSkeleton />}>
          <StartSection setup={setup} />
        </Suspense>
      ) : null}
      <Suspense
        key={Array.isArray(asked) ? asked[0] : asked}
        fallback={
          <>
            <RunDetailSkeleton />
            <TableSkeleton rows={5} cols={8} className="card section" />
          </>
        }
      >
        <RunsSection asked={asked} canRun={canRun} />
      </Suspense>
    </ClientIntl>
  );
}

async function StartSection({ setup }: { setup: Promise<ScoringSetup> }) {
  const [s, t] = await Promise.all([setup, getTranslations('scoring')]);
  return (
    <section className="card section" aria-labelledby="start-title">
      <h2 className="card-title" id="start-title">
        {t('start.title')}
      </h2>
      <StartRunForm months={s.months} champion={s.champion?.label ?? null} policyVersion={s.policyVersion} />
    </section>
  );
}

async function RunsSection({ asked, canRun }: { asked: string | string[] | undefined; canRun: boolean }) {
  const [runs, t] = await Promise.all([
    listRuns({ kind: 'BATCH', limit: RUNS_SHOWN }),
    getTranslations('scoring'),
  ]);
  const older = new Map<string, RunView>();
  const picked = await pickRun(asked, runs[0]?.id ?? null, async (id) => {
    if (runs.some((r) => r.id === id)) return true;
    // Older than the table's page, or not a batch run (real-time runs are not shown here).
    const r = await getRun(id);
    if (r?.kind === 'BATCH') older.set(id, r);
    return older.has(id);
  });
  const selected =
    runs.find((r) => r.id === picked.id) ?? (picked.id ? older.get(picked.id) : undefined) ?? null;
  return (
    <>
      {picked.notice ? (
        <p className={styles.notice} role="status" data-testid="run-notice">
          {t(`notice.${picked.notice}`)}
        </p>
      ) : null}
      {selected ? <RunDetail key={selected.id} initial={selected} canRun={canRun} /> : null}
      <RunsTable runs={runs} selectedId={selected?.id ?? null} canRun={canRun} />
    </>
  );
}

// The providers' props types require `children`, so these .ts tests pass it as a prop to createElement.
/* eslint-disable react/no-children-prop */
// What the selected run's widget shows in each state, rendered to HTML with the real pt-BR catalogue: live
// progress with rate and time left (and cancel only for those allowed), the summary with three bands beside
// the previous run, the "nothing new" message of a re-run, and failed or cancelled runs in words.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { NextIntlClientProvider } from 'next-intl';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { catalog } from '@/lib/i18n/catalog';
import type { RunView } from '@/lib/data/scoring';

vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));
vi.mock('@/lib/actions/cancel-scoring-run', () => ({ cancelScoringRun: vi.fn() }));

const { RunDetail } = await import('./run-detail');

const base: RunView = {
  id: '0b6e4f00-0000-4000-8000-000000000001',
  kind: 'BATCH',
  status: 'RUNNING',
  asOfMonth: '2026-06',
  day: null,
  modelVersionId: '0b6e4f00-0000-4000-8000-0000000000aa',
  modelVersion: 'proativa-lgbm v1',
  policyVersion: 1,
  featureSetVersion: 'fs-v1',
  clientsTotal: 20000,
  clientsDone: 5000,
  chunksTotal: 2,
  chunksDone: 1,
  decisions: 5000,
  unchanged: 0,
  holdout: 250,
  alertsOpened: 400,
  alertsRefreshed: 0,
  offersQueued: 1200,
  featuresComputed: 0,
  origin: 'app',
  createdBy: 'Lia Cientista',
  createdAt: '2026-07-02T09:00:00.000Z',
  startedAt: '2026-07-02T09:00:01.000Z',
  finishedAt: null,
  message: null,
  rate: 2500.4,
  secondsLeft: 6,
  summary: null,
};

const finished: RunView = {
  ...base,
  status: 'SUCCEEDED',
  clientsDone: 20000,
  chunksDone: 2,
  decisions: 20000,
  holdout: 1000,
  finishedAt: '2026-07-02T09:00:09.000Z',
  rate: 2500,
  secondsLeft: null,
  summary: {
    clients: 20000,
    counts: { LOW: 14000, MODERATE: 4000, CRITICAL: 2000 },
    holdoutByBand: { LOW: 700, MODERATE: 200, CRITICAL: 100 },
    actions: { NONE: 15000, DIGITAL_OFFER: 3200, MANAGER_CALL: 1800 },
    channels: { NONE: 15000, APP: 2000, WHATSAPP: 1200, PHONE: 1800 },
    histogram: Array.from({ length: 20 }, (_, k) => (k < 10 ? 1800 : 200)),
    meanScore: 0.183,
    previous: {
      runId: '0b6e4f00-0000-4000-8000-000000000000',
      asOfMonth: '2026-05',
      clients: 19000,
      counts: { LOW: 13680, MODERATE: 3610, CRITICAL: 1710 },
      meanScore: 0.171,
    },
  },
};

function render(run: RunView, canRun = true): string {
  const messages = catalog['pt-BR'];
  const html = renderToString(
    createElement(QueryClientProvider, {
      client: new QueryClient(),
      children: createElement(NextIntlClientProvider, {
        locale: 'pt-BR',
        messages: { scoring: messages.scoring, decisions: messages.decisions, common: messages.common },
        timeZone: 'America/Sao_Paulo',
        children: createElement(RunDetail, { initial: run, canRun }),
      }),
    }),
  );
  // Text as a person reads it: tags dropped, entities decoded, spaces collapsed.
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

describe('the selected run', () => {
  it('while running, shows progress, rate and time left, and a cancel button for those allowed', () => {
    const text = render(base);
    expect(text).toContain('Execução de 06/2026');
    expect(text).toContain('Em execução');
    expect(text).toContain('25%');
    expect(text).toContain('5.000 de 20.000 clientes');
    expect(text).toContain('2.500 clientes/s');
    expect(text).toContain('faltam cerca de 6 s');
    expect(text).toContain('Iniciada por Lia Cientista em 02/07/2026, 06:00');
    expect(text).toContain('Cancelar execução');
    expect(render(base, false)).not.toContain('Cancelar execução');
  });

  it('names the system path for a run no person started', () => {
    expect(render({ ...base, createdBy: null, origin: 'schedule' })).toContain(
      'Iniciada por Sistema (agendamento mensal)',
    );
  });

  it('once finished, shows the full bar and the summary with three bands beside the previous run', () => {
    const text = render(finished);
    expect(text).toContain('Concluída');
    expect(text).toContain('100%');
    expect(text).toContain('duração: 8 s');
    expect(text).not.toContain('Cancelar execução');
    // Bands riskiest first: clients, share, control group, then May's figures and the change.
    expect(text).toMatch(/Crítico 2\.000 10,0% 100 1\.710 9,0% \+290 \+1,0 p\.p\./);
    expect(text).toMatch(/Moderado 4\.000 20,0% 200 3\.610 19,0% \+390 \+1,0 p\.p\./);
    expect(text).toMatch(/Baixo 14\.000 70,0% 700 13\.680 72,0% \+320 −2,0 p\.p\./);
    expect(text).toContain('Clientes em 05/2026');
    expect(text).toContain('Grupo de controle 1.000 (5,0%)');
    expect(text).toContain('Score médio 18,3% 05/2026: 17,1%');
    expect(text).toContain('Ligação do gerente 1.800 9,0%');
    expect(text).toContain('WhatsApp 1.200 6,0%');
    // The histogram's numbers, for screen readers.
    expect(text).toContain('de 0% a 5% 1.800');
    expect(text).toContain('de 95% a 100% 200');
  });

  it('says so when a re-run found nothing new', () => {
    const text = render({ ...finished, decisions: 0, unchanged: 19870, holdout: 0, summary: null });
    expect(text).toContain('Nenhuma decisão nova: 19.870 clientes sem mudança desde a execução anterior');
    expect(text).not.toContain('Clientes por faixa');
  });

  it('says there is nothing to compare on a first run', () => {
    const text = render({ ...finished, summary: { ...finished.summary!, previous: null } });
    expect(text).toContain('Primeira execução em lote');
    expect(text).not.toContain('Variação');
  });

  it('puts a failed or cancelled run in words', () => {
    const failed = render({
      ...base,
      status: 'FAILED',
      finishedAt: base.startedAt,
      message: 'chunk 1: boom',
    });
    expect(failed).toContain('A execução falhou.');
    expect(failed).toContain('Detalhe técnico: chunk 1: boom');
    const cancelled = render({ ...base, status: 'CANCELLED', finishedAt: '2026-07-02T09:00:04.000Z' });
    expect(cancelled).toContain(
      'Execução cancelada em 02/07/2026, 06:00: 5.000 de 20.000 clientes processados',
    );
  });
});

// Schemas of the alert queue and portfolios: shared by the server actions, the route handlers and the pages.
import { z } from 'zod';
import { ALERT_STATUSES } from '@/lib/alerts/status-flow';
import { SLA_STATES } from '@/lib/alerts/sla';
import { MAX_PAGE_SIZE } from '@/lib/alerts/constants';
import { pageQuery, text, uuid } from '@/lib/validations/common';

export const alertStatus = z.enum(ALERT_STATUSES);
export const contactVia = z.enum(['PHONE', 'EMAIL', 'IN_PERSON']);

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/**
 * A next-contact date: an ISO instant with offset ("2026-12-03T13:00:00Z"), or a form's datetime-local value
 * without one ("2026-12-03T10:00"), read as São Paulo time (UTC-03:00, no DST since 2019).
 */
export const nextContactAt = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/, 'invalidDate')
    .transform((s) => new Date(/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}-03:00`))
    .refine((d) => !Number.isNaN(d.getTime()), 'invalidDate')
    .optional(),
);

const note = z.preprocess(emptyToUndefined, text(2000).optional());

/** The API body of POST /api/v1/alerts/{id}/transition. */
export const transitionBody = z.object({
  to: alertStatus,
  note,
  nextContactAt,
  via: z.preprocess(emptyToUndefined, contactVia.optional()),
});

export const claimAlertInput = z.object({ id: uuid });
export const transitionAlertInput = transitionBody.extend({ id: uuid });
export const releaseAlertInput = z.object({ id: uuid, note });
export const assignAlertInput = z.object({ id: uuid, assigneeId: uuid, note });

const csvStatuses = z
  .string()
  .trim()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(alertStatus).max(ALERT_STATUSES.length));

/** GET /api/v1/alerts and the queue page's search params. */
export const alertQueueQuery = z.object({
  status: z.preprocess(emptyToUndefined, csvStatuses.optional()),
  scope: z.preprocess(emptyToUndefined, z.enum(['all', 'mine', 'pool']).optional()),
  assignee: z.preprocess(emptyToUndefined, z.union([z.enum(['me', 'none']), uuid]).optional()),
  segment: z.preprocess(emptyToUndefined, text(40).optional()),
  region: z.preprocess(emptyToUndefined, text(40).optional()),
  sla: z.preprocess(emptyToUndefined, z.enum(SLA_STATES).optional()),
  q: z.preprocess(emptyToUndefined, text(100).optional()),
  page: z.preprocess(emptyToUndefined, pageQuery.optional()),
  pageSize: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{1,3}$/, 'invalidPage')
      .transform(Number)
      .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
      .optional(),
  ),
});
export type AlertQueueQuery = z.output<typeof alertQueueQuery>;

// Portfolios (admin).
const portfolioName = z.string().trim().min(1, 'required').pipe(text(80));
const managerId = z.preprocess(emptyToUndefined, uuid.optional());
export const createPortfolioInput = z.object({ name: portfolioName, managerId });
export const updatePortfolioInput = z.object({ id: uuid, name: portfolioName, managerId });
const ruleValue = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().pipe(text(40)).optional(),
);
export const addPortfolioRuleInput = z
  .object({
    portfolioId: uuid,
    region: ruleValue,
    segment: ruleValue,
    priority: z.coerce.number().int().min(0).max(10_000).default(100),
  })
  .refine((r) => r.region !== undefined || r.segment !== undefined, {
    message: 'required',
    path: ['region'],
  });
export const deletePortfolioRuleInput = z.object({ id: z.string().regex(/^\d{1,18}$/, 'invalidId') });
export const applyPortfolioRulesInput = z.object({});
/** portfolioId: a portfolio's id, 'pool' (pinned to the shared pool) or 'rules' (unpinned, back to the rules). */
export const pinClientInput = z.object({
  externalId: z.string().trim().min(1, 'required').pipe(text(64)),
  portfolioId: z.union([uuid, z.enum(['pool', 'rules'])]),
});

// The registry's refusals: AppErrors (a key under errors.model.* with parameters, translated at the edge) that
// also keep the short reason code API clients already read in error.details.reason.
import { AppError, type ErrorParams, type ErrorStatus } from '@/lib/errors';

export type RegistryErrorCode =
  | 'unknown-format'
  | 'invalid-model'
  | 'unsupported-model'
  | 'parity-failed'
  | 'feature-mismatch'
  | 'feature-names-unknown'
  | 'duplicate'
  | 'not-found'
  | 'invalid-state'
  | 'nothing-to-rollback';

/** HTTP status each refusal maps to in /api/v1 (invalid file 400, refused model 422, state conflicts 409). */
export const REGISTRY_ERROR_STATUS: Record<RegistryErrorCode, 400 | 404 | 409 | 422> = {
  'unknown-format': 400,
  'invalid-model': 400,
  'unsupported-model': 422,
  'parity-failed': 422,
  'feature-mismatch': 422,
  'feature-names-unknown': 422,
  duplicate: 409,
  'not-found': 404,
  'invalid-state': 409,
  'nothing-to-rollback': 409,
};

export class RegistryError extends AppError {
  override name = 'RegistryError';
  constructor(
    /** The short, stable reason ('duplicate', 'not-found'...): what scripts and API clients branch on. */
    readonly reason: RegistryErrorCode,
    /** Message key under errors.*, e.g. 'model.duplicate'. */
    key: `model.${string}`,
    params: ErrorParams = {},
    /** Structured facts for API clients (lists of features, the existing version's id). */
    readonly details?: Record<string, unknown>,
  ) {
    super(key, params, REGISTRY_ERROR_STATUS[reason] satisfies ErrorStatus);
  }
}

export const modelLabel = (m: { name: string; version: number }) => `${m.name} v${m.version}`;

export const notFound = (id: string) => new RegistryError('not-found', 'model.notFound', { id });

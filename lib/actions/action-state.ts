// What every server action answers (for useActionState and direct calls). Kept apart from action.ts, which is
// server-only, so client components can import the initial state as a value.
export interface ActionState<D = unknown> {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** What the work returned for the client (a new id, a one-time secret...). */
  data?: D;
  /** 400 invalid, 401/403 refused, 404/409 domain refusals, 500 unexpected: tells a refusal from a failure. */
  status?: number;
}

export const initialActionState: ActionState<never> = { ok: false, message: '' };

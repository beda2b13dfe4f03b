// Queue paging limits, shared by the validation schemas (client-safe) and the queue's SQL.
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

// The status flow: the allowed steps, terminal CLOSED, and who may move an alert.
import { describe, expect, it } from 'vitest';
import { ALERT_STATUSES, allowedTransitions, canTransition, NEXT } from '@/lib/alerts/status-flow';

describe('status flow', () => {
  it('follows NEW -> CLAIMED -> CONTACTED -> outcome -> CLOSED', () => {
    expect(canTransition('NEW', 'CLAIMED')).toBe(true);
    expect(canTransition('CLAIMED', 'CONTACTED')).toBe(true);
    expect(canTransition('CONTACTED', 'OFFER_ACCEPTED')).toBe(true);
    expect(canTransition('CONTACTED', 'OFFER_DECLINED')).toBe(true);
    expect(canTransition('CONTACTED', 'UNREACHABLE')).toBe(true);
    expect(canTransition('OFFER_ACCEPTED', 'CLOSED')).toBe(true);
    expect(canTransition('OFFER_DECLINED', 'CLOSED')).toBe(true);
    expect(canTransition('UNREACHABLE', 'CLOSED')).toBe(true);
  });

  it('allows release and a retry after unreachable, nothing after CLOSED, no skipping', () => {
    expect(canTransition('CLAIMED', 'NEW')).toBe(true);
    expect(canTransition('UNREACHABLE', 'CONTACTED')).toBe(true);
    for (const s of ALERT_STATUSES) expect(canTransition('CLOSED', s)).toBe(false);
    expect(canTransition('NEW', 'CONTACTED')).toBe(false);
    expect(canTransition('CLAIMED', 'OFFER_ACCEPTED')).toBe(false);
    expect(canTransition('OFFER_ACCEPTED', 'OFFER_DECLINED')).toBe(false);
    expect(canTransition('CONTACTED', 'NEW')).toBe(false);
    // Every status is reachable from NEW.
    const seen = new Set(['NEW']);
    const stack = ['NEW'] as (keyof typeof NEXT)[];
    while (stack.length) {
      for (const n of NEXT[stack.pop()!]) {
        if (!seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    expect(seen.size).toBe(ALERT_STATUSES.length);
  });

  it('lets only the assignee or an admin move a claimed alert; anyone may claim a NEW one', () => {
    const claimed = { status: 'CLAIMED' as const, assigneeId: 'u1' };
    expect(allowedTransitions(claimed, { userId: 'u1', role: 'MANAGER' })).toEqual([
      'CONTACTED',
      'UNREACHABLE',
      'NEW',
    ]);
    expect(allowedTransitions(claimed, { userId: 'u2', role: 'MANAGER' })).toEqual([]);
    expect(allowedTransitions(claimed, { userId: 'a', role: 'ADMIN' })).toEqual([
      'CONTACTED',
      'UNREACHABLE',
      'NEW',
    ]);
    expect(
      allowedTransitions({ status: 'NEW', assigneeId: null }, { userId: 'u2', role: 'MANAGER' }),
    ).toEqual(['CLAIMED']);
  });
});

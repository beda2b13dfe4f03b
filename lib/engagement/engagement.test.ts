import { describe, expect, it } from 'vitest';
import { advanceStatus, capBlocks, inQuietHours, isOptOut, nextQuietEnd, saoPauloHour } from './rules';
import { checkTemplate, renderTemplate } from './templates';
import { assignVariant } from './assignment';
import { newcombeDifference, wilson } from './stats';
import { signBody, verifySignature } from './signature';

describe('quiet hours (America/Sao_Paulo, UTC-3, no DST)', () => {
  it('uses a fixed -03:00 offset in both January and July', () => {
    expect(saoPauloHour(new Date('2026-01-15T12:00:00Z'))).toBe(9);
    expect(saoPauloHour(new Date('2026-07-15T12:00:00Z'))).toBe(9);
  });
  it('is quiet from 21:00 to 08:00 local', () => {
    expect(inQuietHours(new Date('2026-12-01T23:59:00Z'))).toBe(false); // 20:59
    expect(inQuietHours(new Date('2026-12-02T00:00:00Z'))).toBe(true); // 21:00
    expect(inQuietHours(new Date('2026-12-02T10:59:00Z'))).toBe(true); // 07:59
    expect(inQuietHours(new Date('2026-12-02T11:00:00Z'))).toBe(false); // 08:00
  });
  it('defers to the next 08:00 local', () => {
    // 22:30 local on Dec 1 -> 08:00 local Dec 2 = 11:00Z
    expect(nextQuietEnd(new Date('2026-12-02T01:30:00Z')).toISOString()).toBe('2026-12-02T11:00:00.000Z');
    // 03:00 local Dec 2 -> same day 08:00
    expect(nextQuietEnd(new Date('2026-12-02T06:00:00Z')).toISOString()).toBe('2026-12-02T11:00:00.000Z');
    // month/year boundary: 23:00 local Dec 31
    expect(nextQuietEnd(new Date('2027-01-01T02:00:00Z')).toISOString()).toBe('2027-01-01T11:00:00.000Z');
  });
});

describe('frequency cap', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  it('blocks within 30 days and allows after', () => {
    expect(capBlocks(null, now)).toBe(false);
    expect(capBlocks(new Date('2026-11-02T12:00:01Z'), now)).toBe(true);
    expect(capBlocks(new Date('2026-11-01T12:00:00Z'), now)).toBe(false);
  });
});

describe('opt-out words', () => {
  it('matches case- and accent-insensitively, ignoring punctuation', () => {
    for (const t of ['SAIR', 'sair', ' Sair! ', 'párar', 'Stop.', 'cancelar', 'CANCELÁR'])
      expect(isOptOut(t)).toBe(true);
  });
  it('does not match other text', () => {
    for (const t of ['quero sair da dívida', 'ok', '', 'stopp', 'não parar']) expect(isOptOut(t)).toBe(false);
  });
});

describe('status never moves backwards', () => {
  it('keeps READ on a late DELIVERED and ignores failures after delivery', () => {
    expect(advanceStatus('READ', 'DELIVERED')).toBe('READ');
    expect(advanceStatus('SENT', 'READ')).toBe('READ');
    expect(advanceStatus('SENT', 'FAILED')).toBe('FAILED');
    expect(advanceStatus('DELIVERED', 'FAILED')).toBe('DELIVERED');
    expect(advanceStatus('READ', 'OPTED_OUT')).toBe('OPTED_OUT');
    expect(advanceStatus('OPTED_OUT', 'READ')).toBe('OPTED_OUT');
  });
});

describe('templates', () => {
  it('rejects unknown fields and unbalanced braces', () => {
    expect(checkTemplate('Olá {primeiroNome}, {valor}')).toEqual([]);
    expect(checkTemplate('Olá {cpf}')).toEqual([{ kind: 'unknownField', field: 'cpf' }]);
    expect(checkTemplate('Olá {primeiroNome')).toEqual([{ kind: 'unbalanced' }]);
    expect(checkTemplate('  ')).toEqual([{ kind: 'empty' }]);
  });
  it('renders values literally, never as templates', () => {
    expect(
      renderTemplate('Olá {primeiroNome}: {valor}', { primeiroNome: '{valor}', valor: 'R$ 10,00' }),
    ).toBe('Olá {valor}: R$ 10,00');
    expect(() => renderTemplate('{x}', {})).toThrow();
  });
});

describe('deterministic assignment', () => {
  const variants = [
    { key: 'A', weight: 1 },
    { key: 'B', weight: 3 },
  ];
  it('is stable per client and salt', () => {
    expect(assignVariant('C-1', 's1', variants).key).toBe(assignVariant('C-1', 's1', variants).key);
  });
  it('splits close to the weights', () => {
    let b = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if (assignVariant(`C-${i}`, 'salt', variants).key === 'B') b++;
    expect(b / n).toBeGreaterThan(0.72);
    expect(b / n).toBeLessThan(0.78);
  });
});

describe('interval math (Newcombe 1998 worked examples)', () => {
  it('Wilson 81/263 = 0.2553..0.3662', () => {
    const w = wilson(81, 263)!;
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
  });
  it('Wilson 0/10 upper is 0.2775', () => {
    expect(wilson(0, 10)!.high).toBeCloseTo(0.2775, 4);
  });
  it('Newcombe hybrid 56/70 - 48/80 = 0.0524..0.3339', () => {
    const d = newcombeDifference(56, 70, 48, 80)!;
    expect(d.estimate).toBeCloseTo(0.2, 6);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
});

describe('webhook signature', () => {
  it('accepts the right HMAC and rejects bad or missing ones', () => {
    const body = '{"entry":[]}';
    const sig = signBody(body, 'secret');
    expect(verifySignature(body, sig, 'secret')).toBe(true);
    expect(verifySignature(body + ' ', sig, 'secret')).toBe(false);
    expect(verifySignature(body, sig, 'other')).toBe(false);
    expect(verifySignature(body, null, 'secret')).toBe(false);
    expect(verifySignature(body, 'sha256=zz', 'secret')).toBe(false);
  });
});

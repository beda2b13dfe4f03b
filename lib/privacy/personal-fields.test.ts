import { describe, expect, it } from 'vitest';
import { erasureDay, personalDataIn } from '@/lib/privacy/personal-fields';

const client = { name: 'João da Silva', email: 'joao.silva@example.com.br', phone: '+55 (11) 98765-4321' };

describe('the reason of an erasure', () => {
  it('accepts ticket numbers and plain descriptions', () => {
    expect(personalDataIn('Chamado LGPD-2026-000123', client)).toBeNull();
    expect(personalDataIn('Pedido do titular pelo SAC, protocolo 20261201-77', client)).toBeNull();
    expect(personalDataIn('ok', { name: null, email: null, phone: null })).toBeNull();
  });

  it('refuses a reason that repeats the name (any case or accents), e-mail or phone', () => {
    expect(personalDataIn('pedido de JOAO  DA SILVA', client)).toBe('name');
    expect(personalDataIn('titular: joão da silva', client)).toBe('name');
    expect(personalDataIn('e-mail Joao.Silva@example.com.br pediu', client)).toBe('email');
    expect(personalDataIn('ligou do (11) 98765-4321', client)).toBe('phone');
    expect(personalDataIn('ligou do 11987654321', client)).toBe('phone');
    expect(personalDataIn('ligou do 98765-4321', client)).toBe('phone');
  });

  it('does not take a short first name alone for the full name', () => {
    expect(personalDataIn('Atendido por João, da equipe', client)).toBeNull();
  });
});

describe('the day an erasure is shown with', () => {
  it('is the day in Brasília, not in UTC', () => {
    // 01:30 UTC on 2 December is still 1 December (22:30) in Brasília.
    expect(erasureDay(new Date('2026-12-02T01:30:00Z'))).toBe('2026-12-01');
    expect(erasureDay(new Date('2026-12-02T15:00:00Z'))).toBe('2026-12-02');
  });
});

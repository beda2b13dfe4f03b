// Fake Brazilian identities for the demo portfolio: names, e-mails on a reserved-looking domain, phones by region.
// Every contact is obviously synthetic (example.com.br) so demo data can never reach a real person.

import type { Rng } from './prng';

const FIRST_NAMES = [
  'Ana',
  'Maria',
  'Juliana',
  'Fernanda',
  'Patrícia',
  'Aline',
  'Camila',
  'Beatriz',
  'Larissa',
  'Gabriela',
  'Letícia',
  'Mariana',
  'Bruna',
  'Vanessa',
  'Luana',
  'Raquel',
  'Sandra',
  'Tatiane',
  'Renata',
  'Cláudia',
  'José',
  'João',
  'Antônio',
  'Francisco',
  'Carlos',
  'Paulo',
  'Pedro',
  'Lucas',
  'Luiz',
  'Marcos',
  'Gabriel',
  'Rafael',
  'Daniel',
  'Marcelo',
  'Bruno',
  'Eduardo',
  'Felipe',
  'Rodrigo',
  'Gustavo',
  'Thiago',
] as const;

const LAST_NAMES = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
] as const;

/** Area codes (DDD) of a few capitals per region. */
const DDD_BY_REGION: Record<string, readonly number[]> = {
  N: [91, 92, 95, 96, 69, 68, 63],
  NE: [71, 81, 85, 98, 83, 84, 82, 79, 86],
  CO: [61, 62, 65, 67],
  SE: [11, 21, 31, 27, 19, 13],
  S: [41, 51, 48, 43, 54],
};

function asciiLower(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export interface FakeContact {
  name: string;
  email: string;
  phone: string;
}

export function fakeContact(rng: Rng, region: string, index: number): FakeContact {
  const first = rng.pick(FIRST_NAMES);
  const last1 = rng.pick(LAST_NAMES);
  let last2 = rng.pick(LAST_NAMES);
  if (last2 === last1) last2 = LAST_NAMES[(LAST_NAMES.indexOf(last1) + 1) % LAST_NAMES.length]!;
  const ddds = DDD_BY_REGION[region] ?? DDD_BY_REGION.SE!;
  const ddd = rng.pick(ddds);
  const subscriber = String(rng.int(0, 99_999_999)).padStart(8, '0');
  return {
    name: `${first} ${last1} ${last2}`,
    // The client index keeps e-mails unique across the portfolio.
    email: `${asciiLower(first)}.${asciiLower(last2)}.${index}@example.com.br`,
    phone: `+55${ddd}9${subscriber}`,
  };
}

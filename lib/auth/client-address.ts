// The source address of a request, as far as it can be trusted, for sign-in throttling (pure).
//
// Next.js puts the socket's address in X-Forwarded-For only when the request arrives without one, so the
// header is all a route handler sees. TRUST_PROXY says how many reverse proxies in front of the app append
// the address of their peer to it (nginx's $proxy_add_x_forwarded_for, cloud load balancers):
// - TRUST_PROXY=0 (default: browsers reach the app directly): the last entry is the socket address for every
//   honest client, but a client may send its own header and pick any address. Per-address throttling is
//   then only as good as that; the per-account ceiling still bounds guesses. Production should sit behind a
//   proxy that sets the header and say so here.
// - TRUST_PROXY=n: the n-th entry from the right is the address the outermost trusted proxy saw; entries to
//   its left were written by the client and are ignored. (The left-most "first hop" is the one a client
//   forges, so it is never used.)
// IPv6 addresses count per /64, the block one subscriber usually holds.
import net from 'node:net';

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export const UNKNOWN_ADDRESS = 'unknown';

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}

export function clientAddress(headers: HeaderBag, trustProxyHops: number): string {
  const entries = (header(headers, 'x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return UNKNOWN_ADDRESS;
  const hops = Math.max(1, Math.floor(trustProxyHops));
  const picked = entries[Math.max(0, entries.length - hops)]!;
  return normalizeAddress(picked) ?? UNKNOWN_ADDRESS;
}

/** A canonical throttling key for an IP (port, brackets and zone dropped; IPv6 cut to its /64), or null. */
export function normalizeAddress(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%.*$/, '');
  const kind = net.isIP(s);
  if (kind === 4) return s;
  if (kind !== 6) return null;
  const groups = ipv6Groups(s.toLowerCase());
  if (!groups) return null;
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

function ipv6Groups(ip: string): number[] | null {
  let s = ip;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = s.split('::');
  const parse = (part: string) => (part ? part.split(':').map((h) => parseInt(h, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

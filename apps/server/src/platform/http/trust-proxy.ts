import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Which proxies in front of the server may say who the client is (`X-Forwarded-For`).
 *
 * Trusting every hop lets any client pick its own address by writing one in the header, and
 * with it escape every per-address limit. So the default trusts nothing (`request.ip` is the
 * socket's peer), and a deployment names its proxies: by address or CIDR (what a proxy that
 * can be bypassed needs), or as a hop count when the server is reachable only through them.
 */
export type TrustProxySetting = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

/** proxy-addr's names for the reserved ranges (127.0.0.0/8 and ::1; 169.254/16 and fe80::/10; 10/8, 172.16/12, 192.168/16 and fc00::/7). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(item: string): boolean {
  if (NAMED_RANGES.has(item)) return true;
  const [address = '', prefix, extra] = item.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** `TRUST_PROXY`: empty (trust nothing), a hop count, or comma-separated addresses, CIDRs and named ranges. */
export const trustProxySchema = z
  .string()
  .optional()
  .transform((value, context): TrustProxySetting => {
    const text = (value ?? '').trim();
    if (text === '' || text === '0' || text === 'false') return { kind: 'none' };
    if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
    const items = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    const invalid = items.filter((item) => !isAddressOrRange(item));
    if (invalid.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `must be a hop count or comma-separated IP addresses / CIDR ranges (loopback, linklocal, uniquelocal also accepted); not ${invalid.join(', ')}`,
      });
      return z.NEVER;
    }
    return { kind: 'addresses', addresses: items };
  });

/**
 * Fastify's `trustProxy` for the setting. A hop count becomes a function: Fastify reads a bare
 * number as "trust nothing" (it cannot check the peer), while a count means "the last `hops`
 * addresses, the socket's peer first, are our proxies", so the client is the right-most
 * address they did not add.
 */
export function fastifyTrustProxy(setting: TrustProxySetting): false | string[] | ((address: string, hop: number) => boolean) {
  switch (setting.kind) {
    case 'none':
      return false;
    case 'hops':
      return (_address, hop) => hop < setting.hops;
    case 'addresses':
      return setting.addresses;
  }
}

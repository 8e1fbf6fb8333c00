import { describe, expect, it } from 'vitest';
import { fastifyTrustProxy, trustProxySchema } from './trust-proxy.ts';

describe('TRUST_PROXY', () => {
  it('trusts nothing by default', () => {
    for (const value of [undefined, '', ' ', '0', 'false']) expect(trustProxySchema.parse(value)).toEqual({ kind: 'none' });
    expect(fastifyTrustProxy({ kind: 'none' })).toBe(false);
  });

  it('reads a hop count as "the last n addresses are our proxies"', () => {
    const setting = trustProxySchema.parse('2');
    expect(setting).toEqual({ kind: 'hops', hops: 2 });
    const trust = fastifyTrustProxy(setting) as (address: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => trust('203.0.113.1', hop))).toEqual([true, true, false]);
  });

  it('reads addresses, CIDR ranges and named ranges', () => {
    expect(trustProxySchema.parse('10.0.0.1, 10.1.0.0/16,2001:db8::/32, loopback')).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.1', '10.1.0.0/16', '2001:db8::/32', 'loopback'],
    });
  });

  it('refuses anything else, naming it', () => {
    for (const value of ['true', 'proxy.example', '10.0.0.0/33', '10.0.0.1/8/8', '::1/129', '-1']) {
      const result = trustProxySchema.safeParse(value);
      expect(result.success, value).toBe(false);
    }
    expect(trustProxySchema.safeParse('10.0.0.1, nonsense').error?.issues[0]?.message).toContain('nonsense');
  });
});

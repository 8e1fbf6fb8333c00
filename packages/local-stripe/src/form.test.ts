import { describe, expect, it } from 'vitest';
import { canonicalParams, parseForm } from './form.ts';

describe('parseForm', () => {
  it('reads bracket keys into nested objects and indexed or empty brackets into arrays', () => {
    expect(
      parseForm('amount=2000&metadata[order]=7&transfer_data[destination]=acct_1&expand[0]=latest_charge&expand[1]=customer&types[]=a&types[]=b&note=a+b%26c'),
    ).toEqual({
      amount: '2000',
      metadata: { order: '7' },
      transfer_data: { destination: 'acct_1' },
      expand: ['latest_charge', 'customer'],
      types: ['a', 'b'],
      note: 'a b&c',
    });
  });

  it('keeps an empty value (Stripe uses it to unset) and ignores empty pairs', () => {
    expect(parseForm('metadata=&&description=')).toEqual({ metadata: '', description: '' });
    expect(parseForm('')).toEqual({});
  });

  it('keeps a malformed escape as written rather than failing', () => {
    expect(parseForm('description=100%&name=%E0%A4%A')).toEqual({ description: '100%', name: '%E0%A4%A' });
  });
});

describe('canonicalParams', () => {
  it('does not depend on the order parameters were sent in', () => {
    expect(canonicalParams(parseForm('a=1&metadata[x]=1&metadata[y]=2'))).toBe(canonicalParams(parseForm('metadata[y]=2&a=1&metadata[x]=1')));
    expect(canonicalParams(parseForm('a=1'))).not.toBe(canonicalParams(parseForm('a=2')));
  });
});

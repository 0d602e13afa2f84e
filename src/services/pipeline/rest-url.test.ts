import { describe, expect, it } from 'vitest';
import { buildRestUrl, quotePathSegment } from './rest-url.js';

describe('buildRestUrl', () => {
  it('appends /rest/ to the base URL without doubling slashes', () => {
    expect(buildRestUrl('https://app.alooma.com')).toBe('https://app.alooma.com/rest/');
    expect(buildRestUrl('https://app.alooma.com//')).toBe('https://app.alooma.com/rest/');
  });

  it('puts the account name before /rest/ when given', () => {
    expect(buildRestUrl('https://app.alooma.com/', 'acme')).toBe('https://app.alooma.com/acme/rest/');
  });
});

describe('quotePathSegment', () => {
  it("encodes like Python's quote(name, safe='')", () => {
    expect(quotePathSegment('PUBLIC.ORDERS')).toBe('PUBLIC.ORDERS');
    expect(quotePathSegment('src/checkout events')).toBe('src%2Fcheckout%20events');
    expect(quotePathSegment("a!b'c(d)e*f~g_h-i")).toBe('a%21b%27c%28d%29e%2Af~g_h-i');
    expect(quotePathSegment('é?#&=+')).toBe('%C3%A9%3F%23%26%3D%2B');
  });
});

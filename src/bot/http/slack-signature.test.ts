import { describe, expect, it } from 'vitest';
import { verifySlackSignature } from './slack-signature.js';

// Slack's documented example (see shared/reference/slack-platform.md §4).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

const check = (overrides: { timestamp?: string; signature?: string; body?: string }, nowSec = TS) =>
  verifySlackSignature(
    SECRET,
    {
      timestamp: overrides.timestamp ?? String(TS),
      signature: overrides.signature ?? SIGNATURE,
      rawBody: Buffer.from(overrides.body ?? BODY),
    },
    nowSec * 1000,
  );

describe('verifySlackSignature', () => {
  it('accepts Slack’s documented example at its own time, and 300 s either side of it', () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({}, TS + 300)).toEqual({ ok: true });
    expect(check({}, TS - 300)).toEqual({ ok: true });
  });

  it('refuses the same request 301 s late or 301 s early (a timestamp in the future)', () => {
    expect(check({}, TS + 301)).toMatchObject({ ok: false, reason: expect.stringMatching(/301 s from our clock/) });
    expect(check({}, TS - 301)).toMatchObject({ ok: false, reason: expect.stringMatching(/301 s from our clock/) });
  });

  it.each([
    ['a changed body', { body: `${BODY}&extra=1` }, 'signature mismatch'],
    ['another version', { signature: SIGNATURE.replace('v0=', 'v1=') }, 'malformed x-slack-signature'],
    ['a short digest', { signature: 'v0=abc' }, 'malformed x-slack-signature'],
    ['a timestamp that is not a number', { timestamp: '1531420618.5' }, 'malformed x-slack-request-timestamp'],
  ])('refuses %s', (_what, overrides, reason) => {
    expect(check(overrides)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('refuses a request without the headers', () => {
    expect(
      verifySlackSignature(SECRET, { timestamp: undefined, signature: undefined, rawBody: Buffer.from('') }, 0),
    ).toEqual({
      ok: false,
      reason: 'missing signature headers',
    });
  });
});

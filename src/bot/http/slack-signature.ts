import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack signs with a timestamp; further than this from our clock, either way, the request is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`: unix seconds. */
  timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=<hex HMAC-SHA256>`. */
  signature: string | undefined;
  /** The body as received: the HMAC is over these bytes, not over a re-serialisation. */
  rawBody: Buffer;
}

/**
 * Slack's v0 request signature (HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret), stricter
 * than Bolt's: a timestamp too far in the future is refused like a stale one (Bolt refuses only the past), and the
 * digests are compared in constant time as bytes of a fixed length.
 */
export function verifySlackSignature(secret: string, request: SignedRequest, nowMs: number): SignatureVerdict {
  const { timestamp, signature } = request;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed x-slack-request-timestamp' };
  const skew = Math.abs(Math.floor(nowMs / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: `x-slack-request-timestamp is ${skew} s from our clock (at most 300 s allowed)` };
  }
  const match = /^v0=([0-9a-f]{64})$/.exec(signature);
  if (!match?.[1]) return { ok: false, reason: 'malformed x-slack-signature (expected v0=<64 hex digits>)' };
  const expected = createHmac('sha256', secret).update(`v0:${timestamp}:`).update(request.rawBody).digest();
  if (!timingSafeEqual(Buffer.from(match[1], 'hex'), expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

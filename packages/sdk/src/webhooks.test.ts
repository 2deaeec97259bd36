import { createHmac } from 'node:crypto';
import { signWebhookPayload, verifyWebhookSignature } from './webhooks.ts';

const secret = 'whsec_test-secret-0123456789abcdefghijklmnopqrstuv';
const body = JSON.stringify({ id: 'e1', type: 'ping', data: { message: '你好' } });

describe('webhook signatures', () => {
  it('signs like an independent HMAC-SHA256 over "<t>.<raw body>"', async () => {
    const header = await signWebhookPayload(secret, body, 1_800_000_000);
    const mac = createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex');
    expect(header).toBe(`t=1800000000,v1=${mac}`);
  });
  it('accepts a fresh signature and refuses a changed body, another secret, an old timestamp', async () => {
    const t = 1_800_000_000;
    const header = await signWebhookPayload(secret, body, t);
    expect(await verifyWebhookSignature(secret, header, body, t * 1000 + 1000)).toEqual({ ok: true, timestamp: t });
    expect(await verifyWebhookSignature(secret, header, body + ' ', t * 1000)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(await verifyWebhookSignature(`${secret}x`, header, body, t * 1000)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(await verifyWebhookSignature(secret, header, body, (t + 301) * 1000)).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    expect(await verifyWebhookSignature(secret, header, body, (t + 301) * 1000, 600)).toMatchObject({ ok: true });
  });
  it('reads bytes as well as text, and any of several v1 entries', async () => {
    const t = 1_800_000_000;
    const bytes = new TextEncoder().encode(body);
    const good = (await signWebhookPayload(secret, bytes, t)).split('v1=')[1];
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${good}`;
    expect(await verifyWebhookSignature(secret, header, bytes, new Date(t * 1000))).toMatchObject({ ok: true });
  });
  it('refuses missing or malformed headers without throwing', async () => {
    expect(await verifyWebhookSignature(secret, undefined, body)).toEqual({ ok: false, reason: 'missing_header' });
    expect(await verifyWebhookSignature(secret, 'v1=abc', body)).toEqual({ ok: false, reason: 'malformed_header' });
    expect(await verifyWebhookSignature(secret, 't=abc,v1=zz', body)).toEqual({ ok: false, reason: 'malformed_header' });
  });
});

import { describe, expect, it } from 'vitest';
import { checkWebhookTarget, isInternalAddress } from './webhook.target';

describe('alert webhook targets', () => {
  it('knows internal addresses from public ones', () => {
    for (const internal of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) {
      expect(isInternalAddress(internal), internal).toBe(true);
    }
    for (const external of ['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2001:4860:4860::8888', 'hooks.example.com']) {
      expect(isInternalAddress(external), external).toBe(false);
    }
  });

  it('refuses internal receivers unless allowed, and anything but http(s)', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:9000/hook', false)).rejects.toMatchObject({ code: 'WEBHOOK_TARGET_FORBIDDEN', status: 400 });
    await expect(checkWebhookTarget('http://localhost/hook', false)).rejects.toThrow(/internal address/);
    await expect(checkWebhookTarget('http://[::1]:8080/', false)).rejects.toThrow(/ALERTS_WEBHOOK_ALLOW_INTERNAL/);
    await expect(checkWebhookTarget('file:///etc/passwd', true)).rejects.toThrow(/http or https/);
    await expect(checkWebhookTarget('http://127.0.0.1:9000/hook', true)).resolves.toBeUndefined();
    // A public literal address needs no lookup.
    await expect(checkWebhookTarget('https://8.8.8.8/hook', false)).resolves.toBeUndefined();
  });
});

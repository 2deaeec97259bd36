import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressAllowed, checkOutboundUrl, OutboundFailure, OutboundRefused, postPinned } from './outbound-guard.ts';

/** The SSRF guard of webhooks (issue 14 §4): ranges by ipaddr.js, every resolved address, the pinned connection. */
describe('outbound guard', () => {
  it('allows public unicast only, unless private targets are allowed', () => {
    const refused = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '2002:7f00:1::1',
      '192.0.2.1',
    ];
    for (const ip of refused) expect({ ip, ok: addressAllowed(ip, false) }).toEqual({ ip, ok: false });
    for (const ip of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ ip, ok: addressAllowed(ip, false) }).toEqual({ ip, ok: true });
    // Allowed private targets still never reach "no host" addresses.
    for (const ip of ['127.0.0.1', '10.1.2.3', '::1', '192.168.1.1']) expect(addressAllowed(ip, true)).toBe(true);
    for (const ip of ['0.0.0.0', '224.0.0.1', '::', 'ff02::1']) expect(addressAllowed(ip, true)).toBe(false);
  });

  it('refuses a host when ANY of its addresses is private, and other schemes or credentials', async () => {
    const resolve = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await expect(checkOutboundUrl('https://mixed.example/x', { allowPrivate: false, resolve })).rejects.toMatchObject({
      reason: 'private',
    });
    await expect(checkOutboundUrl('http://localhost:1/x', { allowPrivate: false })).rejects.toBeInstanceOf(OutboundRefused);
    await expect(checkOutboundUrl('http://[::1]:1/x', { allowPrivate: false })).rejects.toMatchObject({ reason: 'loopback' });
    await expect(checkOutboundUrl('file:///etc/passwd', { allowPrivate: true })).rejects.toMatchObject({ reason: 'scheme' });
    await expect(checkOutboundUrl('http://u:p@93.184.215.14/', { allowPrivate: false })).rejects.toMatchObject({
      reason: 'credentials',
    });
    await expect(
      checkOutboundUrl('http://nowhere.invalid/', { allowPrivate: false, resolve: () => Promise.reject(new Error('ENOTFOUND')) }),
    ).rejects.toMatchObject({ reason: 'unresolvable' });
    const ok = await checkOutboundUrl('https://93.184.215.14/hook', { allowPrivate: false });
    expect(ok.address).toBe('93.184.215.14');
  });

  it('connects to the checked address, whatever the name resolves to later (no DNS rebinding)', async () => {
    const hosts: string[] = [];
    const server = http.createServer((req, res) => {
      hosts.push(String(req.headers.host));
      if (req.url === '/hang') return;
      if (req.url === '/redirect') return res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      res.writeHead(200).end('x'.repeat(10_000));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // "rebind.test" exists in no DNS: only the pinned lookup can reach the server.
      const target = await checkOutboundUrl(`http://rebind.test:${port}/ok`, {
        allowPrivate: true,
        resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      });
      const res = await postPinned(target, '{}', { 'content-type': 'application/json' }, { timeoutMs: 2000, maxBytes: 4096 });
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(4096);
      expect(hosts[0]).toBe(`rebind.test:${port}`);
      // A redirect is an answer, never followed.
      const redirect = await postPinned(
        { ...target, url: new URL(`http://rebind.test:${port}/redirect`) },
        '{}',
        {},
        { timeoutMs: 2000, maxBytes: 4096 },
      );
      expect(redirect.status).toBe(302);
      expect(hosts).toHaveLength(2);
      await expect(
        postPinned({ ...target, url: new URL(`http://rebind.test:${port}/hang`) }, '{}', {}, { timeoutMs: 200, maxBytes: 4096 }),
      ).rejects.toMatchObject({ kind: 'timeout' });
      await expect(
        postPinned({ ...target, url: new URL('http://rebind.test:1/') }, '{}', {}, { timeoutMs: 2000, maxBytes: 4096 }),
      ).rejects.toBeInstanceOf(OutboundFailure);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

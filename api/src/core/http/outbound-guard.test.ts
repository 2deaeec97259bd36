import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressAllowed, checkOutboundUrl, OutboundFailure, OutboundRefused, postPinned } from './outbound-guard.ts';

/** The SSRF guard of webhooks (issue 14 §4): ranges by ipaddr.js, every resolved address, the pinned connection. */
describe('outbound guard', () => {
  it('allows public unicast only, the intranet with the switch, loopback only in development', () => {
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
      // IPv4-compatible IPv6 (deprecated): 127.0.0.1, 10.0.0.1, and even a public address in that form
      '::7f00:1',
      '::a00:1',
      '::808:808',
    ];
    for (const ip of refused) expect({ ip, ok: addressAllowed(ip, 'public') }).toEqual({ ip, ok: false });
    for (const ip of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect({ ip, ok: addressAllowed(ip, 'public') }).toEqual({ ip, ok: true });
    // A zone's intranet (the platform's switch): RFC 1918 and unique-local, nothing of the host's or the provider's.
    const intranet = ['10.1.2.3', '172.16.5.4', '192.168.1.1', '::ffff:10.0.0.1', 'fd12:3456::1'];
    for (const ip of intranet) expect({ ip, ok: addressAllowed(ip, 'intranet') }).toEqual({ ip, ok: true });
    const stillRefused = ['127.0.0.1', '::1', '169.254.169.254', 'fe80::1', '100.64.0.1', '::ffff:127.0.0.1', '0.0.0.0'];
    for (const ip of stillRefused) expect({ ip, ok: addressAllowed(ip, 'intranet') }).toEqual({ ip, ok: false });
    // Development and tests add loopback, and nothing else.
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3']) expect(addressAllowed(ip, 'intranet+loopback')).toBe(true);
    for (const ip of ['169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::', 'ff02::1'])
      expect({ ip, ok: addressAllowed(ip, 'intranet+loopback') }).toEqual({ ip, ok: false });
  });

  it('refuses a host when ANY of its addresses is private, and other schemes or credentials', async () => {
    const resolve = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    await expect(checkOutboundUrl('https://mixed.example/x', { reach: 'public', resolve })).rejects.toMatchObject({
      reason: 'private',
    });
    await expect(checkOutboundUrl('http://localhost:1/x', { reach: 'public' })).rejects.toBeInstanceOf(OutboundRefused);
    await expect(checkOutboundUrl('http://[::1]:1/x', { reach: 'public' })).rejects.toMatchObject({ reason: 'loopback' });
    await expect(checkOutboundUrl('file:///etc/passwd', { reach: 'intranet+loopback' })).rejects.toMatchObject({
      reason: 'scheme',
    });
    await expect(checkOutboundUrl('http://u:p@93.184.215.14/', { reach: 'public' })).rejects.toMatchObject({
      reason: 'credentials',
    });
    await expect(
      checkOutboundUrl('http://nowhere.invalid/', { reach: 'public', resolve: () => Promise.reject(new Error('ENOTFOUND')) }),
    ).rejects.toMatchObject({ reason: 'unresolvable' });
    const ok = await checkOutboundUrl('https://93.184.215.14/hook', { reach: 'public' });
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
        reach: 'intranet+loopback',
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

import { io as connect, type Socket } from 'socket.io-client';

/**
 * A socket.io client of the test api at `url` signed in with `token` (websocket only, no reconnection). Resolves
 * once the server says `ready` (the rooms are joined), rejects on `connect_error` (a bad or revoked token). The
 * socket is pushed onto `sockets` so the test can disconnect them all in its `finally`.
 */
export function realtimeClient(url: string, token: string, sockets: Socket[]): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const s = connect(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(s);
    s.on('ready', () => resolve(s));
    s.on('connect_error', reject);
  });
}

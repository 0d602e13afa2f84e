import { Agent, createServer, request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { listenHttpServer } from './listening-http-server.js';

const hello = () => createServer((_req, res) => res.end('hello'));

/** A GET on a fresh connection unless `agent` keeps one. */
function get(url: string, agent: Agent | false = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('listenHttpServer', () => {
  it('gives a wildcard IPv4 address as a loopback URL that answers', async () => {
    const listening = await listenHttpServer(hello(), '0.0.0.0', 0);
    try {
      expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await get(listening.url)).toBe('hello');
    } finally {
      await listening.close();
    }
  });

  const hasIpv6Loopback = Object.values(networkInterfaces()).some((addresses) =>
    addresses?.some((address) => address.address === '::1'),
  );
  it.skipIf(!hasIpv6Loopback)('brackets an IPv6 address (skipped where the host has no ::1)', async () => {
    const listening = await listenHttpServer(hello(), '::1', 0);
    try {
      expect(listening.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(await get(listening.url)).toBe('hello');
    } finally {
      await listening.close();
    }
  });

  it('rejects when the port is taken', async () => {
    const first = await listenHttpServer(hello(), '127.0.0.1', 0);
    try {
      const port = Number(new URL(first.url).port);
      await expect(listenHttpServer(hello(), '127.0.0.1', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });

  it('closes at once although a client keeps its connection alive', async () => {
    const listening = await listenHttpServer(hello(), '127.0.0.1', 0);
    const keepAlive = new Agent({ keepAlive: true });
    expect(await get(listening.url, keepAlive)).toBe('hello');
    const started = performance.now();
    await listening.close();
    // Without dropping idle connections, close() waits for the keep-alive timeout (5 s in Node).
    expect(performance.now() - started).toBeLessThan(4_000);
    await expect(get(listening.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    keepAlive.destroy();
  });
});

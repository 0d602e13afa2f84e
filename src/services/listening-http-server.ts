import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A node:http server that is listening: where clients reach it, and how to stop it. */
export interface ListeningHttpServer {
  /** e.g. `http://127.0.0.1:9464`: a wildcard address is given as loopback, which clients on this host can reach. */
  readonly url: string;
  /** Stops accepting and drops idle keep-alive connections too, so close() does not wait for them to time out. */
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free one); rejects when the address is taken or cannot be used. */
export async function listenHttpServer(server: Server, host: string, port: number): Promise<ListeningHttpServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: baseUrl(server.address() as AddressInfo),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function baseUrl(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : formatHost(address.address);
  return `http://${host}:${address.port}`;
}

function formatHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningWebServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) and resolves once it does, or rejects (port in use). */
export function startWebServer(app: Express, port: number, host?: string): Promise<RunningWebServer> {
  const server = createServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      const { address, port: bound } = server.address() as AddressInfo;
      const shown = address === '::' || address === '0.0.0.0' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${shown}:${bound}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // fetch keeps connections alive; without this close would wait for them to time out
            server.closeAllConnections();
          }),
      });
    });
  });
}

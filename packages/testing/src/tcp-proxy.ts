import net from 'node:net';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1: point the client here instead of at the server. */
  port: number;
  /** The given URL with its host and port replaced by the proxy's. */
  url(through: string): string;
  /**
   * The server "goes away": open connections are reset; new ones are reset too, or with
   * `silent` accepted and never answered (a host that stopped answering). With `answers`,
   * requests still reach the server (it acts on them) but its answers are lost.
   */
  cut(how?: 'reset' | 'silent' | 'answers'): void;
  /** The server is back: new connections reach it again. */
  restore(): void;
  /** Connections made through the proxy so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (PostgreSQL, RabbitMQ) that a test can cut and
 * restore: an outage of that server for this test's own clients only, while others keep
 * using the server itself.
 */
export async function tcpProxy(target: number | (() => number), targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let down: false | 'reset' | 'silent' | 'answers' = false;
  let connections = 0;
  const server = net.createServer((client) => {
    if (down === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (down === 'silent') {
      open.add(client);
      client.on('error', () => open.delete(client)).on('close', () => open.delete(client));
      return;
    }
    connections++;
    const upstream = net.connect(typeof target === 'number' ? target : target(), targetHost);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (down !== 'answers') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url(through) {
      const u = new URL(through);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut(how = 'reset') {
      down = how;
      if (how === 'answers') return;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    restore() {
      down = false;
      for (const s of open) s.destroy();
      open.clear();
    },
    get connections() {
      return connections;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

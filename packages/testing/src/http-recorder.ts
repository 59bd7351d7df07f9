import http from 'node:http';

export interface HttpRecorder {
  /** The recorder's base URL: point the client here instead of at the server. */
  url: string;
  /** `METHOD path` of every request that went through, in order. */
  readonly calls: readonly string[];
  close(): Promise<void>;
}

/**
 * An HTTP hop in front of a real server that forwards every request unchanged and notes its
 * method and path: a test can tell which calls reached the server without replacing it.
 */
export async function httpRecorder(target: string): Promise<HttpRecorder> {
  const upstream = new URL(target);
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer } from 'node:net';

function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Where each service listens: base + offset. A base of 0 (tests) picks a random block below
 * the ephemeral range whose every port is free now; a caller that still loses a port to
 * another process starts again with a new block.
 */
export async function planUrls(
  list: Array<{ name: string; offset: number }>,
  basePort: number,
  host: string,
): Promise<Record<string, string>> {
  let base = basePort;
  if (basePort === 0) {
    const span = Math.max(...list.map((s) => s.offset)) + 1;
    for (let attempt = 0; attempt < 50; attempt++) {
      const candidate = 20_000 + Math.floor(Math.random() * ((32_000 - 20_000) / span)) * span;
      const free = await Promise.all(list.map((s) => portFree(candidate + s.offset, host)));
      if (free.every(Boolean)) {
        base = candidate;
        break;
      }
    }
    if (base === 0) throw new Error('no free block of ports found');
  }
  const origin = host.includes(':') ? `[${host}]` : host;
  return Object.fromEntries(list.map(({ name, offset }) => [name, `http://${origin}:${base + offset}`]));
}

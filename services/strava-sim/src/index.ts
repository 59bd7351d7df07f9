// Public surface: the plugin, its options, and startStravaSim for the all-in-one CLI.
import Fastify, { type FastifyServerOptions } from 'fastify';
import { stravaSim, type StravaSimPluginOptions } from './app.ts';
import type { Sim } from './options.ts';

export { stravaSim, type StravaSimPluginOptions } from './app.ts';
export type { StravaSimOptions, Sim } from './options.ts';
export type { Limits } from './rate-limit.ts';

export interface StartOptions extends StravaSimPluginOptions {
  port?: number;
  host?: string;
  logger?: FastifyServerOptions['logger'];
}

export interface RunningStravaSim {
  url: string;
  sim: Sim;
  close: () => Promise<void>;
}

/** Builds the simulator on its own Fastify instance and listens (port 0 picks a free one). */
export async function startStravaSim(options: StartOptions = {}): Promise<RunningStravaSim> {
  const { port = 0, host = '127.0.0.1', logger = false, onReady, ...rest } = options;
  const isInstance =
    typeof logger === 'object' && logger !== null && typeof (logger as { info?: unknown }).info === 'function';
  const app = Fastify({
    ...(isInstance ? { loggerInstance: logger as never } : { logger }),
    forceCloseConnections: true,
  }) as unknown as ReturnType<typeof Fastify>;
  let sim: Sim | undefined;
  await app.register(stravaSim, {
    ...rest,
    onReady: (s: Sim) => {
      sim = s;
      onReady?.(s);
    },
  });
  await app.listen({ port, host });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return { url, sim: sim!, close: () => app.close() };
}
export { stravaSimService } from './service.ts';

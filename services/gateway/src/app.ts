import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import session from '@fastify/session';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { GatewayDeps } from './deps.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './session.ts';
import { issueCsrf, validCsrf } from './sign-in.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { authRoutes } from './routes/auth.ts';
import { proxyRoutes } from './routes/proxy.ts';
import { meRoutes } from './routes/me.ts';
import { exportRoutes } from './routes/exports.ts';
import { mailboxRoutes } from './routes/mailbox.ts';
import { staticRoutes } from './routes/static.ts';
import { stravaPublicRoutes } from './routes/strava.ts';
import { reportsPublicRoutes } from './routes/reports.ts';
import { uploadRoutes } from './routes/uploads.ts';
import { feedRoutes } from './routes/feeds.ts';
import { gatewayErrors } from './errors.ts';
import { declareGatewayErrors } from './responses.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a public route called by other sites (Strava), exempt from the CSRF check. */
    csrf?: boolean;
    /** The upload route: its own body limit and timeout. */
    upload?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Visitors get a session (and a CSRF token) from API reads and pages, not from assets. */
function handsOutCsrf(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || String(request.headers.accept ?? '').includes('text/html');
}

/** The scheme and host of a tile URL template, for the CSP (none when tiles are off). */
function tileOrigin(template: string | undefined): string[] {
  if (!template) return [];
  const m = /^(https?:\/\/[^/]+)\//.exec(template);
  return m ? [m[1]!.replace(/\{s\}/, '*')] : [];
}

/**
 * The gateway: the only public port. Security headers, rate limits, the session cookie
 * (turned into a user token for upstream calls), CSRF checks, then its routes.
 */
export function gatewayApp(deps: GatewayDeps): FastifyPluginAsync {
  const { https } = deps.settings;
  return async (app) => {
    // Every route declares the statuses the gateway itself may answer (429, 403 for CSRF).
    app.addHook('onRoute', declareGatewayErrors);
    deps.compressed?.install(app);
    await app.register(cookie);
    // Server-side sessions: the cookie holds only a signed random id; the store holds the rest.
    await app.register(session, {
      secret: deps.sessionKey.toString('base64'),
      cookieName: SESSION_COOKIE,
      cookie: {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: https,
        maxAge: deps.sessions.policy.absoluteMs,
      },
      store: deps.sessions,
      saveUninitialized: false,
      rolling: false,
    });
    // Built once (the headers are worked out here, not for every request), set on every answer.
    const securityHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          // Map tiles: their one host, nothing else.
          imgSrc: ["'self'", 'data:', ...tileOrigin(deps.settings.mapTiles?.url)],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
    });
    app.addHook('onRequest', (request, reply, done) =>
      securityHeaders(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)),
    );
    await app.register(rateLimit, {
      global: true,
      max: deps.settings.rateLimitApi,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) => gatewayErrors.rateLimited(context.after),
      // Several gateways count together in Redis; when Redis is away, requests are let through.
      ...(deps.redis
        ? { redis: deps.redis, nameSpace: deps.redisPrefix ?? 'runnerly:gateway:rate:', skipOnError: true }
        : {}),
    });

    // reply.sendFile() for every route below (files of the built dashboard only).
    await app.register(fastifyStatic, { root: deps.settings.dashboardDir, serve: false, cacheControl: false });

    app.decorateRequest('user', null);
    const requestTimeoutMs = deps.settings.requestTimeoutMs;
    app.addHook('onRequest', async (request, reply) => {
      request.user = request.session?.user ?? null;
      const config = request.routeOptions.config;
      // The server lets uploads take minutes; every other request must arrive whole quickly.
      if (requestTimeoutMs && !config.upload && !request.raw.complete) {
        const timer = setTimeout(() => {
          if (!request.raw.complete) request.raw.socket?.destroy();
        }, requestTimeoutMs);
        timer.unref();
        request.raw.once('end', () => clearTimeout(timer));
        reply.raw.once('close', () => clearTimeout(timer));
      }
      if (config.csrf === false) return;
      if (safeMethods.has(request.method)) {
        if (handsOutCsrf(request)) issueCsrf(deps, request, reply);
        return;
      }
      // A page of ours reads the token from its cookie and echoes it; it is valid only with this session's secret.
      if (!validCsrf(request, request.headers[CSRF_HEADER])) {
        throw gatewayErrors.csrf(CSRF_HEADER);
      }
    });

    // Answers under /api are personal (or about signing in): no cache along the way keeps them.
    app.addHook('onSend', async (request, reply) => {
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
        void reply.header('cache-control', 'no-store');
    });

    await app.register(authRoutes(deps));
    await app.register(meRoutes(deps));
    await app.register(exportRoutes(deps));
    await app.register(sessionRoutes(deps));
    await app.register(proxyRoutes(deps));
    await app.register(stravaPublicRoutes(deps));
    await app.register(reportsPublicRoutes(deps));
    await app.register(uploadRoutes(deps));
    await app.register(feedRoutes(deps));
    await app.register(mailboxRoutes(deps));
    await app.register(staticRoutes(deps));
  };
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { AppError } from '@runnerly/service-kit';
import type { GatewayDeps } from './deps.ts';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE, openSession } from './session.ts';
import { authRoutes } from './routes/auth.ts';
import { proxyRoutes } from './routes/proxy.ts';
import { meRoutes } from './routes/me.ts';
import { mailboxRoutes } from './routes/mailbox.ts';
import { staticRoutes } from './routes/static.ts';
import { stravaPublicRoutes } from './routes/strava.ts';
import { reportsPublicRoutes } from './routes/reports.ts';
import { uploadRoutes } from './routes/uploads.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a public route called by other sites (Strava), exempt from the CSRF check. */
    csrf?: boolean;
    /** The upload route: its own body limit and timeout. */
    upload?: boolean;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length >= 16 && timingSafeEqual(x, y);
}

/**
 * The gateway: the only public port. Security headers, rate limits, the session cookie
 * (turned into a user token for upstream calls), CSRF checks, then its routes.
 */
export function gatewayApp(deps: GatewayDeps): FastifyPluginAsync {
  const { https } = deps.settings;
  return async (app) => {
    await app.register(cookie);
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
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
    await app.register(rateLimit, {
      global: true,
      max: deps.settings.rateLimitApi,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request, context) =>
        new AppError(429, 'rate_limited', `Too many requests; try again in ${context.after}.`),
    });

    // reply.sendFile() for every route below (files of the built dashboard only).
    await app.register(fastifyStatic, { root: deps.settings.dashboardDir, serve: false, cacheControl: false });

    app.decorateRequest('user', null);
    const requestTimeoutMs = deps.settings.requestTimeoutMs;
    app.addHook('onRequest', async (request, reply) => {
      request.user = openSession(deps.sessionKey, request.cookies[SESSION_COOKIE]);
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
      const csrfCookie = request.cookies[CSRF_COOKIE];
      if (safeMethods.has(request.method)) {
        if (!csrfCookie)
          void reply.setCookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), {
            path: '/',
            sameSite: 'strict',
            secure: https,
            httpOnly: false,
          });
        return;
      }
      // Double submit: a page of ours can read the cookie and echo it; another site cannot.
      const header = request.headers[CSRF_HEADER];
      if (!csrfCookie || typeof header !== 'string' || !sameToken(header, csrfCookie)) {
        throw new AppError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header: reload the page and try again.`);
      }
    });

    await app.register(authRoutes(deps));
    await app.register(meRoutes(deps));
    await app.register(proxyRoutes(deps));
    await app.register(stravaPublicRoutes(deps));
    await app.register(reportsPublicRoutes(deps));
    await app.register(uploadRoutes(deps));
    await app.register(mailboxRoutes(deps));
    await app.register(staticRoutes(deps));
  };
}

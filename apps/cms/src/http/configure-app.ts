import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import hbs from 'hbs';
import type { AppConfig } from '../config/cms-config.js';
import { flashMiddleware } from '../flash/flash.js';
import { CsrfGuard } from '../security/csrf.guard.js';
import { bodyDeadline } from './body-deadline.js';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { applyServerLimits } from './server-limits.js';
import { registerViewHelpers } from './view-helpers.js';

/** src/ in tests, dist/ when built: views and public are copied next to the compiled code. */
const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function registerPartials(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Keep file names as partial names ({{> csrf-field}}, {{> releases/card}}).
    hbs.registerPartials(dir, { rename: (name) => name }, (err) => (err ? reject(err) : resolve()));
  });
}

/** No inline script or style anywhere: every asset comes from our own origin. */
function securityHeaders(): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/** Everything about the HTTP edge that is not a route: shared by main.ts and the test harness. */
export async function configureApp(app: NestExpressApplication, config: AppConfig): Promise<void> {
  applyServerLimits(app.getHttpServer() as Server, config.http);
  // Only these proxies' X-Forwarded-Proto/-For count: req.secure decides the session cookie's
  // name and Secure flag, req.ip the login throttle. An empty list trusts no header at all.
  app.set('trust proxy', config.http.trustProxy.length > 0 ? [...config.http.trustProxy] : false);
  app.disable('x-powered-by');
  app.use(bodyDeadline(config.http));
  app.use(securityHeaders());
  app.use(cookieParser());
  // Forms and JSON are small; uploads go through multer with their own limits.
  app.useBodyParser('urlencoded', { extended: false, limit: '100kb', parameterLimit: 200 });
  app.useBodyParser('json', { limit: '100kb' });
  app.useStaticAssets(path.join(APP_ROOT, 'public'), { prefix: '/static/', index: false, maxAge: '1h' });
  // After the static files: a stylesheet request must not take the message meant for a page.
  app.use(flashMiddleware(config.sessionSecret));
  app.setBaseViewsDir(path.join(APP_ROOT, 'views'));
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Compile each template once. Express turns this on only when NODE_ENV=production, and
  // without it hbs re-reads and re-compiles the page and layout on every request (the
  // largest cost of a page; views change only with a new build anyway).
  app.set('view cache', true);
  registerViewHelpers(hbs);
  await registerPartials(path.join(APP_ROOT, 'views', 'partials'));
  app.useGlobalGuards(new CsrfGuard(app.get(Reflector)));
  app.useGlobalFilters(new HttpExceptionFilter(config.siteName));
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiError } from './api-error';

/**
 * Where `npm run build` puts the dashboard (dashboard/ built by Vite): `dist/dashboard` at the
 * package's root, reached alike from `src/api` (sources, `npm start`) and `dist/api` (the package).
 */
export const DASHBOARD_DIR = path.resolve(__dirname, '../../../dist/dashboard');

/** The dashboard's URL prefix; `/` redirects there. */
export const DASHBOARD_PATH = '/admin';

/** Hashed file names never change content: cache them for good; index.html names the current ones. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built dashboard under /admin: its files (public, like the docs page: the data comes
 * from the API with the caller's credentials), and index.html for every other path below it, so a
 * deep link (`/admin/tasks/<id>`) loads the app, which routes in the browser. A missing asset is
 * the API's 404; paths outside /admin keep the API's 404 and 405.
 */
export async function installDashboard(app: FastifyInstance, root = DASHBOARD_DIR): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false });
    const index = (reply: FastifyReply) => {
      if (!existsSync(path.join(root, 'index.html'))) {
        throw new ApiError(404, 'dashboard_not_built', "the dashboard is not built: run `npm run build` (or `npm start`) in Conveyor's checkout");
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    };
    const options = { config: { access: 'public' as const }, schema: { hide: true } };
    scope.get('/', options, (_request, reply) => reply.redirect(`${DASHBOARD_PATH}/`));
    scope.get(DASHBOARD_PATH, options, (_request, reply) => index(reply));
    scope.get<{ Params: { '*': string } }>(`${DASHBOARD_PATH}/*`, options, (request, reply) => {
      const file = request.params['*'];
      // Built files: the hashed assets, and the few files at the top (an icon); everything else is a page of the app.
      if (file.startsWith('assets/')) return reply.header('cache-control', IMMUTABLE).sendFile(file);
      if (!file.includes('/') && /\.[a-z0-9]+$/i.test(file) && file !== 'index.html') return reply.sendFile(file);
      return index(reply);
    });
  });
}

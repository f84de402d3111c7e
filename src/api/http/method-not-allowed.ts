import type { FastifyInstance } from 'fastify';

/** A route's path as a pattern over request paths: `:param` is one segment, `*` the rest. */
function pathPattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods each route path answers, collected as routes are added, so that a request with
 * another method on a known path is answered 405 with `Allow` rather than 404. Install before
 * any route is added: an onRoute hook sees only the routes added after it.
 */
export function installAllowedMethods(app: FastifyInstance): (path: string) => string[] {
  const routes: { pattern: RegExp; methods: string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    // Fastify answers HEAD wherever it answers GET.
    routes.push({ pattern: pathPattern(route.url), methods: methods.includes('GET') ? [...methods, 'HEAD'] : methods });
  });
  return (path) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return [];
    }
    const allowed = new Set(routes.filter((route) => route.pattern.test(path) || route.pattern.test(decoded)).flatMap((route) => route.methods));
    return [...allowed].sort();
  };
}

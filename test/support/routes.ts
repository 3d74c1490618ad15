import type { Express } from 'express';

export interface RouteInfo {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function collect(stack: Layer[], into: RouteInfo[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of [layer.route.path].flat()) {
        for (const method of Object.keys(layer.route.methods)) {
          into.push({ method: method.toUpperCase(), path });
        }
      }
    } else if (layer.handle?.stack) {
      collect(layer.handle.stack, into);
    }
  }
}

/** Every route an Express app answers (routers are mounted without path prefixes here). */
export function routesOf(app: Express): RouteInfo[] {
  const routes: RouteInfo[] = [];
  collect((app as unknown as { router: { stack: Layer[] } }).router.stack, routes);
  return routes;
}

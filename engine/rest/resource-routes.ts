import type { Request } from 'express';
import { notFound } from '../runtime/errors.js';
import type { ResourceRecord } from '../runtime/records.js';
import { key, route, type RouteDeps } from './request.js';
import { resourceResult } from './wire.js';

/**
 * Deployed RPA scripts by key (GET /v2/resources/{resourceKey} and its /content, Camunda 8.8): the
 * RPA worker reads a linked script's key from its job's linkedResources header and fetches it here.
 */
export function registerResourceRoutes({ api, engine }: RouteDeps): void {
  const store = engine.ctx.store;

  const resourceOr404 = (req: Request) => {
    const resource = store.get<ResourceRecord>('resource', key(req, 'key'));
    if (!resource) throw notFound(`Resource with key '${String(req.params.key)}' not found`);
    return resource;
  };

  api.get('/resources/:key', route((req) => resourceResult(resourceOr404(req))));

  // the script as it was deployed; an .rpa file is JSON
  api.get('/resources/:key/content', route((req, res) => {
    res.type('application/json').send(resourceOr404(req).content);
  }));
}

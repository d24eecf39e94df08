import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { createRateLimit } from '../rate-limit.js';
import type { ApiContext } from './context.js';

/** Pages for applicants, without log-in: each answers about the one case asked for and nothing else. */
export function registerPublicRoutes(api: Api, { config }: ApiContext): void {
  // the verification code has six digits: without a limit they could be tried in minutes
  const lookupLimit = createRateLimit({ limit: config.lookupRateLimit, detail: '查询过于频繁，请 15 分钟后再试' });

  api.post('/api/public/lookup', 'lookupCase', lookupLimit, () => {
    // Until the public pages bring the look-up itself, no case can be found; the input is checked already.
    throw new ApiProblem('not-found', '未找到该办件，请核对办件编号和查询码');
  });
}

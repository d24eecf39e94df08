import { buildWeb } from '../../scripts/build-web.js';

let built: Promise<unknown> | undefined;

/**
 * Builds the pages (web/dist) once per test run, however many browser specs ask: each spec calls
 * it in its `before` hook. A failed build is not remembered, so the next spec tries again.
 * PAGES_PREBUILT=1 uses web/dist as it is (e.g. after `npm run build:web`, or while another
 * page is half written and would fail the build).
 */
export function ensurePagesBuilt(): Promise<unknown> {
  if (process.env.PAGES_PREBUILT === '1') return Promise.resolve();
  built ??= buildWeb({ minify: false }).catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}

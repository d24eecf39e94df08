import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine.js';
import { sendRefusal, type GuardCheck, type Refusal } from './guard.js';
import { createInstance } from './instance-creation.js';
import { activateJobs, completeJob } from './job-routes.js';
import { MAX_JSON_BODY_BYTES, checkJsonDepth } from './limits.js';
import { sendProblem } from './problem.js';
import { bodyObject, type VariablesReader } from './request.js';

/**
 * The three requests every process instance makes (create it, activate its jobs, complete them)
 * served straight on Node's server, without express's router, request decoration and
 * body-parser (docs/decisions/0023). They run the same guard, the same body limits and the same
 * handlers as the express routes; any request that is not plainly one of them (another method
 * or path, a query string, a trailing slash, another content type or charset, a compressed
 * body) goes to express untouched, which answers it as before.
 */

export interface HotPathDeps {
  engine: Engine;
  guard: GuardCheck;
  variablesOf: VariablesReader;
}

type HotHandler = (body: Record<string, unknown>, res: ServerResponse) => Promise<unknown>;

const JOB_COMPLETION = /^\/v2\/jobs\/(\d{1,16})\/completion$/;
const JSON_UTF8 = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

/** body-parser's error for a body over the limit, so both paths answer it alike (413, rest/problem.ts) */
const tooLarge = () => Object.assign(new Error('request entity too large'), { status: 413, type: 'entity.too.large' });

/** body-parser's error for a body that is not JSON (400, rest/problem.ts) */
const notJson = (message: string) => Object.assign(new Error(message), { status: 400, type: 'entity.parse.failed' });

/** Returns a request listener that answers the hot requests and returns false for any other. */
export function hotPath({ engine, guard, variablesOf }: HotPathDeps): (req: IncomingMessage, res: ServerResponse) => boolean {
  const createRoute: HotHandler = (b) => createInstance(engine, variablesOf, b);
  const activationRoute: HotHandler = (b, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    return activateJobs(engine, b, abort.signal);
  };

  const handlerFor = (url: string): HotHandler | undefined => {
    if (url === '/v2/process-instances') return createRoute;
    if (url === '/v2/jobs/activation') return activationRoute;
    const completion = JOB_COMPLETION.exec(url);
    if (completion) {
      const jobKey = Number(completion[1]);
      return (b) => completeJob(engine, variablesOf, jobKey, b);
    }
    return undefined;
  };

  return (req, res) => {
    if (req.method !== 'POST' || req.url === undefined) return false;
    const encoding = req.headers['content-encoding'];
    if (!JSON_UTF8.test(req.headers['content-type'] ?? '') || (encoding !== undefined && encoding.toLowerCase() !== 'identity')) return false;
    const handler = handlerFor(req.url);
    if (!handler) return false;
    const url = req.url;
    const serve = (refusal: Refusal | undefined) => {
      if (refusal) sendRefusal(res, url, refusal);
      else {
        readJson(req).then((b) => handler(b, res)).then(
          (result) => sendJson(res, result),
          (err: unknown) => {
            // the rest of a refused body is not read: the connection closes after the answer
            if (!req.complete) res.setHeader('Connection', 'close');
            sendProblem(res, err, url);
          },
        );
      }
    };
    const checked = guard(req);
    if (checked instanceof Promise) void checked.then(serve);
    else serve(checked);
    return true;
  };
}

function sendJson(res: ServerResponse, result: unknown): void {
  if (result === undefined) {
    res.writeHead(204).end();
    return;
  }
  const body = JSON.stringify(result);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** The body as a JSON object, within the limits express.json applies on the other routes. */
function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
      req.removeAllListeners('data');
      reject(err);
    };
    if (Number(req.headers['content-length'] ?? 0) > MAX_JSON_BODY_BYTES) {
      fail(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY_BYTES) fail(tooLarge());
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        checkJsonDepth(raw);
        resolve(parse(raw.toString('utf8')));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}

function parse(text: string): Record<string, unknown> {
  const start = text.search(/\S/);
  // an empty body is {} for express.json too
  if (start < 0) return {};
  if (text[start] !== '{' && text[start] !== '[') throw notJson(`Unexpected token '${text[start]}' at position ${start}: expected a JSON object`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notJson((err as Error).message);
  }
  return bodyObject(value);
}

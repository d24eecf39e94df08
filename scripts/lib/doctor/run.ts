import { join } from 'node:path';
import type { CamundaRestClient } from '@camunda8/sdk';
import { readStoreConfig, type Store, type WorkerHeartbeat } from '../../../domain/store/index.js';
import { liveWindowMs, readHeartbeatConfig } from '../../../workers/heartbeat.js';
import { workerModules } from '../../../workers/index.js';
import { readEngineConnection } from '../engine-connection.js';
import { projectRoot, readFolder } from '../resources.js';
import { checkDeployments, checkForms } from './deployments.js';
import { DiagramError, parseDiagram, type Diagram } from './diagrams.js';
import { checkEngine, engineTarget } from './engine.js';
import { fail, type Finding } from './findings.js';
import { checkStore } from './store.js';
import { checkWorkers } from './workers.js';

export interface DoctorOptions {
  /** the variables `npm start` reads */
  env: NodeJS.ProcessEnv;
  /** the folder holding processes/; default the project's */
  root?: string;
  /** how long each request may take; default 10 s */
  timeoutMs?: number;
  now?: () => Date;
}

/** A setting the doctor cannot use; the configuration errors all name their variable in their message. */
function configFailure(check: Finding['check'], error: unknown): Finding {
  if (error instanceof Error && typeof (error as { variable?: unknown }).variable === 'string') return fail(check, `${error.message}; correct the setting`);
  throw error;
}

async function readDiagrams(root: string): Promise<{ diagrams: Diagram[]; findings: Finding[] }> {
  const diagrams: Diagram[] = [];
  const findings: Finding[] = [];
  for (const file of await readFolder(join(root, 'processes'), '.bpmn')) {
    try {
      diagrams.push(await parseDiagram(file.name, file.content));
    } catch (error) {
      if (!(error instanceof DiagramError)) throw error;
      findings.push(fail('diagrams', `${error.message}; fix it in the designer or an editor`));
    }
  }
  return { diagrams, findings };
}

async function engineFindings(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ findings: Finding[]; client?: CamundaRestClient }> {
  try {
    const { finding, client } = await checkEngine(engineTarget(readEngineConnection(env), env), timeoutMs);
    return { findings: [finding], ...(client ? { client } : {}) };
  } catch (error) {
    return { findings: [configFailure('engine', error)] };
  }
}

async function storeFindings(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ findings: Finding[]; store?: Store }> {
  try {
    const { finding, store } = await checkStore(readStoreConfig(env), timeoutMs);
    return { findings: [finding], ...(store ? { store } : {}) };
  } catch (error) {
    return { findings: [configFailure('store', error)] };
  }
}

async function workerFindings(env: NodeJS.ProcessEnv, diagrams: Diagram[], store: Store | undefined, now: () => Date): Promise<Finding[]> {
  let windowMs: number;
  try {
    windowMs = liveWindowMs(readHeartbeatConfig(env));
  } catch (error) {
    return [configFailure('workers', error)];
  }
  let heartbeats: WorkerHeartbeat[] | undefined;
  try {
    heartbeats = await store?.workerHeartbeats.listSeenSince(new Date(now().getTime() - windowMs));
  } catch (error) {
    return [fail('workers', `the worker heartbeats could not be read from the store: ${error instanceof Error ? error.message : String(error)}`)];
  }
  return checkWorkers({ diagrams, implemented: workerModules().map((m) => m.jobType), heartbeats, windowMs });
}

/**
 * Checks what `npm start` needs, with the same settings: the engine answers with the configured
 * credentials, the store is reachable and current, every diagram in processes/ is deployed as
 * it is now or a designer version is live on purpose (a warning), no form changed since it was
 * deployed, and a running instance polls every job type the diagrams use. Changes nothing.
 */
export async function runDoctor({ env, root = projectRoot, timeoutMs = 10_000, now = () => new Date() }: DoctorOptions): Promise<Finding[]> {
  const [read, engine, storeCheck] = await Promise.all([readDiagrams(root), engineFindings(env, timeoutMs), storeFindings(env, timeoutMs)]);
  const findings = [...engine.findings, ...storeCheck.findings, ...read.findings];
  try {
    findings.push(
      ...(engine.client
        ? await checkDeployments(engine.client, storeCheck.store, read.diagrams, timeoutMs)
        : [fail('diagrams', 'not compared with the engine, which could not be reached (see above)')]),
    );
    findings.push(...(await checkForms(storeCheck.store, await readFolder(join(root, 'forms'), '.form'))));
    findings.push(...(await workerFindings(env, read.diagrams, storeCheck.store, now)));
  } finally {
    await storeCheck.store?.close();
  }
  return findings;
}

import type { DesignKind, DesignVersion, DesignVersionSummary } from '../../domain/store/index.js';
import { DesignVersionConflictError } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import { lineDiff } from '../designer/line-diff.js';
import { decisionsOwnedByOtherDrafts } from '../designer/decision-drafts.js';
import { createDesignLinter, readDecisions } from '../designer/lint.js';
import { decisionsName, formTitle, processName } from '../designer/names.js';
import { deploymentProblems, engineFailure, engineUnavailable } from '../engine-errors.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { repositoryResource, resourceFileName } from '../resources.js';
import type { ApiContext } from './context.js';

/**
 * The process designer (docs/decisions/0007): diagrams, forms and decisions (DMN) saved as numbered versions in
 * the store, compared with what the engine runs, linted, and deployed through the SDK. The engine
 * is the judge of what it can run: a rejected deployment comes back with the engine's own
 * per-element problems, so the page can mark the elements.
 */

interface ResourceParams {
  kind: DesignKind;
  id: string;
}

const TARGET: Record<DesignKind, 'diagram' | 'form' | 'decision'> = { bpmn: 'diagram', form: 'form', dmn: 'decision' };
const KIND_NAME: Record<DesignKind, string> = { bpmn: '流程图', form: '表单', dmn: '决策' };

/** What the engine made of a deployment: each process, form or decision with its key and version. */
interface Made {
  id: string;
  key: string;
  version: number;
}

/** The Chinese name a saved resource is listed by, read from its latest content (null: none given). */
function nameOf(kind: DesignKind, id: string, content: string): string | null {
  if (kind === 'bpmn') return processName(content, id) ?? null;
  if (kind === 'dmn') return decisionsName(content) ?? null;
  try {
    return formTitle(JSON.parse(content) as Parameters<typeof formTitle>[0]) ?? null;
  } catch {
    // a draft form is JSON when saved; nothing to name otherwise
    return null;
  }
}

const versionFields = (v: DesignVersionSummary | DesignVersion) => ({
  kind: v.kind,
  id: v.resourceId,
  version: v.version,
  author: v.author,
  createdAt: v.createdAt.toISOString(),
  deployedVersionKey: v.deployedVersionKey,
  deployedAt: v.deployedAt?.toISOString() ?? null,
});

/** An administrator's deploy past lint errors: why, in their words (issue 11). */
interface LintOverride {
  reason: string;
}

/** A process id this deploy takes from the diagram it belonged to (null: none). */
interface ProcessMove {
  id: string;
  from: string | null;
  to: string;
}

interface DeployRequest {
  version?: number;
  lintOverride?: LintOverride;
  /** each process id of another diagram the designer confirms moving into this one */
  moveProcessIds?: string[];
}

interface LintIssueRecord {
  rule: string;
  elementId: string | null;
  message: string;
}

const summaryBody = (v: DesignVersionSummary | DesignVersion) => ({ ...versionFields(v), size: 'size' in v ? v.size : v.content.length });

export function registerDesignerRoutes(api: Api, { store, camunda, clock, log }: ApiContext): void {
  const linter = createDesignLinter();
  const params = (res: Parameters<typeof inputOf>[0]) => inputOf(res).params as unknown as ResourceParams;
  const notSaved = (p: ResourceParams, version?: number) =>
    new ApiProblem('not-found', version === undefined ? `${KIND_NAME[p.kind]} ${p.id} 尚无保存的版本` : `${p.id} 没有第 ${version} 版`);

  async function versionOf(p: ResourceParams, version: number | undefined): Promise<DesignVersion> {
    const found = version === undefined ? await store.designs.latest(p.kind, p.id) : await store.designs.get(p.kind, p.id, version);
    if (!found) throw notSaved(p, version);
    return found;
  }

  api.get('/api/designer/{kind}', 'listDesigns', async (_req, res) => {
    const { kind } = inputOf(res).params as unknown as { kind: DesignKind };
    const latest = await store.designs.latestOfEach(kind);
    res.json({
      kind,
      items: latest.map((v) => ({ id: v.resourceId, name: nameOf(kind, v.resourceId, v.content), version: v.version, author: v.author, createdAt: v.createdAt.toISOString(), deployedVersion: v.deployedVersion })),
    });
  });

  api.get('/api/designer/{kind}/{id}', 'getDesign', async (_req, res) => {
    const p = params(res);
    const latest = await store.designs.latest(p.kind, p.id);
    if (latest) {
      res.json({ ...versionFields(latest), content: latest.content });
      return;
    }
    // never saved here: start from the file the project ships
    const content = repositoryResource(p.kind, p.id);
    if (content === undefined) throw new ApiProblem('not-found', `没有 ${resourceFileName(p.kind, p.id)}`);
    res.json({ kind: p.kind, id: p.id, version: 0, author: null, createdAt: null, deployedVersionKey: null, deployedAt: null, content });
  });

  api.put('/api/designer/{kind}/{id}', 'saveDesign', async (_req, res) => {
    const p = params(res);
    const { body } = inputOf<{ body: { content: string; baseVersion?: number } }>(res);
    const problem = await linter.unsavable(p.kind, p.id, body.content);
    if (problem) throw new ApiProblem('validation', problem, [{ in: 'body', field: 'content', message: problem }]);
    const { principal } = authenticatedOf(res);
    const now = clock();
    try {
      const saved = await store.transaction(async (tx) => {
        const version = await tx.designs.save({ kind: p.kind, resourceId: p.id, content: body.content, author: principal.username, baseVersion: body.baseVersion, at: now });
        await tx.audit.record(auditEntry(res, now, { action: `${TARGET[p.kind]}.save`, targetType: TARGET[p.kind], targetId: p.id, detail: { version: version.version } }));
        return version;
      });
      res.status(201).json(summaryBody(saved));
    } catch (error) {
      if (error instanceof DesignVersionConflictError) {
        throw new ApiProblem('conflict', `${p.id} 已被他人保存为第 ${error.latest} 版；请先载入最新版本再保存`);
      }
      throw error;
    }
  });

  api.get('/api/designer/{kind}/{id}/versions', 'listDesignVersions', async (_req, res) => {
    const p = params(res);
    const versions = await store.designs.list(p.kind, p.id);
    res.json({ kind: p.kind, id: p.id, versions: versions.map(summaryBody) });
  });

  /** The engine's latest version of a decision requirements graph, or of the graph a decision is in (none: undefined). */
  async function latestDecisions(filter: { decisionRequirementsId: string } | { decisionDefinitionId: string }): Promise<{ key: string; drgId: string } | undefined> {
    const path = 'decisionDefinitionId' in filter ? 'decision-definitions/search' : 'decision-requirements/search';
    const found = await camunda.callApiEndpoint<object, { items: Array<{ decisionRequirementsKey: string; decisionRequirementsId: string }> }>({
      method: 'POST',
      urlPath: path,
      body: { filter, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } },
    });
    const latest = found.items[0];
    return latest && { key: String(latest.decisionRequirementsKey), drgId: latest.decisionRequirementsId };
  }

  /** What the engine runs now: a diagram's or decision graph's latest deployed definition; a form as this designer last deployed it. */
  async function deployed(p: ResourceParams): Promise<{ content: string; key: string; version: number | null }> {
    if (p.kind === 'dmn') {
      try {
        const latest = await latestDecisions({ decisionRequirementsId: p.id });
        if (!latest) throw new ApiProblem('not-found', `决策 ${p.id} 尚未部署`);
        const xml = await camunda.callApiEndpoint({ method: 'GET', urlPath: `decision-requirements/${latest.key}/xml`, json: false });
        const saved = (await store.designs.list('dmn', p.id)).find((v) => v.deployedVersionKey === latest.key);
        return { content: xml, key: latest.key, version: saved?.version ?? null };
      } catch (error) {
        if (error instanceof ApiProblem) throw error;
        throw engineUnavailable(log, `reading the deployed ${p.id}.dmn`, error);
      }
    }
    if (p.kind === 'form') {
      const last = await store.designs.lastDeployed('form', p.id);
      if (!last) throw new ApiProblem('not-found', `表单 ${p.id} 尚未经本系统部署`);
      return { content: last.content, key: last.deployedVersionKey ?? '', version: last.version };
    }
    try {
      const found = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: p.id }, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } } as never);
      const definition = (found.items as unknown as Array<{ processDefinitionKey: string }>)[0];
      if (!definition) throw new ApiProblem('not-found', `流程 ${p.id} 尚未部署`);
      const key = String(definition.processDefinitionKey);
      const xml = await camunda.getProcessDefinitionXML(key);
      const saved = (await store.designs.list('bpmn', p.id)).find((v) => v.deployedVersionKey === key);
      return { content: xml, key, version: saved?.version ?? null };
    } catch (error) {
      if (error instanceof ApiProblem) throw error;
      throw engineUnavailable(log, `reading the deployed ${p.id}`, error);
    }
  }

  api.get('/api/designer/{kind}/{id}/diff', 'diffDesign', async (_req, res) => {
    const p = params(res);
    const { query } = inputOf<{ query: { against: string; version?: number } }>(res);
    const current = await versionOf(p, query.version);
    const base =
      query.against === 'deployed'
        ? { kind: 'deployed' as const, ...(await deployed(p)) }
        : await versionOf(p, Number(query.against)).then((v) => ({ kind: 'version' as const, content: v.content, key: v.deployedVersionKey, version: v.version }));
    res.json({
      kind: p.kind,
      id: p.id,
      version: current.version,
      against: { kind: base.kind, version: base.version, key: base.key === '' ? null : base.key },
      ...lineDiff(base.content, current.content),
    });
  });

  api.post('/api/designer/{kind}/{id}/lint', 'lintDesign', async (_req, res) => {
    const p = params(res);
    const { body } = inputOf<{ body: { content?: string; version?: number } }>(res);
    const checked = body.content === undefined ? await versionOf(p, body.version) : undefined;
    const issues = await linter.lint(p.kind, p.id, body.content ?? checked!.content);
    res.json({
      kind: p.kind,
      id: p.id,
      version: checked?.version ?? null,
      errors: issues.filter((i) => i.category === 'error').length,
      warnings: issues.filter((i) => i.category === 'warn').length,
      issues,
    });
  });

  /**
   * Which diagram a process id belongs to (issue 11): the file the engine last deployed it from;
   * never deployed, the diagram of that id (a diagram's id is its process id and file name), if
   * the project ships it or it was saved here; otherwise none.
   */
  async function ownerOf(processId: string): Promise<string | null> {
    try {
      const found = await camunda.searchProcessDefinitions({ filter: { processDefinitionId: processId }, sort: [{ field: 'version', order: 'DESC' }], page: { from: 0, limit: 1 } } as never);
      const latest = (found.items as unknown as Array<{ resourceName?: string }>)[0];
      if (latest?.resourceName) return latest.resourceName;
    } catch (error) {
      throw engineUnavailable(log, `finding the diagram of ${processId}`, error);
    }
    const known = repositoryResource('bpmn', processId) !== undefined || (await store.designs.latest('bpmn', processId)) !== undefined;
    return known ? resourceFileName('bpmn', processId) : null;
  }

  /**
   * What the page's lint shows as errors stops a deployment here too, whoever calls, answered
   * with each element and message, as the engine's refusal is. Another process id in the file
   * moves that process into this diagram: only when the request names it in moveProcessIds (or
   * this diagram already holds it). An administrator may deploy past the other lint errors with a
   * stated reason; what the engine refuses stays refused. Returns what the audit entry records.
   */
  async function refuseLintErrors(p: ResourceParams, version: DesignVersion, request: DeployRequest, res: Parameters<typeof auditEntry>[0]): Promise<{ overridden: LintIssueRecord[]; moved: ProcessMove[] }> {
    const all = (await linter.lint(p.kind, p.id, version.content)).filter((i) => i.category === 'error');
    const here = resourceFileName(p.kind, p.id);
    const foreign = await Promise.all(all.filter((e) => e.rule === 'foreign-process' && e.elementId).map(async (e) => ({ id: e.elementId!, from: await ownerOf(e.elementId!) })));
    const moving = foreign.filter((f) => f.from !== here);
    const confirmed = new Set(request.moveProcessIds ?? []);
    const unconfirmed = moving.filter((f) => !confirmed.has(f.id));
    const stray = [...confirmed].filter((id) => !moving.some((f) => f.id === id));
    if (stray.length > 0) throw new ApiProblem('validation', `第 ${version.version} 版没有要移入的流程 ${stray.join('、')}`, [{ in: 'body', field: 'moveProcessIds', message: `不要列出 ${stray.join('、')}` }]);
    const errors = all.filter((e) => e.rule !== 'foreign-process' || unconfirmed.some((f) => f.id === e.elementId));
    if (errors.length > 0 && unconfirmed.length === 0 && request.lintOverride) {
      if (!authenticatedOf(res).principal.roles.includes('admin')) throw new ApiProblem('forbidden', '只有管理员可以越过规范检查错误部署');
    } else if (errors.length > 0) {
      await store.audit.record(
        auditEntry(res, clock(), { action: `${TARGET[p.kind]}.deploy-refused`, targetType: TARGET[p.kind], targetId: p.id, detail: { version: version.version, issues: errors.map((e) => ({ rule: e.rule, elementId: e.elementId })) } }),
      );
      const owned = (f: { id: string; from: string | null }) => `${f.id}（${f.from ? `属于流程图 ${f.from}` : '尚不属于任何流程图'}）`;
      const detail =
        unconfirmed.length > 0
          ? `第 ${version.version} 版还定义了其他流程 ${unconfirmed.map(owned).join('、')}，未部署；部署会把它移入流程图 ${here}，须确认移入`
          : `第 ${version.version} 版有 ${errors.length} 处规范检查错误，未部署；请改正后保存新版本再部署`;
      throw new ApiProblem('deployment-refused', detail, [], {
        problems: errors.map((e) => ({ elementId: e.elementId, elementType: null, message: e.message })),
        moves: unconfirmed.map((f) => ({ id: f.id, from: f.from })),
      });
    }
    return {
      overridden: errors.map((e) => ({ rule: e.rule, elementId: e.elementId, message: e.message })),
      moved: moving.map((f) => ({ id: f.id, from: f.from, to: here })),
    };
  }

  /**
   * A decision id names one decision in the engine, in one graph: the engine refuses a file whose
   * decision its earlier versions placed in another graph (ADR 0019). The designer says so first,
   * in Chinese and naming that file, and records the attempt as it records lint refusals; unlike
   * a process id, no confirmation moves it. An id the engine holds nowhere yet belongs to the
   * other file whose saved draft defines it (decision-drafts.ts), as a process id belongs to its
   * diagram before its first deployment.
   */
  async function refuseForeignDecisions(p: ResourceParams, version: DesignVersion, res: Parameters<typeof auditEntry>[0]): Promise<void> {
    const read = await readDecisions(version.content);
    // an unreadable file is lint's to refuse
    if ('error' in read) return;
    let inEngine: Array<{ id: string; drgId: string | undefined }>;
    try {
      inEngine = await Promise.all(read.decisions.map(async (d) => ({ id: d.id, drgId: (await latestDecisions({ decisionDefinitionId: d.id }))?.drgId })));
    } catch (error) {
      throw engineUnavailable(log, `finding the graphs of the decisions in ${p.id}.dmn`, error);
    }
    const drafts = await decisionsOwnedByOtherDrafts(
      store.designs,
      p.id,
      inEngine.filter((d) => d.drgId === undefined).map((d) => d.id),
    );
    const owned = inEngine.flatMap((d) => {
      if (d.drgId !== undefined) return d.drgId === p.id ? [] : [{ id: d.id, file: d.drgId, deployed: true }];
      const draft = drafts.get(d.id);
      return draft === undefined ? [] : [{ id: d.id, file: draft, deployed: false }];
    });
    if (owned.length === 0) return;
    await store.audit.record(
      auditEntry(res, clock(), {
        action: 'decision.deploy-refused',
        targetType: 'decision',
        targetId: p.id,
        detail: { version: version.version, issues: owned.map((o) => ({ rule: o.deployed ? 'foreign-decision' : 'foreign-draft-decision', elementId: o.id })) },
      }),
    );
    const ownerOf = (o: (typeof owned)[number]) => `决策文件 ${resourceFileName('dmn', o.file)}${o.deployed ? '' : '（尚未部署的草稿，先于本文件保存）'}`;
    const named = owned.map((o) => `决策 ${o.id} 已属于${ownerOf(o)}`).join('；');
    throw new ApiProblem('deployment-refused', `第 ${version.version} 版中的${named}，未部署；请改用新的决策 id，或在它所属的文件中修改`, [], {
      problems: owned.map((o) => ({ elementId: o.id, elementType: 'dmn:Decision', message: `决策 ${o.id} 属于${ownerOf(o)}，不能在 ${resourceFileName('dmn', p.id)} 中定义` })),
    });
  }

  api.post('/api/designer/{kind}/{id}/deploy', 'deployDesign', async (_req, res) => {
    const p = params(res);
    const { body } = inputOf<{ body: DeployRequest }>(res);
    if (body.lintOverride && body.lintOverride.reason.trim() === '') {
      throw new ApiProblem('validation', '越过规范检查错误部署须写明理由', [{ in: 'body', field: 'lintOverride.reason', message: '须写明理由' }]);
    }
    const version = await versionOf(p, body.version);
    const target = { targetType: TARGET[p.kind], targetId: p.id };
    const { overridden, moved } = await refuseLintErrors(p, version, body, res);
    if (p.kind === 'dmn') await refuseForeignDecisions(p, version, res);
    const overrideDetail = {
      ...(overridden.length > 0 ? { lintOverride: { reason: body.lintOverride!.reason.trim(), errors: overridden } } : {}),
      ...(moved.length > 0 ? { moved } : {}),
    };
    let deployment: Awaited<ReturnType<typeof camunda.deployResources>>;
    try {
      deployment = await camunda.deployResources([{ name: resourceFileName(p.kind, p.id), content: version.content }]);
    } catch (error) {
      const failure = engineFailure(error);
      if (failure.status !== 400) throw engineUnavailable(log, `deploying ${p.id}`, error);
      const problems = deploymentProblems(failure);
      await store.audit.record(
        auditEntry(res, clock(), { action: `${TARGET[p.kind]}.deploy-rejected`, ...target, detail: { version: version.version, elements: problems.map((x) => x.elementId), ...overrideDetail } }),
      );
      throw new ApiProblem('deployment-rejected', failure.detail || '流程引擎拒绝部署', [], { problems });
    }
    // a decision file is versioned as its graph (the key the designer records) and each of its decisions (what the audit lists)
    const made: Made[] =
      p.kind === 'bpmn'
        ? deployment.processes.map((d) => ({ id: d.processDefinitionId, key: String(d.processDefinitionKey), version: Number(d.processDefinitionVersion) }))
        : p.kind === 'dmn'
          ? deployment.decisions.map((d) => ({ id: d.decisionDefinitionId, key: String(d.decisionDefinitionKey), version: Number(d.version) }))
          : deployment.forms.map((d) => ({ id: d.formId, key: String(d.formKey), version: Number(d.version) }));
    const mine =
      p.kind === 'dmn'
        ? deployment.decisionRequirements.map((d) => ({ id: d.decisionRequirementsId, key: String(d.decisionRequirementsKey), version: Number(d.version) })).find((d) => d.id === p.id)
        : made.find((d) => d.id === p.id);
    // the lint refused other process ids, so this lists one; the log names what the engine made, whatever it was
    // saving checked the id, so the engine must have made this resource
    if (!mine) throw new Error(`deploying ${resourceFileName(p.kind, p.id)} made ${made.map((d) => d.id).join(', ') || 'nothing'}`);
    const now = clock();
    await store.transaction(async (tx) => {
      await tx.designs.markDeployed(p.kind, p.id, version.version, mine.key, now);
      await tx.audit.record(auditEntry(res, now, { action: `${TARGET[p.kind]}.deploy`, ...target, detail: { version: version.version, key: mine.key, engineVersion: mine.version, deployed: made, ...overrideDetail } }));
    });
    res.status(201).json({ kind: p.kind, id: p.id, version: version.version, deployedVersionKey: mine.key, engineVersion: mine.version, deployedAt: now.toISOString() });
  });
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BpmnModdle, type ModdleParseError } from 'bpmn-moddle';
import { Linter, type LintConfig } from 'bpmnlint';
import { DmnModdle } from 'dmn-moddle';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { checkFormDefinition, markupProblems } from '../../domain/forms/form-definition.js';
import type { DesignKind } from '../../domain/store/index.js';
import { PROJECT_ROOT } from '../resources.js';
import { asDmn13, DESIGNER_DMN_VERSIONS } from './dmn-versions.js';

/** One finding, on the element the designer must fix (null: the file as a whole). */
export interface LintIssue {
  rule: string;
  category: 'error' | 'warn' | 'info';
  elementId: string | null;
  message: string;
}

interface ModdleElement {
  $type: string;
  id?: string;
  get(property: string): unknown;
}

export interface DesignLinter {
  lint(kind: DesignKind, id: string, content: string): Promise<LintIssue[]>;
  /** Why the content cannot be saved as this resource at all (not BPMN / JSON / DMN, or another id), or undefined. */
  unsavable(kind: DesignKind, id: string, content: string): Promise<string | undefined>;
}

/** A decision of a DMN file: its id and name, as the engine versions it. */
export interface DecisionOfFile {
  id: string;
  name: string | null;
}

const dmnModdle = new DmnModdle();

/**
 * A DMN document's decision requirements graph (its dmn:definitions) and the decisions in it, or
 * why it is no DMN document of a version the engine deploys (1.1 to 1.5, read as 1.3: dmn-versions.ts).
 */
export async function readDecisions(content: string): Promise<{ drgId: string | null; decisions: DecisionOfFile[]; warnings: LintIssue[] } | { error: string }> {
  try {
    const { rootElement, warnings } = await dmnModdle.fromXML(await asDmn13(content), 'dmn:Definitions');
    const definitions = rootElement as ModdleElement | undefined;
    if (definitions?.$type !== 'dmn:Definitions') return { error: `不是 DMN 文档（可用 ${DESIGNER_DMN_VERSIONS}）：没有 dmn:definitions` };
    const decisions = ((definitions.get('drgElement') as ModdleElement[] | undefined) ?? [])
      .filter((e) => e.$type === 'dmn:Decision' && e.id)
      .map((e) => ({ id: e.id!, name: (e.get('name') as string | undefined) ?? null }));
    return {
      drgId: definitions.id ?? null,
      decisions,
      // layout (DMNDI) oddities are never evaluated, as the engine ignores them
      warnings: warnings
        .filter((w) => !/^(dmndi|dc|di):/.test(w.element?.$type ?? ''))
        .map((w) => ({ rule: 'dmn-parse', category: 'warn' as const, elementId: w.element?.id ?? null, message: w.message })),
    };
  } catch (error) {
    return { error: `不是有效的 DMN XML（可用 ${DESIGNER_DMN_VERSIONS}）：${(error as Error).message}` };
  }
}

/**
 * Checks what the designer made: a diagram with bpmnlint and the project's .bpmnlintrc
 * (bpmnlint:recommended and camunda-compat for Camunda 8.8, as `npm run lint:bpmn` does), plus
 * that it holds the process named by its id; a form with the form definition checks of
 * domain/forms; a decision file as DMN (1.1 to 1.5, as the engine deploys) holding the graph its id names. The .bpmnlintrc is read once, when the linter is made; every diagram gets a
 * linter of its own, because bpmnlint rules keep what they saw (ids, flows) in their closures and a
 * shared one would report the second lint of a diagram against the first.
 */
export function createDesignLinter(root = PROJECT_ROOT): DesignLinter {
  const rc = JSON.parse(readFileSync(join(root, '.bpmnlintrc'), 'utf8')) as LintConfig;
  const config: LintConfig = { ...(rc.extends && { extends: rc.extends }), ...(rc.rules && { rules: rc.rules }) };
  const resolver = new NodeResolver({ require: createRequire(join(root, 'package.json')) });
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });

  async function lintBpmn(id: string, content: string): Promise<LintIssue[]> {
    let parsed: Awaited<ReturnType<BpmnModdle['fromXML']>>;
    try {
      parsed = await moddle.fromXML(content);
    } catch (error) {
      return [{ rule: 'bpmn-parse', category: 'error', elementId: null, message: `不是有效的 BPMN XML：${(error as ModdleParseError).message}` }];
    }
    const issues: LintIssue[] = parsed.warnings.map((w) => ({ rule: 'bpmn-parse', category: 'warn', elementId: w.element?.id ?? null, message: w.message }));
    const definitions = parsed.rootElement as ModdleElement;
    const processes = ((definitions.get('rootElements') as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
    if (!processes.some((p) => p.id === id)) {
      issues.push({ rule: 'process-id', category: 'error', elementId: processes[0]?.id ?? null, message: `流程 id 应为 ${id}（与文件名一致）` });
    }
    // deploying a file replaces every process it defines: one that also held `complaint` would replace 投诉办理
    for (const foreign of processes.filter((p) => p.id !== id)) {
      issues.push({ rule: 'foreign-process', category: 'error', elementId: foreign.id ?? null, message: `文件还定义了流程 ${foreign.id ?? '（无 id）'}，它不属于流程图 ${id}；部署会替换该流程，请删除它或在它自己的流程图中修改` });
    }
    const reports = await new Linter({ config, resolver }).lint(definitions);
    for (const [rule, found] of Object.entries(reports)) {
      for (const report of found) {
        if (report.category === 'off') continue;
        issues.push({ rule, category: report.category === 'rule-error' ? 'error' : report.category, elementId: report.id ?? null, message: report.message });
      }
    }
    return issues;
  }

  function lintForm(id: string, content: string): LintIssue[] {
    let form: unknown;
    try {
      form = JSON.parse(content);
    } catch (error) {
      return [{ rule: 'form-parse', category: 'error', elementId: null, message: `不是有效的 JSON：${(error as Error).message}` }];
    }
    const issues: LintIssue[] = checkFormDefinition(form).map((p) => ({ rule: 'form-definition', category: 'error', elementId: componentAt(form, p.at), message: p.at.startsWith('/') ? `${p.at}: ${p.message}` : p.message }));
    const formId = (form as { id?: unknown } | null)?.id;
    if (formId !== id) issues.push({ rule: 'form-id', category: 'error', elementId: null, message: `表单 id 应为 ${id}` });
    return issues;
  }

  /**
   * A decision file's own checks: DMN of a version the engine deploys, and the graph its id names. What the decisions say
   * (FEEL, hit policies, entries) is the engine's to judge when it is deployed (ADR 0019).
   */
  async function lintDmn(id: string, content: string): Promise<LintIssue[]> {
    const read = await readDecisions(content);
    if ('error' in read) return [{ rule: 'dmn-parse', category: 'error', elementId: null, message: read.error }];
    const issues = [...read.warnings];
    if (read.drgId !== id) issues.push({ rule: 'drg-id', category: 'error', elementId: read.drgId, message: `决策需求图 id 应为 ${id}（与文件名一致）` });
    if (read.decisions.length === 0) issues.push({ rule: 'no-decision', category: 'error', elementId: read.drgId, message: '文件中没有决策' });
    return issues;
  }

  async function unsavable(kind: DesignKind, id: string, content: string): Promise<string | undefined> {
    if (kind === 'dmn') {
      const read = await readDecisions(content);
      if ('error' in read) return read.error;
      return read.drgId === id ? undefined : `应是 id 为 ${id} 的决策需求图（dmn:definitions，与文件名一致）`;
    }
    if (kind === 'form') {
      let form: unknown;
      try {
        form = JSON.parse(content);
      } catch (error) {
        return `不是有效的 JSON：${(error as Error).message}`;
      }
      const formId = (form as { id?: unknown } | null)?.id;
      if (form === null || typeof form !== 'object' || Array.isArray(form) || formId !== id) return `表单 id 应为 ${id}`;
      // markup that would run in clerks' pages is not kept even as a draft
      return markupProblems(form)[0]?.message;
    }
    try {
      const { rootElement } = await moddle.fromXML(content);
      const roots = ((rootElement as ModdleElement).get('rootElements') as ModdleElement[] | undefined) ?? [];
      return roots.some((e) => e.$type === 'bpmn:Process' && e.id === id) ? undefined : `应含 id 为 ${id} 的流程（与文件名一致）`;
    } catch (error) {
      return `不是有效的 BPMN XML：${(error as Error).message}`;
    }
  }

  return {
    lint: (kind, id, content) => (kind === 'bpmn' ? lintBpmn(id, content) : kind === 'dmn' ? lintDmn(id, content) : Promise.resolve(lintForm(id, content))),
    unsavable,
  };
}

/** The component a problem is about: its id as given, or the innermost component on a JSON pointer's way. */
function componentAt(form: unknown, at: string): string | null {
  if (at === '') return null;
  if (!at.startsWith('/')) return at;
  let node: unknown = form;
  let found: string | null = null;
  for (const raw of at.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
    const nodeId = (node as { id?: unknown } | null)?.id;
    if (node !== null && typeof node === 'object' && typeof nodeId === 'string' && 'type' in node) found = nodeId;
  }
  return found;
}

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BpmnModdle, type ModdleParseError } from 'bpmn-moddle';
import { Linter, type LintConfig } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { checkFormDefinition, markupProblems } from '../../domain/forms/form-definition.js';
import type { DesignKind } from '../../domain/store/index.js';
import { PROJECT_ROOT } from '../resources.js';

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
  /** Why the content cannot be saved as this resource at all (not BPMN / JSON, or another id), or undefined. */
  unsavable(kind: DesignKind, id: string, content: string): Promise<string | undefined>;
}

/**
 * Checks what the designer made: a diagram with bpmnlint and the project's .bpmnlintrc
 * (bpmnlint:recommended and camunda-compat for Camunda 8.8, as `npm run lint:bpmn` does), plus
 * that it holds the process named by its id; a form with the form definition checks of
 * domain/forms. The .bpmnlintrc is read once, when the linter is made; every diagram gets a
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

  async function unsavable(kind: DesignKind, id: string, content: string): Promise<string | undefined> {
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
    lint: (kind, id, content) => (kind === 'bpmn' ? lintBpmn(id, content) : Promise.resolve(lintForm(id, content))),
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

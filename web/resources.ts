import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormDefinition } from '../domain/forms/form-definition.js';
import type { FormJsSchema } from '../domain/forms/types.js';
import type { DesignKind } from '../domain/store/index.js';

/** The project's own folder: processes/, forms/, .bpmnlintrc. */
export const PROJECT_ROOT = join(import.meta.dirname, '..');

const FOLDER: Record<DesignKind, { folder: string; extension: string }> = {
  bpmn: { folder: 'processes', extension: '.bpmn' },
  form: { folder: 'forms', extension: '.form' },
  // the project ships no decisions yet: they are made in the designer
  dmn: { folder: 'decisions', extension: '.dmn' },
};

/** The file name a resource is deployed under: immediate-case.bpmn, complaint-registration.form, fee-rules.dmn. */
export const resourceFileName = (kind: DesignKind, id: string): string => id + FOLDER[kind].extension;

/**
 * A diagram or form as the project ships it (processes/<id>.bpmn, forms/<id>.form), or undefined.
 * `id` must already be checked against the document's pattern (no dots or slashes).
 */
export function repositoryResource(kind: DesignKind, id: string, root = PROJECT_ROOT): string | undefined {
  try {
    return readFileSync(join(root, FOLDER[kind].folder, resourceFileName(kind, id)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A form of forms/, parsed and checked; throws if it is missing or invalid (a broken build, not bad input). */
export function repositoryForm(id: string, root = PROJECT_ROOT): FormJsSchema {
  const text = repositoryResource('form', id, root);
  if (text === undefined) throw new Error(`forms/${id}.form is missing`);
  return parseFormDefinition(text);
}

/**
 * Forms outside Camunda user tasks, as Zeebe 8.8 validates them (ZeebeFormDefinitionValidator,
 * ZeebeUserTaskFormValidator): a job-worker user task's form reference, a start event's form and
 * the embedded forms (zeebe:userTaskForm) of a process. None of them changes how a process runs:
 * a job-worker user task hands its form on in the io.camunda.zeebe:formKey header, a start form is
 * read by Tasklist through GET /v2/process-definitions/{key}/form, an embedded form by Tasklist.
 */
import type { ZeebeExtensions } from './extensions.js';
import { idOf, str, type ModdleElement } from './moddle.js';
import type { Report } from './problems.js';
import type { BindingType, ResourceBinding } from './types.js';

/** A zeebe:formDefinition without zeebe:userTask beside it: a linked form (formId) or a form key. */
export interface FormReference {
  /** a deployed Camunda Form, resolved by its binding when it is needed */
  formId?: string;
  formBinding?: ResourceBinding;
  /** custom reference or embedded form ('camunda-forms:bpmn:<userTaskForm id>'), passed on as is */
  formKey?: string;
}

/** Zeebe's ZeebeBindingType values. */
const BINDING_TYPES: readonly BindingType[] = ['deployment', 'latest', 'versionTag'];

const notBlank = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());

/**
 * The written bindingType of a linked form or linked resource, 'latest' when absent; undefined (and
 * reported) when it is none of Zeebe's values.
 */
export function readBindingType(element: ModdleElement, report: Report): BindingType | undefined {
  // moddle answers its default 'latest' for an absent bindingType; only a written one counts here
  const written = Object.hasOwn(element, 'bindingType') ? str(element, 'bindingType') : undefined;
  const bindingType = written === undefined ? 'latest' : BINDING_TYPES.find((type) => type === written);
  if (bindingType === undefined) report(`Attribute 'bindingType' must be one of: ${BINDING_TYPES.join(', ')}`);
  return bindingType;
}

/**
 * A linked form's bindingType and versionTag, checked with ZeebeFormDefinitionValidator's messages;
 * the same for Camunda user tasks and job-worker user tasks. Absent, the binding is 'latest'.
 */
export function readFormBinding(form: ModdleElement, report: Report): ResourceBinding {
  const bindingType = readBindingType(form, report);
  const versionTag = notBlank(str(form, 'versionTag'));
  if (bindingType === 'versionTag' && versionTag === undefined) report("Attribute 'versionTag' must be present and not empty if 'bindingType' is 'versionTag'");
  if (bindingType !== 'versionTag' && versionTag !== undefined) report("Attribute 'versionTag' may only be used if 'bindingType' is 'versionTag'");
  return bindingType === 'versionTag' && versionTag !== undefined ? { bindingType, versionTag } : { bindingType: bindingType ?? 'latest' };
}

/**
 * Exactly one of formId and formKey, with Zeebe's messages; externalReference belongs to Camunda
 * user tasks and is ignored here, as Zeebe ignores it.
 */
export function readFormReference(extensions: ZeebeExtensions, report: Report): FormReference | undefined {
  const form = extensions.take('zeebe:FormDefinition');
  if (!form) return undefined;
  const formId = notBlank(str(form, 'formId'));
  const formKey = notBlank(str(form, 'formKey'));
  if ((formId === undefined) === (formKey === undefined)) {
    report("Exactly one of the attributes 'formId, formKey' must be present and not blank");
  }
  if (formKey !== undefined && Object.hasOwn(form, 'bindingType')) report("Attribute 'formKey' must not be used in combination with attribute 'bindingType'");
  const formBinding = formId !== undefined ? readFormBinding(form, report) : undefined;
  if (formId?.startsWith('=')) report('a FEEL expression as zeebe:formDefinition formId is not supported by the embedded engine');
  return { ...(formId !== undefined && { formId, formBinding }), ...(formKey !== undefined && { formKey }) };
}

/** The process's zeebe:userTaskForm elements (any number): each needs an id and a body. */
export function checkEmbeddedForms(extensions: ZeebeExtensions, report: Report): void {
  for (const form of extensions.takeAll('zeebe:UserTaskForm')) {
    if (idOf(form).trim() === '') report('zeebe:userTaskForm id must be present and not empty');
    if ((str(form, 'body') ?? '') === '') report('User task form text content has to be present and not empty');
  }
}

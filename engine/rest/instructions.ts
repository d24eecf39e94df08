import { invalidArgument } from '../runtime/errors.js';
import type { Modification, VariableInstruction } from '../runtime/modification.js';
import type { MigrationPlan } from '../runtime/migration.js';
import type { MoveInstruction } from '../runtime/batch-operations.js';
import { checkVariableSizes } from './limits.js';

/**
 * The request bodies of process-instance modification and migration (8.8's
 * ProcessInstanceModificationInstruction and ProcessInstanceMigrationInstruction), read into the
 * runtime's types. A malformed body is a 400 naming the field, and nothing is changed.
 */

type Json = Record<string, unknown>;

function list(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidArgument(`Expected ${field} to be an array`, { field });
  return value;
}

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(`Expected ${field} to be an object`, { field });
  return value as Json;
}

function id(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalidArgument(`No ${field} provided.`, { field });
  return value;
}

/** A key as the contract sends it: a digit string (a number is taken too). */
function keyOf(value: unknown, field: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,16}$/.test(text)) throw invalidArgument(`Expected ${field} to be a numeric key, but was ${JSON.stringify(value)}`, { field });
  return Number(text);
}

function variableInstruction(value: unknown, field: string, maxVariableBytes: number): VariableInstruction {
  const v = object(value, field);
  const variables = object(v.variables, `${field}.variables`);
  checkVariableSizes(variables, maxVariableBytes, `${field}.variables`);
  const scopeId = v.scopeId === undefined || v.scopeId === null ? '' : v.scopeId;
  if (typeof scopeId !== 'string') throw invalidArgument(`Expected ${field}.scopeId to be a string`, { field: `${field}.scopeId` });
  return { variables, scopeId };
}

/** `maxVariableBytes`: the largest variable its variable instructions may set, as JSON. */
export function modificationOf(body: Json, maxVariableBytes: number): Modification {
  const activateInstructions = list(body.activateInstructions, 'activateInstructions').map((value, i) => {
    const field = `activateInstructions[${i}]`;
    const a = object(value, field);
    const ancestor = a.ancestorElementInstanceKey;
    // the contract's default, -1, means "find the flow scope instance"
    const noAncestor = ancestor === undefined || ancestor === null || ancestor === '-1' || ancestor === -1;
    return {
      elementId: id(a.elementId, `${field}.elementId`),
      ...(noAncestor ? {} : { ancestorElementInstanceKey: keyOf(ancestor, `${field}.ancestorElementInstanceKey`) }),
      variableInstructions: list(a.variableInstructions, `${field}.variableInstructions`).map((v, j) => variableInstruction(v, `${field}.variableInstructions[${j}]`, maxVariableBytes)),
    };
  });
  const terminateInstructions = list(body.terminateInstructions, 'terminateInstructions').map((value, i) => {
    const field = `terminateInstructions[${i}]`;
    return { elementInstanceKey: keyOf(object(value, field).elementInstanceKey, `${field}.elementInstanceKey`) };
  });
  return { activateInstructions, terminateInstructions };
}

export function migrationPlanOf(plan: Json, prefix = ''): MigrationPlan {
  if (plan.targetProcessDefinitionKey === undefined || plan.targetProcessDefinitionKey === null) {
    throw invalidArgument(`No ${prefix}targetProcessDefinitionKey provided.`, { field: `${prefix}targetProcessDefinitionKey` });
  }
  if (plan.mappingInstructions === undefined || plan.mappingInstructions === null) {
    throw invalidArgument(`No ${prefix}mappingInstructions provided.`, { field: `${prefix}mappingInstructions` });
  }
  return {
    targetProcessDefinitionKey: keyOf(plan.targetProcessDefinitionKey, `${prefix}targetProcessDefinitionKey`),
    mappingInstructions: list(plan.mappingInstructions, `${prefix}mappingInstructions`).map((value, i) => {
      const field = `${prefix}mappingInstructions[${i}]`;
      const m = object(value, field);
      return { sourceElementId: id(m.sourceElementId, `${field}.sourceElementId`), targetElementId: id(m.targetElementId, `${field}.targetElementId`) };
    }),
  };
}

/** A batch's filter: the contract requires one, and without it a batch would act on every instance. */
export function batchFilterOf(body: Json, what: string): Json {
  const { filter } = body;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw invalidArgument(`No filter provided: a batch ${what} the process instances a filter matches`);
  return filter as Json;
}

/** A batch modification's moveInstructions (8.8's ProcessInstanceModificationMoveBatchOperationInstruction). */
export function moveInstructionsOf(body: Json): MoveInstruction[] {
  if (body.moveInstructions === undefined || body.moveInstructions === null) throw invalidArgument('No moveInstructions provided.', { field: 'moveInstructions' });
  return list(body.moveInstructions, 'moveInstructions').map((value, i) => {
    const field = `moveInstructions[${i}]`;
    const m = object(value, field);
    return { sourceElementId: id(m.sourceElementId, `${field}.sourceElementId`), targetElementId: id(m.targetElementId, `${field}.targetElementId`) };
  });
}

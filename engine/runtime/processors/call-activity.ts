import { evaluateString } from '../../feel/feel.js';
import { bindingAccepts } from '../binding.js';
import { ActivationIncident, feelOpts } from '../evaluation.js';
import type { CalledElementDefinition } from '../../model/types.js';
import type { RuntimeContext } from '../context.js';
import type { DefinitionRecord, ElementInstanceRecord } from '../records.js';
import type { CallingProcessor } from './processor.js';

/** The version of the called process its binding type picks (Zeebe's CallActivityProcessor#getCalledProcess, with its messages). */
function calledProcess(ctx: RuntimeContext, ei: ElementInstanceRecord, called: CalledElementDefinition, processId: string): DefinitionRecord {
  const definitions = ctx.behaviors.definitions;
  const accepts = bindingAccepts(ctx, ei, called);
  if (called.bindingType === 'deployment') {
    const deploymentKey = ctx.definition(ei.definitionKey).deploymentKey;
    const def = definitions.latestDefinitionWhere((d) => d.bpmnProcessId === processId && accepts(d));
    if (def) return def;
    throw new ActivationIncident(
      'CALLED_ELEMENT_ERROR',
      `Expected to call process with BPMN process id '${processId}' with binding type 'deployment', but no such process found in the deployment with key ${deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.',
    );
  }
  if (called.bindingType === 'versionTag') {
    const def = definitions.latestDefinitionWhere((d) => d.bpmnProcessId === processId && accepts(d));
    if (def) return def;
    throw new ActivationIncident(
      'CALLED_ELEMENT_ERROR',
      `Expected to call process with BPMN process id '${processId}' and version tag '${called.versionTag}', but no such process found. ` +
        'To resolve this incident, deploy a process with the given process id and version tag.',
    );
  }
  const def = definitions.latestDefinitionByProcessId(processId);
  if (def) return def;
  throw new ActivationIncident('CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${processId}' to be deployed, but not found.`);
}

/** Starts an instance of the called process (by its binding type) and waits for it. */
export const callActivity: CallingProcessor = {
  onActivate(ctx, ei, element) {
    const called = element.calledElement!;
    const vars = ctx.visibleVariables(ei.key);
    const processId = evaluateString(called.processId, vars, feelOpts(ctx));
    const def = calledProcess(ctx, ei, called, processId);
    const childModel = ctx.model(def.key);
    if (!childModel.elements.get(childModel.id)!.noneStartEventId) {
      throw new ActivationIncident('CALLED_ELEMENT_ERROR', `Expected process with BPMN process id '${processId}' to have a none start event, but not found.`);
    }
    const input = called.propagateAllParentVariables ? vars : { ...ei.variables };
    const child = ctx.behaviors.lifecycle.startProcessInstance(def, input, { parentElementInstanceKey: ei.key });
    ei.calledProcessInstanceKey = child.key;
    ctx.saveEi(ei);
  },
  onCalledInstanceCompleted(ctx, ei, element, variables) {
    delete ei.calledProcessInstanceKey;
    // output mappings read the child's variables even when they are not all propagated
    if (element.calledElement!.propagateAllChildVariables || element.outputs.length > 0) ei.pending = { ...variables };
    ctx.saveEi(ei);
    ctx.enqueue(() => ctx.behaviors.lifecycle.complete(ei));
  },
  /**
   * Ends the called instance first. Canceling task listeners in it may hold its termination; the
   * call activity then stays TERMINATING until the called instance ended, which releases it.
   */
  onTerminate(ctx, ei, _element, mode) {
    if (ei.calledProcessInstanceKey === undefined) return;
    const child = ctx.ei(ei.calledProcessInstanceKey);
    if (!child) return;
    if (mode === 'immediate') {
      ctx.behaviors.lifecycle.terminateNow(child);
      return;
    }
    ctx.behaviors.lifecycle.terminate(child);
    // still there: its termination is held
    if (ctx.ei(child.key)) return 'held';
  },
};

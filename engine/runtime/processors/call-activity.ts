import { evaluateString } from '../../feel/feel.js';
import { ActivationIncident, feelOpts } from '../evaluation.js';
import type { CallingProcessor } from './processor.js';

/** Starts an instance of the latest version of the called process and waits for it. */
export const callActivity: CallingProcessor = {
  onActivate(ctx, ei, element) {
    const called = element.calledElement!;
    const vars = ctx.visibleVariables(ei.key);
    const processId = evaluateString(called.processId, vars, feelOpts(ctx));
    const def = ctx.behaviors.definitions.latestDefinitionByProcessId(processId);
    if (!def) {
      throw new ActivationIncident(
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
      );
    }
    const childModel = ctx.model(def.key);
    if (!childModel.elements.get(childModel.id)!.noneStartEventId) {
      throw new ActivationIncident('CALLED_ELEMENT_ERROR', `Expected process '${processId}' to have a none start event, but not found.`);
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
  onTerminate(ctx, ei) {
    if (ei.calledProcessInstanceKey === undefined) return;
    const child = ctx.ei(ei.calledProcessInstanceKey);
    if (child) ctx.behaviors.lifecycle.terminate(child);
  },
};

import type { ElementModel, ProcessModel } from './types.js';
import type { ProblemList } from './problems.js';

/**
 * Link events as Zeebe 8.8 validates them: within one scope (the process or a sub-process) every
 * link throw event names a link catch event, and no two catch events share a name. Each throw
 * event learns its catch event here, so the runtime jumps without a search.
 */
export function checkLinkEvents(model: ProcessModel, problems: ProblemList): void {
  const byScope = new Map<string, { catches: Map<string, ElementModel[]>; throws: ElementModel[] }>();
  for (const element of model.elements.values()) {
    if (element.event?.type !== 'link' || element.parentId === undefined) continue;
    let scope = byScope.get(element.parentId);
    if (!scope) byScope.set(element.parentId, (scope = { catches: new Map(), throws: [] }));
    if (element.behavior === 'linkCatchEvent') {
      const named = scope.catches.get(element.event.name) ?? [];
      scope.catches.set(element.event.name, [...named, element]);
    } else {
      scope.throws.push(element);
    }
  }
  for (const [scopeId, { catches, throws }] of byScope) {
    const scope = model.elements.get(scopeId)!;
    const report = (message: string) => problems.add(scope.id, scope.bpmnType, message);
    for (const [name, named] of catches) {
      if (name !== '' && named.length > 1) report(`Multiple intermediate catch link event definitions with the same name '${name}' are not allowed.`);
    }
    for (const thrower of throws) {
      const name = thrower.event?.type === 'link' ? thrower.event.name : '';
      // an empty name was reported when the definition was compiled
      if (name === '') continue;
      const target = catches.get(name)?.[0];
      if (target) thrower.linkTargetId = target.id;
      else report(`Can't find an catch link event for the throw link event with the name '${name}'.`);
    }
  }
}

import type { Request } from 'express';
import { invalidArgument, notFound } from '../runtime/errors.js';
import type { DecisionRecord, DecisionRequirementsRecord } from '../runtime/records.js';
import { decisionInstance, decisionInstances } from './indexed-specs.js';
import { indexedSearch } from './indexed-search.js';
import { body, key, optionalKey, route, text, type RouteDeps } from './request.js';
import { search, type SearchRequest } from './search.js';
import { decisionDefinitionDto, decisionEvaluationDto, decisionRequirementsDto } from './wire.js';

/** The decision routes: evaluating a decision, its definitions and requirements graphs, its evaluated instances. */
export function registerDecisionRoutes({ api, engine, variablesOf }: RouteDeps): void {
  const store = engine.ctx.store;
  const db = store.index.db;

  api.post('/decision-definitions/evaluation', route(async (req) => {
    const b = body(req);
    const decisionDefinitionKey = optionalKey(b.decisionDefinitionKey, 'decisionDefinitionKey');
    const evaluation = await engine.evaluateDecision({
      ...(b.decisionDefinitionId !== undefined ? { decisionDefinitionId: text(b.decisionDefinitionId, 'decisionDefinitionId')! } : {}),
      ...(decisionDefinitionKey !== undefined ? { decisionDefinitionKey } : {}),
      variables: variablesOf(b.variables),
    });
    return decisionEvaluationDto(evaluation);
  }));

  const decisionOr404 = (req: Request) => {
    const decision = store.get<DecisionRecord>('decision', key(req, 'key'));
    if (!decision) throw notFound(`Decision definition with key '${String(req.params.key)}' not found`);
    return decision;
  };
  const requirementsOr404 = (req: Request) => {
    const drg = store.get<DecisionRequirementsRecord>('decisionRequirements', key(req, 'key'));
    if (!drg) throw notFound(`Decision requirements with key '${String(req.params.key)}' not found`);
    return drg;
  };

  api.post('/decision-definitions/search', route((req) =>
    search([...store.table<DecisionRecord>('decision').values()].map(decisionDefinitionDto), body(req) as SearchRequest)));

  api.get('/decision-definitions/:key', route((req) => decisionDefinitionDto(decisionOr404(req))));

  // a decision's XML is that of the whole graph it belongs to, as on a cluster
  api.get('/decision-definitions/:key/xml', route((req, res) => {
    const drg = store.get<DecisionRequirementsRecord>('decisionRequirements', decisionOr404(req).decisionRequirementsKey)!;
    res.type('text/xml').send(drg.xml);
  }));

  api.post('/decision-requirements/search', route((req) =>
    search([...store.table<DecisionRequirementsRecord>('decisionRequirements').values()].map(decisionRequirementsDto), body(req) as SearchRequest)));

  api.get('/decision-requirements/:key', route((req) => decisionRequirementsDto(requirementsOr404(req))));

  api.get('/decision-requirements/:key/xml', route((req, res) => {
    res.type('text/xml').send(requirementsOr404(req).xml);
  }));

  api.post('/decision-instances/search', route((req) => indexedSearch(db, decisionInstances, body(req) as SearchRequest)));

  api.get('/decision-instances/:id', route((req) => {
    const id = String(req.params.id);
    if (!/^\d{1,16}-\d{1,6}$/.test(id)) throw invalidArgument(`Expected decisionEvaluationInstanceKey to be an evaluation key and a position ('<key>-<n>'), but was '${id}'`);
    const [found] = indexedSearch(db, decisionInstance, { filter: { decisionEvaluationInstanceKey: id } }).items;
    if (!found) throw notFound(`Decision instance with key '${id}' not found`);
    return found;
  }));
}

import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import { type LintConfig, Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { startTestEngine } from '../support/engine.js';

const root = join(import.meta.dirname, '..', '..');
const processesDir = join(root, 'processes');
const files = readdirSync(processesDir)
  .filter((name) => name.endsWith('.bpmn'))
  .sort();

/** The part of moddle's object model these checks read. */
interface ModdleObject {
  readonly $type: string;
  readonly id?: string;
  $instanceOf(type: string): boolean;
  get(property: string): unknown;
}

const objects = (value: unknown): ModdleObject[] => (Array.isArray(value) ? (value as ModdleObject[]) : []);
const moddle = new BpmnModdle({ zeebe: zeebeSchema });

async function parse(file: string): Promise<ModdleObject> {
  const { rootElement, warnings } = await moddle.fromXML(readFileSync(join(processesDir, file), 'utf8'));
  expect(warnings.map((warning) => warning.message), `${file} reads without warnings`).to.deep.equal([]);
  return rootElement as ModdleObject;
}

/** Every flow element, sub-process contents included. */
function flowElements(container: ModdleObject): ModdleObject[] {
  return objects(container.get('flowElements')).flatMap((element) =>
    element.$type === 'bpmn:SubProcess' ? [element, ...flowElements(element)] : [element],
  );
}

function processesOf(definitions: ModdleObject): ModdleObject[] {
  return objects(definitions.get('rootElements')).filter((root) => root.$type === 'bpmn:Process');
}

function extension(element: ModdleObject, type: string): ModdleObject | undefined {
  const extensionElements = element.get('extensionElements') as ModdleObject | undefined;
  return objects(extensionElements?.get('values')).find((value) => value.$type === type);
}

/** The backticked names in the rows of one section's table, first column. */
function contractSection(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  expect(start, `docs/procedures.md has a section '${heading}'`).to.be.greaterThan(-1);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

function firstColumnNames(section: string): Set<string> {
  return new Set([...section.matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1]));
}

const contract = readFileSync(join(root, 'docs', 'procedures.md'), 'utf8');
const contractJobTypes = firstColumnNames(contractSection(contract, 'Job types'));
const contractMessages = firstColumnNames(contractSection(contract, 'Messages'));
const contractErrorCodes = new Set(contract.match(/\b[A-Z][A-Z_]+[A-Z]\b(?=`)/g));
const formsSection = contractSection(contract, 'Forms');
const formsParagraph = formsSection.slice(formsSection.indexOf('Forms:'), formsSection.indexOf('\n\n', formsSection.indexOf('Forms:')));
const contractFormIds = new Set([...formsParagraph.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]));
const STATIC_GROUPS = new Set(['supervision', 'complaint-office', 'committee']);
const DEPARTMENT_GROUP = /^=\["(window|lead|head|review):" \+ (departmentCode|department)\]$/;
const LISTENERS = ['creating:user-task-creating', 'assigning:user-task-assigning', 'completing:user-task-completing'];

const bpmnlintConfig = (): LintConfig => {
  const { extends: extendsConfigs, rules } = JSON.parse(readFileSync(join(root, '.bpmnlintrc'), 'utf8')) as LintConfig;
  return { ...(extendsConfigs && { extends: extendsConfigs }), ...(rules && { rules }) };
};

describe('processes', () => {
  it('should have a diagram for every procedure and shared sub-procedure', () => {
    expect(files).to.include.members([
      'immediate-case.bpmn',
      'promised-case.bpmn',
      'joint-approval.bpmn',
      'reported-case.bpmn',
      'complaint.bpmn',
      'supplement.bpmn',
      'refusal.bpmn',
      'evaluation.bpmn',
    ]);
  });

  for (const file of files) {
    describe(file, () => {
      let definitions: ModdleObject;
      let elements: ModdleObject[];

      before(async () => {
        definitions = await parse(file);
        elements = processesOf(definitions).flatMap(flowElements);
      });

      it('should hold one process whose id is the file name', () => {
        expect(processesOf(definitions).map((process) => process.id)).to.deep.equal([file.replace(/\.bpmn$/, '')]);
      });

      it('should target Camunda 8.8', () => {
        const attrs = (definitions as unknown as { $attrs: Record<string, string> }).$attrs;
        expect(attrs['modeler:executionPlatform']).to.equal('Camunda Cloud');
        expect(attrs['modeler:executionPlatformVersion']).to.equal('8.8.0');
      });

      it('should pass bpmnlint with the project configuration without errors', async () => {
        const linter = new Linter({
          config: bpmnlintConfig(),
          resolver: new NodeResolver({ require: createRequire(join(root, 'package.json')) }),
        });
        const reports = await linter.lint(definitions);
        const errors = Object.entries(reports).flatMap(([rule, found]) =>
          found.filter((report) => report.category === 'error' || report.category === 'rule-error').map((report) => `${rule}: ${report.id ?? ''} ${report.message}`),
        );
        expect(errors.join('\n')).to.equal('');
      });

      it('should have a shape or an edge for every flow node and sequence flow', () => {
        const drawn = new Set<unknown>(
          objects(definitions.get('diagrams')).flatMap((diagram) =>
            objects((diagram.get('plane') as ModdleObject).get('planeElement')).map((di) => di.get('bpmnElement')),
          ),
        );
        const undrawn = elements
          .filter((element) => element.$instanceOf('bpmn:FlowNode') || element.$type === 'bpmn:SequenceFlow')
          .filter((element) => !drawn.has(element))
          .map((element) => element.id);
        expect(undrawn).to.deep.equal([]);
      });

      it('should make every user task a Camunda user task with a candidate group, a form and the three task listeners', () => {
        for (const task of elements.filter((element) => element.$type === 'bpmn:UserTask')) {
          const where = `${file} ${task.id}`;
          expect(extension(task, 'zeebe:UserTask'), `${where} zeebe:userTask`).to.exist;
          const groups = extension(task, 'zeebe:AssignmentDefinition')?.get('candidateGroups') as string | undefined;
          expect(groups, `${where} candidate group`).to.be.a('string');
          expect(STATIC_GROUPS.has(groups!) || DEPARTMENT_GROUP.test(groups!), `${where} candidate group ${groups} is in the contract`).to.equal(true);
          const formId = extension(task, 'zeebe:FormDefinition')?.get('formId') as string | undefined;
          expect(contractFormIds, `${where} form`).to.include(formId);
          const listeners = objects(extension(task, 'zeebe:TaskListeners')?.get('listeners')).map(
            (listener) => `${listener.get('eventType') as string}:${listener.get('type') as string}`,
          );
          expect(listeners, `${where} task listeners`).to.have.members(LISTENERS);
        }
      });

      it('should use only job types listed in docs/procedures.md', () => {
        const jobTypes = elements.flatMap((element) => {
          const type = extension(element, 'zeebe:TaskDefinition')?.get('type') as string | undefined;
          return type === undefined ? [] : [type];
        });
        for (const type of jobTypes) expect(contractJobTypes, `${file}: job type ${type}`).to.include(type);
      });

      it('should use only messages and error codes listed in docs/procedures.md', () => {
        const roots = objects(definitions.get('rootElements'));
        for (const message of roots.filter((root) => root.$type === 'bpmn:Message')) {
          expect(contractMessages, `${file}: message`).to.include(message.get('name'));
          const key = extension(message, 'zeebe:Subscription')?.get('correlationKey');
          expect(['=caseNumber', '=complaintNumber'], `${file}: correlation key of ${message.get('name') as string}`).to.include(key);
        }
        for (const error of roots.filter((root) => root.$type === 'bpmn:Error')) {
          expect(contractErrorCodes, `${file}: error code`).to.include(error.get('errorCode'));
        }
      });
    });
  }

  describe('deployment', () => {
    it('should deploy every diagram to the embedded engine', async () => {
      const engine = await startTestEngine();
      try {
        const deployment = await engine.client.deployResources(
          files.map((name) => ({ name, content: readFileSync(join(processesDir, name), 'utf8') })),
        );
        expect(deployment.processes.map((process) => process.processDefinitionId).sort()).to.deep.equal(
          files.map((name) => name.replace(/\.bpmn$/, '')).sort(),
        );
      } finally {
        await engine.stop();
      }
    });
  });
});

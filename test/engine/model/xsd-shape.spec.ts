import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DeploymentRejectedError, compileBpmn } from '../../../engine/model/compile.js';
import type { ModelProblem } from '../../../engine/model/types.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { rejection } from '../../support/scopes.js';

/**
 * Schema errors bpmn-moddle swallows and Zeebe 8.8 refuses: Zeebe reads a deployment with Camunda's
 * model API, which validates it against the BPMN 2.0 XSD (BPMN20.xsd, Semantic.xsd) before its own
 * rules run, so an attribute outside its XSD type (xsd:boolean is true, false, 1 or 0), a child
 * element out of its xsd:sequence (tFlowNode: incoming*, outgoing*; tProcess: ..., flowElement*,
 * artifact*), an attribute with use="required" left out (targetNamespace, a sequence flow's
 * targetRef), a child with minOccurs="1" left out (a conditional event's condition), two branches of
 * an xsd:choice (a timer's timeDate and timeCycle) or an xsd:IDREF naming no id fails the deployment.
 */

const root = join(import.meta.dirname, '..', '..', '..');

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return bpmnFiles(path);
    return entry.name.endsWith('.bpmn') ? [path] : [];
  });
}

const definitions = (process: string, attributes = 'targetNamespace="http://bpmn.io/schema/bpmn"') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" ${attributes}>
${process}
</bpmn:definitions>`;

async function problemsOf(xml: string): Promise<ModelProblem[]> {
  try {
    await compileBpmn(xml, 'shape.bpmn');
  } catch (err) {
    if (err instanceof DeploymentRejectedError) return err.problems;
    throw err;
  }
  return [];
}

describe('engine/model: XSD shape of a diagram, as Zeebe 8.8 validates it', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(async () => {
    await t.stop();
  });

  it('should find nothing to refuse in any diagram of processes/ or test/fixtures', async () => {
    const files = [...bpmnFiles(join(root, 'processes')), ...bpmnFiles(join(root, 'test', 'fixtures'))];
    expect(files.length).to.be.greaterThan(100);
    const refused: string[] = [];
    for (const file of files) {
      const schemaProblems = (await problemsOf(readFileSync(file, 'utf8'))).filter((p) => p.message.startsWith('cvc-'));
      refused.push(...schemaProblems.map((p) => `${relative(root, file)}: ${p.elementId} ${p.message}`));
    }
    expect(refused).to.deep.equal([]);
  });

  it('should refuse a non-boolean triggeredByEvent or isExecutable, which moddle reads as false, naming the element and the line', async () => {
    const xml = definitions(`  <bpmn:process id="shape-bool" isExecutable="yes">
    <bpmn:startEvent id="start" />
    <bpmn:subProcess id="sub" triggeredByEvent="maybe"><bpmn:startEvent id="inner" /></bpmn:subProcess>
  </bpmn:process>`);

    const problems = await problemsOf(xml);

    expect(problems).to.deep.include({
      elementId: 'shape-bool',
      elementType: 'bpmn:Process',
      message: "cvc-attribute.3: The value 'yes' of attribute 'isExecutable' on element 'bpmn:process' is not valid with respect to its type, 'boolean' (line 3)",
    });
    expect(problems).to.deep.include({
      elementId: 'sub',
      elementType: 'bpmn:SubProcess',
      message: "cvc-attribute.3: The value 'maybe' of attribute 'triggeredByEvent' on element 'bpmn:subProcess' is not valid with respect to its type, 'boolean' (line 5)",
    });
  });

  it('should accept the XSD spellings 1 and 0 of a boolean and a padded integer', async () => {
    const xml = definitions(`  <bpmn:process id="shape-lexical" isExecutable="1">
    <bpmn:startEvent id="start" isInterrupting="0" />
    <bpmn:task id="task" completionQuantity=" 1 " />
  </bpmn:process>`);

    expect((await problemsOf(xml)).filter((p) => p.message.startsWith('cvc-'))).to.deep.equal([]);
  });

  it('should refuse a bpmn:definitions without targetNamespace, an integer, an enumeration value and an id outside their types', async () => {
    const xml = definitions(
      `  <bpmn:process id="shape-types" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:task id="task" startQuantity="many" />
    <bpmn:exclusiveGateway id="gateway" gatewayDirection="Sideways" />
    <bpmn:task id="2nd task" />
  </bpmn:process>`,
      '',
    );

    const messages = (await problemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    expect(messages).to.include.members([
      "defs: cvc-complex-type.4: Attribute 'targetNamespace' must appear on element 'bpmn:definitions' (line 2)",
      "task: cvc-attribute.3: The value 'many' of attribute 'startQuantity' on element 'bpmn:task' is not valid with respect to its type, 'integer' (line 5)",
      "gateway: cvc-enumeration-valid: Value 'Sideways' is not facet-valid with respect to enumeration '[Unspecified, Converging, Diverging, Mixed]'; " +
        "cvc-attribute.3: The value 'Sideways' of attribute 'gatewayDirection' on element 'bpmn:exclusiveGateway' is not valid with respect to its type, 'tGatewayDirection' (line 6)",
      "2nd task: cvc-datatype-valid.1.2.1: '2nd task' is not a valid value for 'NCName'; " +
        "cvc-attribute.3: The value '2nd task' of attribute 'id' on element 'bpmn:task' is not valid with respect to its type, 'ID' (line 7)",
    ]);
  });

  it('should refuse bpmn:outgoing before bpmn:incoming and a flow element after an artifact, through the deployment API', async () => {
    const xml = definitions(`  <bpmn:process id="shape-order" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:textAnnotation id="note"><bpmn:text>why</bpmn:text></bpmn:textAnnotation>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:task id="task">
      <bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:incoming>f1</bpmn:incoming>
    </bpmn:task>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>`);

    const refused = await rejection(t.client.deployResources([{ name: 'shape-order.bpmn', content: xml }]));

    expect(refused.status).to.equal(400);
    expect(refused.detail).to.contain(
      "- Element: task (bpmn:Task)\n    - ERROR: cvc-complex-type.2.4.a: Invalid content was found starting with element 'bpmn:incoming': in bpmn:task it must come before 'bpmn:outgoing' (line 9)",
    );
    expect(refused.detail).to.contain(
      "- Element: shape-order (bpmn:Process)\n    - ERROR: cvc-complex-type.2.4.a: Invalid content was found starting with element 'bpmn:sequenceFlow': in bpmn:process it must come before 'bpmn:textAnnotation' (line 6)",
    );
  });
  it('should refuse a sequence flow, message flow, association or import without an attribute the XSD requires, through the deployment API', async () => {
    const xml = definitions(`  <bpmn:import namespace="urn:service-hall:types" importType="http://www.w3.org/2001/XMLSchema" />
  <bpmn:collaboration id="collab">
    <bpmn:participant id="hall" processRef="shape-required" />
    <bpmn:participant id="applicant" />
    <bpmn:messageFlow id="letter" targetRef="hall" />
  </bpmn:collaboration>
  <bpmn:process id="shape-required" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" />
    <bpmn:textAnnotation id="note" />
    <bpmn:association id="link" sourceRef="start" />
  </bpmn:process>`);

    const refused = await rejection(t.client.deployResources([{ name: 'shape-required.bpmn', content: xml }]));

    expect(refused.status).to.equal(400);
    for (const expected of [
      "- Element: (document)\n    - ERROR: cvc-complex-type.4: Attribute 'location' must appear on element 'bpmn:import' (line 3)",
      "- Element: letter (bpmn:MessageFlow)\n    - ERROR: cvc-complex-type.4: Attribute 'sourceRef' must appear on element 'bpmn:messageFlow' (line 7)",
      "- Element: f1 (bpmn:SequenceFlow)\n    - ERROR: cvc-complex-type.4: Attribute 'targetRef' must appear on element 'bpmn:sequenceFlow' (line 12)",
      "- Element: link (bpmn:Association)\n    - ERROR: cvc-complex-type.4: Attribute 'targetRef' must appear on element 'bpmn:association' (line 14)",
    ]) {
      expect(refused.detail).to.contain(expected);
    }
  });

  it('should refuse a conditional event without its condition, an assignment without from and a data association without targetRef, naming the missing child', async () => {
    const xml = definitions(`  <bpmn:process id="shape-children" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:dataObject id="file" />
    <bpmn:dataObjectReference id="fileRef" dataObjectRef="file" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:conditionalEventDefinition id="when" />
    </bpmn:intermediateCatchEvent>
    <bpmn:task id="task">
      <bpmn:dataInputAssociation id="in">
        <bpmn:sourceRef>fileRef</bpmn:sourceRef>
      </bpmn:dataInputAssociation>
      <bpmn:dataOutputAssociation id="out">
        <bpmn:targetRef>fileRef</bpmn:targetRef>
        <bpmn:assignment id="copy">
          <bpmn:to>applicant</bpmn:to>
        </bpmn:assignment>
      </bpmn:dataOutputAssociation>
    </bpmn:task>
  </bpmn:process>`);

    const messages = (await problemsOf(xml)).map((p) => `${p.elementId} (${p.elementType}): ${p.message}`);

    expect(messages).to.include.members([
      "when (bpmn:ConditionalEventDefinition): cvc-complex-type.2.4.b: The content of element 'bpmn:conditionalEventDefinition' is not complete: it needs 'bpmn:condition' (line 8)",
      "in (bpmn:DataInputAssociation): cvc-complex-type.2.4.b: The content of element 'bpmn:dataInputAssociation' is not complete: it needs 'bpmn:targetRef' (line 13)",
      "copy (bpmn:Assignment): cvc-complex-type.2.4.a: Invalid content was found starting with element 'bpmn:to': in bpmn:assignment 'bpmn:from' must come before it (line 17)",
    ]);
  });

  it('should refuse a timer holding two branches of its xsd:choice, timeDate and timeCycle, and accept one of them', async () => {
    const timer = (children: string) =>
      definitions(`  <bpmn:process id="shape-choice" isExecutable="true">
    <bpmn:startEvent id="start">
      <bpmn:timerEventDefinition id="clock">
        ${children}
      </bpmn:timerEventDefinition>
    </bpmn:startEvent>
  </bpmn:process>`);

    const both = await problemsOf(timer('<bpmn:timeDate>2030-01-01T09:00:00+08:00</bpmn:timeDate>\n        <bpmn:timeCycle>R/PT1H</bpmn:timeCycle>'));
    const one = await problemsOf(timer('<bpmn:timeCycle>R/PT1H</bpmn:timeCycle>'));

    expect(both).to.deep.include({
      elementId: 'clock',
      elementType: 'bpmn:TimerEventDefinition',
      message:
        "cvc-complex-type.2.4.d: Invalid content was found starting with element 'bpmn:timeCycle': bpmn:timerEventDefinition already holds 'bpmn:timeDate' " +
        'and its xsd:choice allows only one of bpmn:timeDate | bpmn:timeDuration | bpmn:timeCycle (line 7)',
    });
    expect(one.filter((p) => p.message.startsWith('cvc-'))).to.deep.equal([]);
  });

  it('should refuse a dataObjectRef, data association sourceRef, lane flowNodeRef or gateway default that names no id (xsd:IDREF)', async () => {
    const xml = definitions(`  <bpmn:process id="shape-idref" isExecutable="true">
    <bpmn:laneSet id="lanes">
      <bpmn:lane id="window"><bpmn:flowNodeRef>counter</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="start" />
    <bpmn:dataObjectReference id="fileRef" dataObjectRef="file" />
    <bpmn:exclusiveGateway id="check" default="otherwise" />
    <bpmn:task id="task">
      <bpmn:dataInputAssociation id="in">
        <bpmn:sourceRef>form</bpmn:sourceRef>
        <bpmn:targetRef>fileRef</bpmn:targetRef>
      </bpmn:dataInputAssociation>
    </bpmn:task>
  </bpmn:process>`);

    const messages = (await problemsOf(xml)).map((p) => `${p.elementId}: ${p.message}`);

    expect(messages).to.include.members([
      "window: flowNodeRef references 'counter', which does not exist",
      "fileRef: dataObjectRef references 'file', which does not exist",
      "check: default references 'otherwise', which does not exist",
      "in: sourceRef references 'form', which does not exist",
    ]);
  });

  it("should refuse a process's supportedInterfaceRef after its ioSpecification, and accept an activity's ioSpecification after its outgoing", async () => {
    const xml = definitions(`  <bpmn:interface id="intake" name="收件">
    <bpmn:operation id="register" name="登记"><bpmn:inMessageRef>application</bpmn:inMessageRef></bpmn:operation>
  </bpmn:interface>
  <bpmn:message id="application" name="application" />
  <bpmn:process id="shape-callable" isExecutable="true">
    <bpmn:ioSpecification id="io"><bpmn:inputSet id="inputs" /><bpmn:outputSet id="outputs" /></bpmn:ioSpecification>
    <bpmn:supportedInterfaceRef>intake</bpmn:supportedInterfaceRef>
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:task id="task">
      <bpmn:incoming>f1</bpmn:incoming>
      <bpmn:ioSpecification id="taskIo"><bpmn:inputSet id="taskInputs" /><bpmn:outputSet id="taskOutputs" /></bpmn:ioSpecification>
    </bpmn:task>
  </bpmn:process>`);

    const schemaProblems = (await problemsOf(xml)).filter((p) => p.message.startsWith('cvc-'));

    expect(schemaProblems).to.deep.equal([
      {
        elementId: 'shape-callable',
        elementType: 'bpmn:Process',
        message:
          "cvc-complex-type.2.4.a: Invalid content was found starting with element 'bpmn:supportedInterfaceRef': in bpmn:process it must come before 'bpmn:ioSpecification' (line 9)",
      },
    ]);
  });
});

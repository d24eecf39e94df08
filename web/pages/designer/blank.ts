/** What a file opened by a new id starts as, before its first save here. */

/** A new diagram: a start event on an empty Zeebe process whose id is the file's. */
export function blankDiagram(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Service Hall" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${id}" name="${id}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${id}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/**
 * A new decision file: one decision table (UNIQUE, one input, one output, one rule) on its
 * requirements diagram, labelled in Chinese. Its decision's id is the file's with -decision, so
 * it belongs to no other file; the input expression is left for the designer to write.
 */
export function blankDecision(id: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="${id}" name="${id}" namespace="http://camunda.org/schema/1.0/dmn" exporter="Service Hall" exporterVersion="0.1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <decision id="${id}-decision" name="新决策">
    <decisionTable id="${id}-table" hitPolicy="UNIQUE">
      <input id="${id}-input-1" label="输入">
        <inputExpression id="${id}-input-expression-1" typeRef="string">
          <text></text>
        </inputExpression>
      </input>
      <output id="${id}-output-1" label="结果" name="result" typeRef="string" />
      <rule id="${id}-rule-1">
        <inputEntry id="${id}-rule-1-input-1">
          <text>-</text>
        </inputEntry>
        <outputEntry id="${id}-rule-1-output-1">
          <text></text>
        </outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${id}-diagram">
      <dmndi:DMNShape id="${id}-decision-shape" dmnElementRef="${id}-decision">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

/** A new form for a user task (forms/<id>.form), as the project's forms start. */
export function blankForm(id: string): string {
  return `${JSON.stringify(
    {
      type: 'default',
      id,
      schemaVersion: 19,
      executionPlatform: 'Camunda Cloud',
      executionPlatformVersion: '8.8.0',
      exporter: { name: 'Service Hall', version: '0.1.0' },
      components: [{ type: 'text', id: 'Text_title', text: `## ${id}` }],
    },
    null,
    2,
  )}\n`;
}

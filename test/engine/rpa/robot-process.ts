/** A process whose one service task (job type camunda::RPA-Task::1) carries the given zeebe:linkedResource elements. */

export const RPA_JOB = 'camunda::RPA-Task::1';

export const robotProcess = (processId: string, links: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${processId}-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toRobot" sourceRef="start" targetRef="robot" />
    <bpmn:serviceTask id="robot"><bpmn:extensionElements>
      <zeebe:taskDefinition type="${RPA_JOB}" />
      <zeebe:linkedResources>${links}</zeebe:linkedResources>
    </bpmn:extensionElements></bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;

/**
 * A diagram file that also defines `complaint`, the process of 投诉办理 (complaint.bpmn): a
 * minimal start → end with its own diagram plane, which passes the designer's lint apart from
 * the foreign id. Deployed from another diagram's file, it would move `complaint` there.
 */
export function withComplaintProcess(xml: string): string {
  return xml
    .replace(
      '</bpmn:process>',
      '</bpmn:process>\n  <bpmn:process id="complaint" name="投诉办理" isExecutable="true">\n    <bpmn:startEvent id="complaintStart" name="收到投诉">\n      <bpmn:outgoing>cf</bpmn:outgoing>\n    </bpmn:startEvent>\n    <bpmn:sequenceFlow id="cf" sourceRef="complaintStart" targetRef="complaintEnd" />\n    <bpmn:endEvent id="complaintEnd" name="结束">\n      <bpmn:incoming>cf</bpmn:incoming>\n    </bpmn:endEvent>\n  </bpmn:process>',
    )
    .replace(
      '</bpmn:definitions>',
      '  <bpmndi:BPMNDiagram id="BPMNDiagram_complaint">\n    <bpmndi:BPMNPlane id="BPMNPlane_complaint" bpmnElement="complaint">\n      <bpmndi:BPMNShape id="complaintStart_di" bpmnElement="complaintStart">\n        <dc:Bounds x="57" y="52" width="36" height="36" />\n      </bpmndi:BPMNShape>\n      <bpmndi:BPMNShape id="complaintEnd_di" bpmnElement="complaintEnd">\n        <dc:Bounds x="157" y="52" width="36" height="36" />\n      </bpmndi:BPMNShape>\n      <bpmndi:BPMNEdge id="cf_di" bpmnElement="cf">\n        <di:waypoint x="93" y="70" />\n        <di:waypoint x="157" y="70" />\n      </bpmndi:BPMNEdge>\n    </bpmndi:BPMNPlane>\n  </bpmndi:BPMNDiagram>\n</bpmn:definitions>',
    );
}

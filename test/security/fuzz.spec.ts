import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../support/engine.js';
import { instanceState, rawDeploy } from '../engine/rest/helpers.js';
import { startWebHarness, type WebHarness } from '../support/web.js';

/**
 * Hostile and malformed input, generated from a fixed seed so a failure replays: JSON, BPMN XML and
 * FEEL thrown at the engine's REST API, and JSON at the web API's public and staff routes. Every
 * answer must be a client error or a success (never a 5xx, never a dropped connection), the
 * process must keep serving, and what was stored before must be as it was.
 */

/** mulberry32: small, seedable, good enough to pick mutations */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261206;
const HOSTILE_BITS = ['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', '\ud800', '9e999', '-0', 'NaN', 'null', 'true', '"__proto__":{"polluted":1}', '"constructor":{"prototype":{"polluted":1}}', '\n', '<', '&'];

function mutate(text: string, rnd: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const kind = Math.floor(rnd() * 4);
    if (kind === 0) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rnd() * 8));
    else if (kind === 1) out = out.slice(0, at) + HOSTILE_BITS[Math.floor(rnd() * HOSTILE_BITS.length)] + out.slice(at);
    else if (kind === 2) out = out.slice(0, at);
    else out = out.slice(0, at) + out.slice(Math.max(0, at - 20), at) + out.slice(at);
  }
  return out;
}

/** Bodies no mutation makes by chance: depth, width, size and prototype keys. */
const SPECIAL_JSON = [
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  '['.repeat(50_000),
  JSON.stringify({ variables: { big: 'x'.repeat(3_000_000) } }),
  JSON.stringify({ variables: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i])) }),
  '{"__proto__":{"isAdmin":true},"variables":{"__proto__":{"x":1}}}',
  '{"processDefinitionKey":1e999,"timeToLive":-1e999}',
  '',
  'null',
  '"just a string"',
];

const FEEL_TOKENS = ['x', '1', '"a"', '+', '-', '*', '/', '(', ')', '[', ']', '{', '}', ':', ',', '..', 'for i in', '1..1000000', 'return', 'i', 'count(', 'string join(', 'date("2026-13-40")', '@"P1D"', 'null', 'if', 'then', 'else', 'some', 'satisfies', '=', '>', 'and', 'or', 'not(', '\\', '"', '`', 'x.y.z', 'get or else(', 'is defined('];

function feelExpression(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 8);
  return Array.from({ length: n }, () => FEEL_TOKENS[Math.floor(rnd() * FEEL_TOKENS.length)]).join(' ');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function processWithInput(id: string, expression: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="t">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="fuzz" />
        <zeebe:ioMapping><zeebe:input source="=${escapeXml(expression)}" target="out" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
}

const SPECIAL_XML = [
  // entity expansion ("billion laughs") and an external entity reading a local file
  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="&lol4;"><bpmn:process id="lol" isExecutable="true" name="&lol4;"/></bpmn:definitions>`,
  `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><bpmn:process id="xxe" isExecutable="true" name="&xxe;"><bpmn:startEvent id="s"/></bpmn:process></bpmn:definitions>`,
  '<'.repeat(100_000),
  '<a>'.repeat(30_000),
];

interface Answer {
  status: number;
  text: string;
}

async function send(url: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}

function expectClientAnswer(answer: Answer, what: string): void {
  expect(answer.status, `${what} answered ${answer.status}: ${answer.text.slice(0, 300)}`).to.be.within(200, 499);
  expect(answer.text, `${what} leaked a local file`).to.not.match(/root:.*:0:0:/);
}

describe('security: fuzzing the engine and web APIs with hostile input (issue 11)', function () {
  this.timeout(300_000);

  describe('engine REST API', () => {
    let t: TestEngine;
    let controlKey: string;
    before(async () => {
      t = await startTestEngine();
      await t.deployFixtures('engine/three-service-tasks.bpmn');
      const control = await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { applicant: '李华', amount: 42 } });
      controlKey = control.processInstanceKey;
    });
    after(() => t?.stop());

    const call = (method: string, path: string, body: string) =>
      send(`${t.url}/v2${path}`, { method, headers: { ...t.headers, 'content-type': 'application/json' }, body });
    const controlVariables = async () =>
      (await t.client.searchVariables({ filter: { processInstanceKey: controlKey } })).items.map((v) => [v.name, v.value]).sort();

    it('should answer every malformed or hostile JSON body with a client error, keep serving, and leave stored state as it was', async () => {
      const before = await controlVariables();
      const rnd = random(SEED);
      const targets: Array<[string, string, string]> = [
        ['POST', '/process-instances', JSON.stringify({ processDefinitionId: 'three-service-tasks', variables: { a: 1, b: [1, 2], c: { d: 'e' } } })],
        ['POST', '/messages/publication', JSON.stringify({ name: 'm', correlationKey: 'k', timeToLive: 1000, variables: { a: 1 } })],
        ['POST', '/messages/correlation', JSON.stringify({ name: 'm', correlationKey: 'k', variables: { a: 1 } })],
        ['POST', '/variables/search', JSON.stringify({ filter: { processInstanceKey: controlKey }, page: { limit: 10 } })],
        ['POST', '/process-instances/search', JSON.stringify({ filter: { processDefinitionId: 'three-service-tasks' }, sort: [{ field: 'startDate', order: 'DESC' }] })],
        ['POST', '/user-tasks/search', JSON.stringify({ filter: { state: 'CREATED' }, page: { limit: 5 } })],
        ['POST', '/jobs/activation', JSON.stringify({ type: 'nobody-works-this', maxJobsToActivate: 1, timeout: 1000, requestTimeout: -1 })],
        ['POST', '/signals/broadcast', JSON.stringify({ signalName: 's', variables: { a: 1 } })],
        ['PUT', '/clock', JSON.stringify({ timestamp: Date.now() })],
        ['POST', `/process-instances/${controlKey}/cancellation`, JSON.stringify({ operationReference: 1 })],
      ];
      let served = 0;
      for (let i = 0; i < 400; i++) {
        const [method, path, valid] = targets[i % targets.length];
        // the control instance must survive: its cancellation is only ever sent malformed
        const body = path.endsWith('/cancellation') ? `${mutate(valid, rnd)}{` : mutate(valid, rnd);
        const answer = await call(method, path, body);
        expectClientAnswer(answer, `${method} ${path} with ${JSON.stringify(body.slice(0, 120))}`);
        served++;
      }
      for (const body of SPECIAL_JSON) {
        for (const [method, path] of targets.slice(0, 4)) expectClientAnswer(await call(method, path, body), `${method} ${path} with a special body of ${body.length} chars`);
      }

      expect(served).to.equal(400);
      expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').to.equal(undefined);
      expect(await controlVariables()).to.deep.equal(before);
      expect(await instanceState(t.client, controlKey)).to.equal('ACTIVE');
    });

    it('should refuse malformed and hostile BPMN XML with a client error, expanding no entity and reading no file', async () => {
      const valid = fixture('engine/three-service-tasks.bpmn');
      const rnd = random(SEED + 1);
      const documents = [...Array.from({ length: 60 }, () => mutate(valid, rnd)), ...SPECIAL_XML];
      for (const [i, content] of documents.entries()) {
        const form = new FormData();
        form.append('resources', new Blob([content]), `fuzz-${i}.bpmn`);
        const answer = await send(`${t.url}/v2/deployments`, { method: 'POST', headers: t.headers, body: form });
        expectClientAnswer(answer, `deployment #${i}`);
      }
      const definitions = await t.client.searchProcessDefinitions({ filter: {} });
      expect(definitions.items.map((d) => d.processDefinitionId)).to.not.include.members(['lol', 'xxe']);
    });

    it('should turn any FEEL a diagram carries into a deployment refusal, a run, or an incident, and keep running other instances', async () => {
      const rnd = random(SEED + 2);
      const outcomes = { refused: 0, started: 0 };
      for (let i = 0; i < 60; i++) {
        const id = `fuzz-feel-${i}`;
        const deployed = await rawDeploy(t, [{ name: `${id}.bpmn`, content: processWithInput(id, feelExpression(rnd)) }]);
        expectClientAnswer({ status: deployed.status, text: JSON.stringify(deployed.body) }, `FEEL diagram #${i}`);
        if (deployed.status !== 200) {
          outcomes.refused++;
          continue;
        }
        const started = await call('POST', '/process-instances', JSON.stringify({ processDefinitionId: id, variables: { x: 1 } }));
        expectClientAnswer(started, `an instance of FEEL diagram #${i}`);
        outcomes.started++;
      }

      expect(outcomes.refused + outcomes.started).to.equal(60);
      // the engine still does ordinary work after all of it
      const after = await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: {} });
      expect(after.processInstanceKey).to.be.a('string');
    });
  });

  describe('web API', () => {
    let h: WebHarness;
    before(async () => {
      h = await startWebHarness();
    });
    after(() => h?.stop());

    it('should answer malformed and hostile JSON on its public and staff routes with client errors, and change nothing stored', async () => {
      const usersBefore = JSON.stringify(await h.store.users.list());
      const staff = h.client();
      expect((await staff.login('mz-clerk-a')).status).to.equal(201);
      const visitor = h.client();
      await visitor.fetchCsrfToken();
      const rnd = random(SEED + 3);
      const targets: Array<[ReturnType<WebHarness['client']>, 'post' | 'put', string, string]> = [
        [visitor, 'post', '/api/session', JSON.stringify({ username: 'mz-clerk-a', password: 'wrong' })],
        [visitor, 'post', '/api/public/lookup', JSON.stringify({ caseNumber: 'SH20261126-0001', verificationCode: '123456' })],
        [visitor, 'post', '/api/public/complaints/lookup', JSON.stringify({ complaintNumber: 'TS20261126-0001', verificationCode: '123456' })],
        [staff, 'put', '/api/tasks/1/draft', JSON.stringify({ data: { a: { b: [1, 2, 3] } } })],
      ];
      for (let i = 0; i < 200; i++) {
        const [client, method, path, valid] = targets[i % targets.length];
        const body = mutate(valid, rnd);
        const res = await fetchWithClient(client, method, path, body);
        expect(res, `${method} ${path} with ${JSON.stringify(body.slice(0, 120))}`).to.be.within(200, 499);
      }
      for (const body of SPECIAL_JSON) {
        for (const [client, method, path] of targets) expect(await fetchWithClient(client, method, path, body), `${path} with a special body of ${body.length} chars`).to.be.within(200, 499);
      }

      expect(JSON.stringify(await h.store.users.list())).to.equal(usersBefore);
      expect(({} as Record<string, unknown>).isAdmin, 'Object.prototype polluted').to.equal(undefined);
      const fresh = h.client();
      expect((await fresh.login('mz-head')).status, 'a demo account still logs in').to.equal(201);
    });
  });
});

/** The client's own request, its document check included: an answer the API does not document fails too. */
async function fetchWithClient(client: ReturnType<WebHarness['client']>, method: 'post' | 'put', path: string, rawBody: string): Promise<number> {
  return (await client.request(method, path, { rawBody })).status;
}

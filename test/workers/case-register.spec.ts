import { expect } from 'chai';
import { verifyVerificationCode } from '../../domain/privacy/verification-code.js';
import { caseRegister } from '../../workers/case-register.js';
import { BusinessOutcome, InvalidJobInput } from '../../workers/errors.js';
import { fakeJob } from '../support/jobs.js';
import { applicant as storedApplicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const person = { kind: 'person', name: '张三', idNumber: '110101199005011234', phone: '13800000000', email: 'zhangsan@example.com' };
const company = { kind: 'company', name: '某某建筑有限公司', creditCode: '91530000MA6K213456', phone: '0874-3100999' };

describe('workers/case-register', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['case-register'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/case-register.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  function codeIn(body: string): string {
    const match = /查询码[：]?(\d{6})/.exec(body);
    if (!match) throw new Error(`no verification code in: ${body}`);
    return match[1];
  }

  it('should register a joint case and answer with the item\'s outputs, through a diagram', async () => {
    // when an application for a joint item runs through registration
    const { variables, processInstanceKey } = await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({
      processDefinitionId: 'fixture-case-register',
      variables: { itemCode: 'ZJ-001', applicant: company, materials: [{ code: 'application', provided: true }, { code: 'contract', provided: false, note: '未带' }], channel: 'window' },
      requestTimeout: 15_000,
    });

    // then the diagram gets everything the later steps read
    expect(variables.caseNumber).to.match(/^SH20261009-\d{4}$/);
    const item = (await h.store.catalogue.getItem('ZJ-001'))!;
    expect(variables).to.deep.include({ caseType: 'joint', departmentCode: 'ZJ', jointDepartments: ['ZJ', 'ZRZY', 'RS'], promisedDays: item.promisedDays });
    expect(variables.itemMaterials).to.deep.equal(item.materials.map((m) => ({ value: m.code, label: m.form ? `${m.name}（${m.form}）` : m.name })));
    // a free item offers no fee to charge
    expect(variables.itemFees).to.deep.equal([]);
    // and the case is stored with its process, the company's credit code and the materials received
    const stored = (await h.store.cases.getByNumber(variables.caseNumber as string))!;
    expect(stored).to.include({ processInstanceKey: String(processInstanceKey), itemCode: 'ZJ-001', caseType: 'joint', status: 'registered', stage: '登记' });
    expect(stored.applicant).to.deep.equal({ kind: 'company', name: '某某建筑有限公司', idNumber: '91530000MA6K213456', phone: '0874-3100999', email: null });
    const events = await h.store.cases.events(stored.id);
    expect(events.map((e) => e.kind)).to.deep.equal(['registered', 'materials-received']);
    expect(events[1].detail).to.deep.equal({ channel: 'window', materials: [{ code: 'application', provided: true }, { code: 'contract', provided: false, note: '未带' }] });
    // and the applicant is told the number and a code that matches the stored hash, in-app only (no channel configured)
    const messages = await h.store.outbox.list({ caseId: stored.id });
    expect(messages.map((m) => [m.channel, m.recipient])).to.deep.equal([['inapp', `case:${stored.caseNumber}`]]);
    expect(messages[0].body).to.contain(stored.caseNumber);
    expect(await verifyVerificationCode(codeIn(messages[0].body), stored.verificationHash!)).to.equal(true);
    expect(await verifyVerificationCode('000000x', stored.verificationHash!)).to.equal(false);
  });

  it('should offer the item\'s published paid fees, with standard and unit, for the deciding form to choose from', async () => {
    const handler = caseRegister.create(h.deps);

    const outputs = (await handler(fakeJob({ type: 'case-register', variables: { itemCode: 'ZRZY-001', applicant: person, materials: [], channel: 'window' } }))) as { itemFees: unknown };

    expect(outputs.itemFees).to.deep.equal([
      { value: 'registration', label: '不动产登记费（住宅类）：80.00元/件', amountFen: 8000 },
      { value: 'extra-certificate', label: '不动产权属证书工本费（第二本起）：10.00元/本', amountFen: 1000 },
    ]);
  });

  it('should return the same case number on redelivery and tell the applicant once on each channel', async () => {
    // given the handler with e-mail and SMS configured
    const handler = caseRegister.create({ ...h.deps, notifyChannels: ['email', 'sms'] });
    const job = fakeJob({ type: 'case-register', variables: { itemCode: 'MZ-001', applicant: person, materials: [], channel: 'online' } });
    const before = (await h.store.cases.list()).length;

    // when the same job is delivered twice
    const first = await handler(job);
    const second = await handler(job);

    // then one case, one number, one message per channel
    expect(second).to.deep.equal(first);
    expect(await h.store.cases.list()).to.have.length(before + 1);
    const stored = (await h.store.cases.getByNumber((first as { caseNumber: string }).caseNumber))!;
    const messages = await h.store.outbox.list({ caseId: stored.id });
    expect(messages.map((m) => [m.channel, m.recipient])).to.deep.equal([
      ['inapp', `case:${stored.caseNumber}`],
      ['email', 'zhangsan@example.com'],
      ['sms', '13800000000'],
    ]);
    const code = codeIn(messages[2].body);
    expect(messages[2].body).to.contain(stored.caseNumber).and.contain('【县政务服务中心】');
    expect(codeIn(messages[1].body)).to.equal(code);
    expect(await verifyVerificationCode(code, stored.verificationHash!)).to.equal(true);
    // and the code is not a process variable
    expect(JSON.stringify(first)).not.to.contain(code);
    // and the log shows the ID number and phone masked only
    const logged = JSON.stringify(h.log);
    expect(logged).to.contain('110101********1234').and.contain('138****0000');
    expect(logged).not.to.contain('110101199005011234').and.not.to.contain('13800000000');
  });

  it('should answer ITEM_NOT_FOUND for an item not in the catalogue, writing nothing', async () => {
    const before = (await h.store.cases.list()).length;

    // the diagram catches it (without a catch the instance would stop at an incident and this would time out)
    const { variables } = await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({
      processDefinitionId: 'fixture-case-register',
      variables: { itemCode: 'NO-SUCH-ITEM', applicant: person, materials: [], channel: 'window' },
      requestTimeout: 15_000,
    });

    expect(variables.caseNumber).to.equal(undefined);
    expect(await h.store.cases.list()).to.have.length(before);
    const error = await caseRegister
      .create(h.deps)(fakeJob({ type: 'case-register', variables: { itemCode: 'NO-SUCH-ITEM', applicant: person } }))
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(BusinessOutcome).and.include({ errorCode: 'ITEM_NOT_FOUND' });
    expect((error as Error).message).to.contain('NO-SUCH-ITEM');
  });

  it('should refuse an applicant or materials it cannot register, naming the variable', async () => {
    const handler = caseRegister.create(h.deps);
    const attempt = (variables: Record<string, unknown>) => handler(fakeJob({ type: 'case-register', variables: { itemCode: 'MZ-001', materials: [], ...variables } })).catch((e: unknown) => e);

    const cases: [Record<string, unknown>, string][] = [
      [{ applicant: { ...person, idNumber: undefined } }, 'applicant.idNumber'],
      [{ applicant: { ...person, creditCode: company.creditCode } }, 'applicant.creditCode'],
      [{ applicant: { ...company, creditCode: 'bad' } }, 'applicant.creditCode'],
      // one digit mistyped: the check characters of GB 11643 and GB 32100 catch it
      [{ applicant: { ...person, idNumber: '110101199005011235' } }, 'applicant.idNumber'],
      [{ applicant: { ...company, creditCode: '91530000MA6K213457' } }, 'applicant.creditCode'],
      [{ applicant: { ...person, kind: 'robot' } }, 'applicant.kind'],
      [{ applicant: person, materials: [{ code: 'business-license', provided: true }] }, 'materials'],
      [{ applicant: person, channel: 'fax' }, 'channel'],
    ];
    for (const [variables, name] of cases) {
      const error = await attempt(variables);
      expect(error, name).to.be.instanceOf(InvalidJobInput);
      expect((error as InvalidJobInput).variable).to.equal(name);
    }
  });

  describe('a case the web app registered', () => {
    /** what web/intake/register.ts writes before it starts the process: the case, its code's hash, the applicant's message */
    async function preRegistered() {
      const theCase = await h.store.cases.create({
        itemCode: 'MZ-002',
        caseType: 'promised',
        departmentCode: 'MZ',
        applicant: { ...storedApplicant, idNumber: '110101199005011234' },
        actor: 'mz-clerk-a',
        stage: '登记',
        verificationHash: 'scrypt:web:hash',
        registrationKey: `test-${Math.random().toString(36).slice(2)}-registration`,
      });
      await h.store.outbox.enqueue({ channel: 'inapp', recipient: `case:${theCase.caseNumber}`, subject: '办件登记回执', body: '查询码：123456', caseId: theCase.id, idempotencyKey: `web:${theCase.id}` });
      return theCase;
    }

    it('should adopt it: link the process instance, answer the outputs, and neither issue a code nor tell the applicant again', async () => {
      const theCase = await preRegistered();
      const casesBefore = (await h.store.cases.list()).length;

      const { variables, processInstanceKey } = await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({
        processDefinitionId: 'fixture-case-register',
        variables: { caseNumber: theCase.caseNumber, itemCode: 'MZ-002', applicant: person, materials: [{ code: 'application', provided: true, originals: 1, copies: 0 }], channel: 'window' },
        requestTimeout: 15_000,
      });

      const item = (await h.store.catalogue.getItem('MZ-002'))!;
      expect(variables).to.deep.include({ caseNumber: theCase.caseNumber, caseType: 'promised', departmentCode: 'MZ', jointDepartments: [], promisedDays: item.promisedDays });
      expect(variables.itemMaterials).to.have.length(item.materials.length);
      const stored = (await h.store.cases.get(theCase.id))!;
      expect(stored).to.include({ processInstanceKey: String(processInstanceKey), verificationHash: 'scrypt:web:hash', caseNumber: theCase.caseNumber });
      expect(await h.store.cases.list()).to.have.length(casesBefore);
      expect((await h.store.outbox.list({ caseId: theCase.id })).map((m) => m.idempotencyKey)).to.deep.equal([`web:${theCase.id}`]);
      expect((await h.store.cases.events(theCase.id)).map((e) => e.kind)).to.deep.equal(['registered']);
    });

    it('should adopt it again on redelivery, and refuse a second instance for the same case', async () => {
      const theCase = await preRegistered();
      const handler = caseRegister.create(h.deps);
      const job = fakeJob({ type: 'case-register', variables: { caseNumber: theCase.caseNumber, itemCode: 'MZ-002', applicant: person, materials: [], channel: 'online' } });

      const first = await handler(job);
      const again = await handler(job);
      const other = await handler({ ...job, processInstanceKey: '999999999' }).catch((e: unknown) => e);

      expect(again).to.deep.equal(first);
      expect((await h.store.cases.get(theCase.id))!.processInstanceKey).to.equal(job.processInstanceKey);
      expect(other).to.be.instanceOf(InvalidJobInput).and.include({ variable: 'caseNumber' });
      expect((other as Error).message).to.contain(job.processInstanceKey);
    });

    it('should refuse a case number the store does not know, or an item that is not the case\'s', async () => {
      const theCase = await preRegistered();
      const handler = caseRegister.create(h.deps);
      const unknown = await handler(fakeJob({ type: 'case-register', variables: { caseNumber: 'SH20261009-9999', itemCode: 'MZ-002' } })).catch((e: unknown) => e);
      const otherItem = await handler(fakeJob({ type: 'case-register', variables: { caseNumber: theCase.caseNumber, itemCode: 'MZ-001' } })).catch((e: unknown) => e);

      expect(unknown).to.be.instanceOf(InvalidJobInput).and.include({ variable: 'caseNumber' });
      expect(otherItem).to.be.instanceOf(InvalidJobInput).and.include({ variable: 'itemCode' });
      expect((await h.store.cases.get(theCase.id))!.processInstanceKey).to.equal(null);
    });
  });
});

import { expect } from 'chai';
import type { Applicant, Store } from '../../../domain/store/index.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';
import { bodyAs, startWebOn, type WebOn } from '../../support/web-system.js';

interface Found {
  total: number;
  moreThanTotal: boolean;
  page: number;
  cases: Array<{ caseNumber: string; departmentCode: string; itemCode: string; status: string; applicant: { name: string; idNumber: string | null; phone: string | null } }>;
}

const person = (name: string, idNumber: string, phone: string): Applicant => ({ kind: 'person', name, idNumber, phone, email: null });

describe('web/api case search (办件查询)', function () {
  this.timeout(30_000);
  let engine: TestEngine;
  let testStore: TestStore;
  let store: Store;
  let web: WebOn;
  const numbers: Record<string, string> = {};

  beforeEach(async () => {
    engine = await startTestEngine();
    testStore = await openTestStore();
    store = testStore.store;
    web = await startWebOn({ store, camunda: engine.client, clock: () => new Date() });
    const add = async (key: string, departmentCode: string, itemCode: string, applicant: Applicant, receivedAt: string, status: 'registered' | 'completed' = 'registered') => {
      numbers[key] = (await store.cases.create({ itemCode, caseType: 'promised', departmentCode, applicant, actor: 'mz-clerk-a', receivedAt: new Date(receivedAt), status })).caseNumber;
    };
    await add('mz1', 'MZ', 'MZ-002', person('张明', '110101199003071234', '13812345678'), '2026-12-01T02:00:00Z');
    await add('mz2', 'MZ', 'MZ-001', person('李华_明', '110101199003071234', '13912345678'), '2026-12-03T02:00:00Z', 'completed');
    await add('zj1', 'ZJ', 'ZJ-001', person('王明', '110101199003071234', '13712345678'), '2026-12-02T02:00:00Z');
  });
  afterEach(async () => {
    try {
      await web.close();
    } finally {
      await testStore.close();
      await engine.stop();
    }
  });

  const search = async (username: string, query: string) => {
    const res = await (await web.as(username)).get(`/api/cases${query}`);
    return { status: res.status, body: bodyAs<Found>(res), field: (res.body as { field?: string }).field };
  };

  it('should let supervision and the committee search every department, newest first, with ID and phone masked', async () => {
    for (const username of ['supervisor', 'committee']) {
      const { status, body } = await search(username, '');
      expect(status, username).to.equal(200);
      expect(body.cases.map((c) => c.caseNumber), username).to.deep.equal([numbers.mz2, numbers.zj1, numbers.mz1]);
    }
    const { body } = await search('supervisor', '?applicant=明');
    expect(body.total).to.equal(3);
    expect(body.moreThanTotal).to.equal(false);
    expect(body.cases.find((c) => c.caseNumber === numbers.mz1)!.applicant).to.deep.include({ name: '张明', idNumber: '110101********1234', phone: '138****5678' });
    expect(JSON.stringify(body)).not.to.contain('13812345678').and.not.to.contain('110101199003071234');
  });

  it('should keep a clerk, a head and a reviewer to their own department', async () => {
    for (const username of ['mz-clerk-a', 'mz-head', 'mz-reviewer']) {
      const { status, body } = await search(username, '');
      expect(status, username).to.equal(200);
      expect(body.cases.map((c) => c.departmentCode), username).to.deep.equal(['MZ', 'MZ']);
    }
    expect((await search('zj-clerk-a', '')).body.cases.map((c) => c.caseNumber)).to.deep.equal([numbers.zj1]);
    const other = await search('mz-clerk-a', '?department=ZJ');
    expect(other.status).to.equal(403);
    expect(other.field).to.equal('department');
    for (const username of ['designer', 'admin', 'complaints']) expect((await search(username, '')).status, username).to.equal(403);
  });

  it('should filter by number, applicant, item, department, status and the days received (China time)', async () => {
    const numbersOf = async (query: string) => (await search('supervisor', query)).body.cases.map((c) => c.caseNumber);
    expect(await numbersOf(`?number=${numbers.zj1}`)).to.deep.equal([numbers.zj1]);
    expect(await numbersOf('?number=sh2026')).to.have.length(3);
    // LIKE wildcards are taken as written
    expect(await numbersOf('?applicant=_明')).to.deep.equal([numbers.mz2]);
    expect(await numbersOf('?item=MZ-002')).to.deep.equal([numbers.mz1]);
    expect(await numbersOf('?department=ZJ')).to.deep.equal([numbers.zj1]);
    expect(await numbersOf('?status=completed')).to.deep.equal([numbers.mz2]);
    expect(await numbersOf('?from=2026-12-02&to=2026-12-02')).to.deep.equal([numbers.zj1]);
    expect(await numbersOf('?from=2026-12-02')).to.deep.equal([numbers.mz2, numbers.zj1]);
  });

  it('should refuse a query that is not valid with 400 naming the field', async () => {
    for (const [query, field] of [
      ['?from=2026-02-30', 'from'],
      ['?from=2026-12-05&to=2026-12-01', 'from'],
      ['?status=lost', 'status'],
      ['?page=0', 'page'],
      ['?number=%25', 'number'],
    ] as const) {
      const res = await search('supervisor', query);
      expect(res.status, query).to.equal(400);
      expect(res.field, query).to.equal(field);
    }
  });
});

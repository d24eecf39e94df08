import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormDefinition } from '../../../domain/forms/form-definition.js';
import { submissionSchemaOf, validateSubmission, type SubmissionResult } from '../../../domain/forms/submission-schema.js';
import type { FormJsSchema } from '../../../domain/forms/types.js';

const formsFolder = join(import.meta.dirname, '..', '..', '..', 'forms');
const load = (id: string) => parseFormDefinition(readFileSync(join(formsFolder, `${id}.form`), 'utf8'));

function errorsOf(result: SubmissionResult): { field: string; message: string }[] {
  expect(result.ok, 'submission should be refused').to.equal(false);
  return result.ok ? [] : result.errors;
}

function expectOk(result: SubmissionResult): void {
  expect(result.ok ? [] : result.errors).to.deep.equal([]);
}

describe('domain/forms submission-schema', () => {
  describe('application-intake', () => {
    const form = load('application-intake');
    const variables = {
      itemOptions: [{ label: '结婚登记', value: 'MZ-001' }],
      materials: [
        { code: 'id-card', name: '居民身份证', provided: false },
        { code: 'hukou', name: '户口簿', provided: false },
      ],
    };
    const submission = (applicant: Record<string, unknown> = {}) => ({
      applicant: { kind: 'person', name: '张三', idNumber: '11010519491231002X', phone: '13812345678', email: '', ...applicant },
      itemCode: 'MZ-001',
      materials: [
        { code: 'id-card', provided: true, note: '原件' },
        { code: 'hukou', provided: false, note: '' },
      ],
    });

    it('should accept a complete application with optional fields left empty', () => {
      expectOk(validateSubmission(form, submission(), variables));
    });

    it('should name a required field that was left empty, in Chinese and by key', () => {
      // given the applicant's name is empty
      // when the clerk submits
      const errors = errorsOf(validateSubmission(form, submission({ name: '' }), variables));
      // then
      expect(errors).to.deep.equal([{ field: 'applicant.name', message: '字段 申请人姓名（名称） 必填' }]);
    });

    it('should refuse a required field that was not sent at all', () => {
      const applicant: Record<string, unknown> = { ...submission().applicant };
      delete applicant.idNumber;
      const errors = errorsOf(validateSubmission(form, { ...submission(), applicant }, variables));
      expect(errors).to.deep.equal([{ field: 'applicant.idNumber', message: '字段 居民身份证号码 必填' }]);
    });

    it('should accept an 18-digit resident ID from a person', () => {
      for (const idNumber of ['11010519491231002X', '110105200001010011']) {
        expectOk(validateSubmission(form, submission({ idNumber }), variables));
      }
    });

    it('should refuse a malformed resident ID with the form pattern message', () => {
      for (const idNumber of ['11010519491231002', '110105194913310021', '11010519491231002Y', '010105194912310021', '91350100M000100Y43']) {
        const errors = errorsOf(validateSubmission(form, submission({ idNumber }), variables));
        expect(errors, idNumber).to.deep.equal([{ field: 'applicant.idNumber', message: '字段 居民身份证号码 格式不正确：应为18位居民身份证号码' }]);
      }
    });

    it('should take a credit code instead of a resident ID from a company', () => {
      const company: Record<string, unknown> = { ...submission({ kind: 'company', name: '某某有限公司' }).applicant };
      delete company.idNumber;
      expectOk(validateSubmission(form, { ...submission(), applicant: { ...company, creditCode: '91350100M000100Y43', contact: '李四' } }, variables));
      expect(errorsOf(validateSubmission(form, { ...submission(), applicant: { ...company, idNumber: '11010519491231002X' } }, variables))).to.deep.equal([
        { field: 'applicant.idNumber', message: '字段 居民身份证号码 在当前选择下不应填写' },
        { field: 'applicant.creditCode', message: '字段 统一社会信用代码 必填' },
        { field: 'applicant.contact', message: '字段 联系人 必填' },
      ]);
    });

    it('should require a phone number, mobile or landline, to reach the applicant', () => {
      expectOk(validateSubmission(form, submission({ phone: '13812345678' }), variables));
      expectOk(validateSubmission(form, submission({ phone: '0571-87654321' }), variables));
      expect(errorsOf(validateSubmission(form, submission({ phone: '12345' }), variables))[0].field).to.equal('applicant.phone');
      expect(errorsOf(validateSubmission(form, submission({ phone: '' }), variables))).to.deep.equal([{ field: 'applicant.phone', message: '字段 联系电话 必填' }]);
    });

    it('should refuse a value outside the static options', () => {
      const errors = errorsOf(validateSubmission(form, submission({ kind: 'alien' }), variables));
      expect(errors).to.deep.equal([
        { field: 'applicant.kind', message: '字段 申请人类型 的值不在可选项中' },
        // the resident ID is shown to persons only
        { field: 'applicant.idNumber', message: '字段 居民身份证号码 在当前选择下不应填写' },
      ]);
    });

    it('should refuse an item the form did not offer', () => {
      const errors = errorsOf(validateSubmission(form, { ...submission(), itemCode: 'GT-999' }, variables));
      expect(errors).to.deep.equal([{ field: 'itemCode', message: '字段 申请事项 的值不在可选项中' }]);
    });

    it('should refuse a changed read-only material code', () => {
      const changed = submission();
      changed.materials[1].code = 'passport';
      const errors = errorsOf(validateSubmission(form, changed, variables));
      expect(errors).to.deep.equal([{ field: 'materials[1].code', message: '字段 材料编号 为只读，不能修改' }]);
    });

    it('should refuse keys that are not fields of the form', () => {
      // given a completion that tries to set other process variables
      const sneaky = { ...submission(), caseType: 'immediate', dueAt: '2030-01-01T00:00:00Z' };
      sneaky.materials[0] = { ...sneaky.materials[0], name: 'x' } as (typeof sneaky.materials)[0];
      const errors = errorsOf(validateSubmission(form, sneaky, variables));
      expect(errors).to.deep.equal([
        { field: 'caseType', message: '字段 caseType 不属于表单 application-intake' },
        { field: 'dueAt', message: '字段 dueAt 不属于表单 application-intake' },
        { field: 'materials[0].name', message: '字段 materials[0].name 不属于表单 application-intake' },
      ]);
    });

    it('should refuse data that is not an object', () => {
      expect(errorsOf(validateSubmission(form, ['x'], variables))).to.deep.equal([{ field: '', message: '字段 表单数据 应为对象' }]);
    });
  });

  describe('acceptance-decision', () => {
    const form = load('acceptance-decision');

    it('should accept an acceptance without a refusal reason', () => {
      expectOk(validateSubmission(form, { accepted: true }));
    });

    it('should require the refusal reason when refusing', () => {
      const errors = errorsOf(validateSubmission(form, { accepted: false, redirectTo: '' }));
      expect(errors).to.deep.equal([{ field: 'refusalReason', message: '字段 不予受理的理由 必填' }]);
    });

    it('should count the refusal reason without its blanks, as form-js does', () => {
      const errors = errorsOf(validateSubmission(form, { accepted: false, refusalReason: '   无    ', redirectTo: '' }));
      expect(errors).to.deep.equal([{ field: 'refusalReason', message: '字段 不予受理的理由 至少 5 个字' }]);
    });

    it('should accept a refusal with its reason and where to go', () => {
      expectOk(
        validateSubmission(form, {
          accepted: false,
          refusalReason: '该事项不属于本部门职权范围',
          redirectTo: '县市场监管局窗口（二楼 12 号）',
        }),
      );
    });

    it('should refuse refusal fields sent with an acceptance, since the form hides them', () => {
      const errors = errorsOf(validateSubmission(form, { accepted: true, refusalReason: '不符合条件的理由', redirectTo: '' }));
      expect(errors).to.deep.equal([
        { field: 'refusalReason', message: '字段 不予受理的理由 在当前选择下不应填写' },
        { field: 'redirectTo', message: '字段 应向何部门申请（部门、窗口及位置） 在当前选择下不应填写' },
      ]);
    });

    it('should describe the conditional field in its schema', () => {
      const schema = submissionSchemaOf(form);
      expect(schema.required).to.deep.equal(['accepted']);
      expect(schema.conditionalFields).to.deep.include.members([
        { path: ['refusalReason'], hide: ['=accepted = true'] },
        { path: ['redirectTo'], hide: ['=accepted = true'] },
      ]);
      expect(schema.properties?.refusalReason).to.deep.include({ type: 'string', minLength: 1, trimmedLength: { min: 5, max: 1000 } });
    });
  });

  describe('department-review', () => {
    const form = load('department-review');

    it('should let a promised case ask for an extension without deciding', () => {
      expectOk(validateSubmission(form, { reviewAction: 'extension' }, { caseType: 'promised', decision: 'reject' }));
    });

    it('should require the decision and opinion when deciding', () => {
      const errors = errorsOf(validateSubmission(form, { reviewAction: 'decide' }, { caseType: 'promised' }));
      expect(errors).to.deep.equal([
        { field: 'decision', message: '字段 审查结论 必填' },
        { field: 'opinion', message: '字段 审查意见 必填' },
      ]);
    });

    it("should make a joint department say how it proceeds (4c0a055: it may ask for materials), and take its opinion when it decides", () => {
      const opinion = { decision: 'reject', opinion: '不符合规划', refusalReason: '选址不符合城乡规划' };
      expectOk(validateSubmission(form, { ...opinion, reviewAction: 'decide' }, { caseType: 'joint' }));
      // without the action the decision's fields are not on the form: the old submission is refused whole
      expect(errorsOf(validateSubmission(form, opinion, { caseType: 'joint' }))).to.deep.equal([
        { field: 'reviewAction', message: '字段 办理方式 必填' },
        { field: 'decision', message: '字段 审查结论 在当前选择下不应填写' },
        { field: 'opinion', message: '字段 审查意见 在当前选择下不应填写' },
        { field: 'refusalReason', message: '字段 不同意的理由及依据 在当前选择下不应填写' },
      ]);
    });
  });

  describe('extension-request', () => {
    const form = load('extension-request');
    const request = (extensionDays: unknown) => ({ extensionDays, extensionReason: '需组织专家评审' });

    it('should allow 1 to 10 working days for a promised case', () => {
      const variables = { caseType: 'promised' };
      expectOk(validateSubmission(form, request(1), variables));
      expectOk(validateSubmission(form, request(10), variables));
      expect(errorsOf(validateSubmission(form, request(0), variables))).to.deep.equal([
        { field: 'extensionDays', message: '字段 延长工作日数 不能小于 1' },
      ]);
      expect(errorsOf(validateSubmission(form, request(11), variables))).to.deep.equal([
        { field: 'extensionDays', message: '字段 延长工作日数 不能大于 10' },
      ]);
    });

    it('should allow up to 15 working days for a joint case', () => {
      const variables = { caseType: 'joint' };
      expectOk(validateSubmission(form, request(15), variables));
      expect(errorsOf(validateSubmission(form, request(16), variables))).to.deep.equal([
        { field: 'extensionDays', message: '字段 延长工作日数 不能大于 15' },
      ]);
    });

    it('should take whole days only and require them', () => {
      expect(errorsOf(validateSubmission(form, request(2.5), { caseType: 'promised' }))).to.deep.equal([
        { field: 'extensionDays', message: '字段 延长工作日数 应为整数' },
      ]);
      expect(errorsOf(validateSubmission(form, request(null), { caseType: 'promised' }))).to.deep.equal([
        { field: 'extensionDays', message: '字段 延长工作日数 应为整数' },
      ]);
    });
  });

  describe('material-check', () => {
    const form = load('material-check');
    const variables = {
      itemMaterials: [
        { label: '居民身份证（原件）', value: 'id-card' },
        { label: '户口簿（原件）', value: 'hukou' },
      ],
    };

    it('should take the missing list only when the materials are incomplete', () => {
      expectOk(validateSubmission(form, { verifiedMaterials: ['id-card', 'hukou'], materialsComplete: true, fixedOnSpot: '' }, variables));
      expectOk(
        validateSubmission(
          form,
          { verifiedMaterials: ['id-card'], materialsComplete: false, missing: [{ code: 'hukou', reason: '缺少户口簿原件' }], fixedOnSpot: '' },
          variables,
        ),
      );
    });

    it('should refuse an incomplete check that lists nothing to supplement', () => {
      const errors = errorsOf(validateSubmission(form, { verifiedMaterials: [], materialsComplete: false, fixedOnSpot: '' }, variables));
      expect(errors).to.deep.equal([{ field: 'missing', message: '字段 需补正的材料（全部列入补齐申请材料通知书） 必填' }]);
    });

    it('should refuse a material that does not belong to the item', () => {
      const submission = {
        verifiedMaterials: ['id-card', 'bank-statement'],
        materialsComplete: false,
        missing: [{ code: 'marriage-photo', reason: '缺少' }],
        fixedOnSpot: '',
      };
      expect(errorsOf(validateSubmission(form, submission, variables))).to.deep.equal([
        { field: 'verifiedMaterials', message: '字段 经核验齐全、符合法定形式的材料 的值不在可选项中' },
        { field: 'missing[0].code', message: '字段 材料 的值不在可选项中' },
      ]);
    });
  });

  describe('complaint-reply', () => {
    const form = load('complaint-reply');

    it('should offer only a written reply to a written complaint', () => {
      const reply = { replyKind: 'oral', replyText: '已当面向投诉人说明处理结果', oralReplyAt: '2026-11-20T10:30+08:00', verified: true };
      expectOk(validateSubmission(form, reply, { complaintChannel: 'phone' }));
      expect(errorsOf(validateSubmission(form, reply, { complaintChannel: 'written' }))).to.deep.equal([
        { field: 'replyKind', message: '字段 答复方式 的值不在可选项中' },
      ]);
    });

    it('should require the time of an oral reply', () => {
      const errors = errorsOf(validateSubmission(form, { replyKind: 'oral', replyText: '已电话答复投诉人', verified: false }, { complaintChannel: 'oral' }));
      expect(errors).to.deep.equal([{ field: 'oralReplyAt', message: '字段 口头答复时间 必填' }]);
    });
  });

  describe('form-js semantics', () => {
    // nested paths, and conditions evaluated per list row with `this`
    const form: FormJsSchema = {
      type: 'default',
      id: 'rows',
      schemaVersion: 19,
      components: [
        {
          type: 'group',
          id: 'g',
          path: 'visit',
          components: [{ type: 'textfield', id: 'who', key: 'by.name', label: '回访人', validate: { required: true, maxLength: 20 } }],
        },
        {
          type: 'dynamiclist',
          id: 'list',
          path: 'calls',
          isRepeating: true,
          components: [
            { type: 'checkbox', id: 'reached', key: 'reached', label: '已接通' },
            {
              type: 'textfield',
              id: 'why',
              key: 'why',
              label: '未接通原因',
              validate: { required: true, maxLength: 50 },
              conditional: { hide: '=this.reached' },
            },
          ],
        },
      ],
    };

    it('should nest group paths and dotted keys into objects', () => {
      expect(submissionSchemaOf(form).properties?.visit).to.deep.include({ required: ['by'], additionalProperties: false });
      expectOk(validateSubmission(form, { visit: { by: { name: '李四' } }, calls: [{ reached: true }] }));
      expect(errorsOf(validateSubmission(form, { visit: { by: { name: '' } }, calls: [{ reached: true }] }))).to.deep.equal([
        { field: 'visit.by.name', message: '字段 回访人 必填' },
      ]);
    });

    it('should judge a row condition on that row', () => {
      const calls = [{ reached: true }, { reached: false }, { reached: false, why: '空号' }];
      expect(errorsOf(validateSubmission(form, { visit: { by: { name: '李四' } }, calls }))).to.deep.equal([
        { field: 'calls[1].why', message: '字段 未接通原因 必填' },
      ]);
    });
  });
});

import type { ComplaintChannel } from '../../domain/store/index.js';
import { createComplaintRegistrar } from '../complaints/registration.js';
import { formSubmission } from '../complaints/submission.js';
import { inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { repositoryForm } from '../resources.js';
import type { ApiContext } from './context.js';

/** At the center a complaint is made orally, by phone or in writing; online ones come through /complaint. */
const OFFICE_CHANNELS: readonly ComplaintChannel[] = ['oral', 'phone', 'written'];

/**
 * 投诉登记 at the complaint office (the complaint-office role, checked by the document's
 * security): the same form and the same registration as the online page, with the clerk as the
 * actor and the channel the complaint came in on.
 */
export function registerComplaintRoutes(api: Api, ctx: ApiContext): void {
  const registrar = createComplaintRegistrar(ctx);
  const form = repositoryForm('complaint-registration');

  api.post('/api/complaints', 'registerComplaint', async (_req, res) => {
    const { body } = inputOf<{ body: Record<string, unknown> }>(res);
    const { submissionKey, data } = formSubmission(form, body);
    const channel = data.complaintChannel as ComplaintChannel;
    if (!OFFICE_CHANNELS.includes(channel)) {
      const message = '投诉处登记口头、电话或书面投诉；网上投诉请投诉人在网上投诉页面提交';
      throw new ApiProblem('validation', message, [{ in: 'body', field: 'complaintChannel', message }]);
    }
    const receipt = await registrar.register(res, {
      submissionKey,
      channel,
      data,
      action: 'complaint.register-at-office',
      engineDownDetail: '投诉已登记，但流程引擎暂时不可用，投诉尚未进入待办。请稍后再点「登记」重试（不会重复登记）',
    });
    res.status(201).json(receipt);
  });
}

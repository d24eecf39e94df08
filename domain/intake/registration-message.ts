import { smsSignature, type ApplicantMessage } from '../notify/applicant.js';

export type Channel = 'window' | 'online';

/**
 * The message that gives the applicant the case number and the verification code (查询码) at
 * registration, and again when a new code replaces it: a repeated registration request, or the
 * window re-issuing it (the old one no longer opens the case, so the applicant must not keep it).
 */
export function registrationMessage(input: {
  applicantName: string;
  itemName: string;
  channel: Channel;
  caseNumber: string;
  code: string;
  centerName: string;
  reissued: boolean;
  key: string;
}): ApplicantMessage {
  const { applicantName, itemName, caseNumber, code, centerName } = input;
  const where = input.channel === 'online' ? '网上' : '窗口';
  if (input.reissued) {
    return {
      subject: `查询码已更新（${caseNumber}）`,
      text:
        `${applicantName}：\n\n你申请的“${itemName}”（办件编号 ${caseNumber}）的查询码已重新生成，原查询码不再有效。\n` +
        `办件编号：${caseNumber}\n查询码：${code}\n\n请以新的查询码查询办理进度、接收通知和评价服务。\n\n${centerName}`,
      sms: `${smsSignature(centerName)}你申请的“${itemName}”查询码已更新，办件编号${caseNumber}，新查询码${code}，原查询码不再有效。`,
      key: input.key,
    };
  }
  return {
    subject: `办件登记回执（${caseNumber}）`,
    text:
      `${applicantName}：\n\n你申请的“${itemName}”已于${where}登记。\n` +
      `办件编号：${caseNumber}\n查询码：${code}\n\n` +
      `请妥善保管办件编号和查询码，凭此查询办理进度、接收通知和评价服务。\n\n${centerName}`,
    sms: `${smsSignature(centerName)}你申请的“${itemName}”已登记，办件编号${caseNumber}，查询码${code}，凭此查询办理进度。`,
    key: input.key,
  };
}

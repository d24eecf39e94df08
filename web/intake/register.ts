import type { CamundaRestClient } from '@camunda8/sdk';
import { applicantVariable } from '../../domain/applicants/applicant.js';
import type { CatalogueItem } from '../../domain/catalogue/types.js';
import type { ReceivedMaterial } from '../../domain/intake/materials.js';
import { PROCESS_OF_CASE_TYPE } from '../../domain/intake/processes.js';
import { registrationMessage, type Channel } from '../../domain/intake/registration-message.js';
import { notifyCaseApplicant } from '../../domain/notify/applicant.js';
import type { ExternalChannel } from '../../domain/notify/index.js';
import { newVerificationCode } from '../../domain/privacy/verification-code.js';
import type { CodeWork } from '../auth/code-work.js';
import type { Applicant, Case, Cause, NewAuditEntry, Store } from '../../domain/store/index.js';
import type { AuditEvent } from '../audit.js';
import { engineUnavailable } from '../engine-errors.js';
import { ApiProblem } from '../http/problem.js';
import type { Logger } from '../log.js';

/**
 * 收件登记 and 网上申报 in one place: the web app registers the case itself, so the applicant
 * leaves with the case number and the verification code (查询码) on screen and on the printed
 * receipt, whatever channels are configured, and then starts the case's process, which adopts the
 * case (workers/case-register.ts).
 *
 * Exactly one case per registration key: the page sends the same key again after a lost answer,
 * a double click or a reload, and gets the same case back with a newly issued code (only the
 * code's hash is stored, so the first one cannot be shown again; the new hash replaces the old,
 * so what the page shows always opens the case). The store step and the engine step are apart:
 * a case whose process did not start (engine down) is started by the next request with its key.
 */

export interface RegistrationRequest {
  /** from the page, one per application it is filling in */
  registrationKey: string;
  item: CatalogueItem;
  /** the version of the item the materials were checked against: the case is registered under it */
  itemVersion: number;
  applicant: Applicant;
  materials: ReceivedMaterial[];
  channel: Channel;
}

export interface RegisteredBy {
  /** the case events' actor: the clerk's staff id, or 申请人（网上） */
  actor: string;
  /** who set the case going, for the records the diagram writes (docs/procedures.md, Who acted) */
  cause: Cause;
  /** the audit entry of this request (web/audit.ts auditEntry bound to the response) */
  audit: (event: AuditEvent) => NewAuditEntry;
}

export interface Registration {
  theCase: Case;
  /** the code now valid; shown once and printed, never stored */
  code: string;
  /** a repeated request: the case existed, the code is new */
  reissued: boolean;
}

export interface RegistrationDeps {
  store: Store;
  camunda: CamundaRestClient;
  log: Logger;
  clock: () => Date;
  centerName: string;
  notifyChannels: readonly ExternalChannel[];
  /** derives the new 查询码's hash within the app instance's bound */
  codes: Pick<CodeWork, 'hash'>;
}

/** What the applicant is told when the engine is down; the page keeps the key, so trying again completes it. */
const ENGINE_DOWN = '办件已登记，但办理流程暂时无法启动。请稍候片刻再点击“登记”重试（不会重复登记），或联系系统管理员';

export function createRegistrar(deps: RegistrationDeps) {
  const { store, camunda, log, clock, centerName, notifyChannels, codes } = deps;

  async function register(request: RegistrationRequest, by: RegisteredBy): Promise<Registration> {
    // hashed outside the transaction: scrypt takes a while, and SQLite holds its write lock meanwhile
    const code = newVerificationCode();
    const verificationHash = await codes.hash(code);
    const { theCase, reissued } = await store.exclusive(`case-registration:${request.registrationKey}`, async (tx) => {
      const now = clock();
      const existing = await tx.cases.getByRegistrationKey(request.registrationKey);
      if (existing) {
        if (existing.itemCode !== request.item.code || existing.applicant.idNumber !== request.applicant.idNumber) {
          throw new ApiProblem('conflict', '本次登记的编号已用于另一份申请，请刷新页面后重新填写');
        }
        const updated = await tx.cases.update(existing.id, { verificationHash });
        const event = await tx.cases.appendEvent(existing.id, { kind: 'verification-code-reissued', actor: by.actor, at: now, detail: { channel: request.channel } });
        await notifyCaseApplicant(
          tx.outbox,
          notifyChannels,
          updated,
          message(request, updated.caseNumber, code, true, `case-registration:${updated.caseNumber}:reissue:${event.id}`),
        );
        await tx.audit.record(by.audit({ action: 'case.verification-code-reissued', targetType: 'case', targetId: updated.id, detail: { caseNumber: updated.caseNumber } }));
        return { theCase: updated, reissued: true };
      }
      const created = await tx.cases.create({
        itemCode: request.item.code,
        itemVersion: request.itemVersion,
        caseType: request.item.caseType,
        departmentCode: request.item.departmentCode,
        applicant: request.applicant,
        actor: by.actor,
        receivedAt: now,
        stage: '登记',
        verificationHash,
        registrationKey: request.registrationKey,
      });
      await tx.cases.appendEvent(created.id, { kind: 'materials-received', actor: by.actor, at: now, detail: { channel: request.channel, materials: request.materials } });
      await notifyCaseApplicant(tx.outbox, notifyChannels, created, message(request, created.caseNumber, code, false, `case-registration:${created.caseNumber}`));
      await tx.audit.record(
        by.audit({
          action: 'case.register',
          targetType: 'case',
          targetId: created.id,
          detail: { caseNumber: created.caseNumber, itemCode: request.item.code, channel: request.channel, applicant: request.applicant },
        }),
      );
      return { theCase: created, reissued: false };
    });
    return { theCase: theCase.processInstanceKey === null ? await start(theCase, request, by) : theCase, code, reissued };
  }

  function message(request: RegistrationRequest, caseNumber: string, code: string, reissued: boolean, key: string) {
    return registrationMessage({ applicantName: request.applicant.name, itemName: request.item.name, channel: request.channel, caseNumber, code, centerName, reissued, key });
  }

  /**
   * Starts the case's process once: under a lock on the case, so two requests with one key
   * racing here start one instance, and in the transaction that records its key, so a failed
   * start records nothing and the next request tries again.
   */
  function start(theCase: Case, request: RegistrationRequest, by: RegisteredBy): Promise<Case> {
    return store.exclusive(`case-start:${theCase.caseNumber}`, async (tx) => {
      const current = (await tx.cases.get(theCase.id)) ?? theCase;
      if (current.processInstanceKey !== null) return current;
      let processInstanceKey: string;
      try {
        const started = await camunda.createProcessInstance({
          processDefinitionId: PROCESS_OF_CASE_TYPE[request.item.caseType],
          variables: {
            caseNumber: current.caseNumber,
            itemCode: request.item.code,
            applicant: applicantVariable(current.applicant),
            materials: request.materials,
            channel: request.channel,
            actedBy: by.cause,
          },
        });
        processInstanceKey = String(started.processInstanceKey);
      } catch (error) {
        throw engineUnavailable(log, `starting the process of case ${current.caseNumber}`, error, ENGINE_DOWN);
      }
      return tx.cases.linkProcessInstance(current.id, processInstanceKey);
    });
  }

  return { register };
}

export type Registrar = ReturnType<typeof createRegistrar>;

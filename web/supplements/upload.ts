import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { detectFileType, SUPPLEMENT_FILE_TYPES } from '../../domain/supplements/file-type.js';
import { SUPPLEMENT_LIMITS } from '../../domain/supplements/limits.js';
import type { VirusScanner } from '../../domain/supplements/virus-scan.js';
import type { NewSupplementFile, SuppliedMaterial } from '../../domain/store/index.js';
import type { SupplementRequest } from '../../domain/supplements/open-notice.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import { readMultipart } from './multipart.js';
import { checkOnNotice } from './supply.js';

/**
 * The applicant's online supplement as uploaded (multipart/form-data): text fields caseNumber,
 * verificationCode, idempotencyKey and materials (JSON: [{ code, declaration? }]), and files
 * under `files.<material code>`. Read within SUPPLEMENT_LIMITS, then checked against the notice:
 * only its materials, each with a declaration or a file, every file a PDF, JPEG or PNG by its
 * content and passed by the virus scanner.
 */

/** The most materials one notice lists that an upload may answer. */
const MAX_MATERIALS = 20;

/** The limits as /lookup shows them to the applicant before uploading. */
export const UPLOAD_LIMITS_BODY = {
  fileBytes: SUPPLEMENT_LIMITS.fileBytes,
  filesPerMaterial: SUPPLEMENT_LIMITS.filesPerMaterial,
  totalBytes: SUPPLEMENT_LIMITS.totalBytes,
  declarationChars: SUPPLEMENT_LIMITS.declarationChars,
  types: [...SUPPLEMENT_FILE_TYPES],
};

export interface UploadForm {
  caseNumber: string;
  verificationCode: string;
  idempotencyKey: string;
  materials: Array<{ code: string; declaration: string | null }>;
  files: Array<{ code: string; fileName: string; content: Buffer }>;
}

const FILE_FIELD = /^files\.([A-Za-z0-9._-]{1,64})$/;

const refuse = (errors: FieldError[]) => new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
const fieldError = (field: string, message: string): FieldError => ({ in: 'body', field, message });

export async function readUploadForm(req: Request): Promise<UploadForm> {
  const body = await readMultipart(req, {
    fileBytes: SUPPLEMENT_LIMITS.fileBytes,
    totalBytes: SUPPLEMENT_LIMITS.totalBytes,
    filesPerField: SUPPLEMENT_LIMITS.filesPerMaterial,
    files: SUPPLEMENT_LIMITS.filesPerMaterial * MAX_MATERIALS,
    fields: 10,
    fieldBytes: 64 * 1024,
  });
  const errors: FieldError[] = [];
  const text = (name: string, pattern: RegExp, message: string): string => {
    const value = body.fields.get(name);
    if (value === undefined || value === '') errors.push(fieldError(name, `缺少必填项 ${name}`));
    else if (!pattern.test(value)) errors.push(fieldError(name, message));
    return value ?? '';
  };
  const caseNumber = text('caseNumber', /^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$/, 'caseNumber 格式不正确（如 SH20261102-0001）');
  const verificationCode = text('verificationCode', /^[0-9]{6}$/, 'verificationCode 应为 6 位数字');
  const idempotencyKey = text('idempotencyKey', /^[A-Za-z0-9_-]{8,64}$/, 'idempotencyKey 应为 8 到 64 个字母、数字、_ 或 -');
  const materials = parseMaterials(body.fields.get('materials'), errors);
  for (const name of body.fields.keys()) {
    if (!['caseNumber', 'verificationCode', 'idempotencyKey', 'materials'].includes(name)) errors.push(fieldError(name, `不支持的字段 ${name}`));
  }
  const files = body.files.flatMap((f) => {
    const code = FILE_FIELD.exec(f.field)?.[1];
    if (code === undefined) {
      errors.push(fieldError(f.field, `文件字段 ${f.field} 应为 files.<材料代码>`));
      return [];
    }
    return [{ code, fileName: f.fileName, content: f.content }];
  });
  if (errors.length > 0) throw refuse(errors);
  return { caseNumber, verificationCode, idempotencyKey, materials, files };
}

function parseMaterials(raw: string | undefined, errors: FieldError[]): UploadForm['materials'] {
  if (raw === undefined) {
    errors.push(fieldError('materials', '缺少必填项 materials'));
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    errors.push(fieldError('materials', 'materials 应为 JSON 数组'));
    return [];
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_MATERIALS) {
    errors.push(fieldError('materials', `materials 应为 1 到 ${MAX_MATERIALS} 项的数组`));
    return [];
  }
  return parsed.flatMap((entry: unknown, i) => {
    const m = (entry ?? {}) as Record<string, unknown>;
    const extra = Object.keys(m).filter((k) => k !== 'code' && k !== 'declaration');
    if (typeof entry !== 'object' || entry === null || extra.length > 0) {
      errors.push(fieldError(`materials.${i}`, `materials.${i} 只能有 code 和 declaration`));
      return [];
    }
    if (typeof m.code !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(m.code)) {
      errors.push(fieldError(`materials.${i}.code`, `materials.${i}.code 应为材料代码`));
      return [];
    }
    const declaration = m.declaration === undefined || m.declaration === null ? '' : m.declaration;
    if (typeof declaration !== 'string' || declaration.trim().length > SUPPLEMENT_LIMITS.declarationChars) {
      errors.push(fieldError(`materials.${i}.declaration`, `补正说明应为不超过 ${SUPPLEMENT_LIMITS.declarationChars} 个字符的文字`));
      return [];
    }
    return [{ code: m.code, declaration: declaration.trim() === '' ? null : declaration.trim() }];
  });
}

/** A name to keep and show: no path, no control characters, not too long; from the type when nothing is left. */
function cleanFileName(name: string, code: string, type: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  return (base === '' ? `${code}.${ext}` : base).slice(0, 200);
}

/** The form against the open notice, its files typed by content and scanned; nothing is stored here. */
export async function checkUpload(form: UploadForm, request: SupplementRequest, scanner: VirusScanner): Promise<{ materials: SuppliedMaterial[]; files: NewSupplementFile[] }> {
  checkOnNotice(
    request,
    form.materials.map((m) => m.code),
    (i) => `materials.${i}.code`,
  );
  const errors: FieldError[] = [];
  const codes = new Set(form.materials.map((m) => m.code));
  for (const code of new Set(form.files.map((f) => f.code))) {
    if (!codes.has(code)) errors.push(fieldError(`files.${code}`, `${code} 的文件没有对应的补正材料；只能为通知书列明并已选择的材料上传文件`));
  }
  form.materials.forEach((m, i) => {
    if (m.declaration === null && !form.files.some((f) => f.code === m.code)) {
      errors.push(fieldError(`materials.${i}.declaration`, `「${request.materials.find((r) => r.code === m.code)?.name ?? m.code}」请填写补正说明或上传文件`));
    }
  });
  const typed = form.files.map((f) => ({ ...f, type: detectFileType(f.content) }));
  for (const f of typed) {
    if (f.content.length === 0) errors.push(fieldError(`files.${f.code}`, `文件「${f.fileName}」是空文件`));
    else if (f.type === undefined) errors.push(fieldError(`files.${f.code}`, `文件「${f.fileName}」不是 PDF、JPEG 或 PNG 文件（按文件内容识别，与文件名无关），请转换格式后重新上传`));
  }
  if (errors.length > 0) throw refuse(errors);

  const files: NewSupplementFile[] = [];
  for (const f of typed) {
    const contentType = f.type!;
    const fileName = cleanFileName(f.fileName, f.code, contentType);
    const scan = await scanner.scan({ name: fileName, contentType, content: f.content });
    if (scan.status === 'infected') {
      errors.push(fieldError(`files.${f.code}`, `文件「${fileName}」未通过病毒扫描（${scan.threat}），已拒收`));
      continue;
    }
    files.push({
      materialCode: f.code,
      fileName,
      contentType,
      sha256: createHash('sha256').update(f.content).digest('hex'),
      scanStatus: scan.status,
      scanner: scan.scanner,
      content: f.content,
    });
  }
  if (errors.length > 0) throw refuse(errors);
  const names = new Map(request.materials.map((m) => [m.code, m.name]));
  return { materials: form.materials.map((m) => ({ code: m.code, name: names.get(m.code) ?? m.code, declaration: m.declaration, received: null })), files };
}

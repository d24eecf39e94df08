import busboy from 'busboy';
import type { Request } from 'express';
import { ApiProblem } from '../http/problem.js';

/**
 * Reads a multipart/form-data body into memory under limits enforced while it streams: a part
 * over a limit ends the reading at once with a 413 (or 400), never a silently shortened file or
 * field. What is read is only handed back when the whole body arrived within the limits, so a
 * caller that stores after this stores nothing for a body that failed.
 */

export interface UploadLimits {
  /** bytes of one file */
  fileBytes: number;
  /** bytes of all files together */
  totalBytes: number;
  /** files under one field name */
  filesPerField: number;
  /** files in all */
  files: number;
  /** text fields, and bytes of one */
  fields: number;
  fieldBytes: number;
}

export interface UploadedFile {
  field: string;
  fileName: string;
  content: Buffer;
}

export interface MultipartBody {
  fields: Map<string, string>;
  files: UploadedFile[];
}

/** Room the boundaries, part headers and text fields take besides the files. */
const ENVELOPE_BYTES = 256 * 1024;

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

const tooLarge = (field: string, message: string) => new ApiProblem('payload-too-large', message, [{ in: 'body', field, message }]);
const invalid = (field: string, message: string) => new ApiProblem('validation', message, [{ in: 'body', field, message }]);

export function readMultipart(req: Request, limits: UploadLimits): Promise<MultipartBody> {
  if (!req.is('multipart/form-data')) return Promise.reject(new ApiProblem('unsupported-media-type', '请以 multipart/form-data 提交（含上传文件）'));
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.totalBytes + ENVELOPE_BYTES) {
    req.resume();
    return Promise.reject(tooLarge('', `上传内容共 ${mb(declared)}，超过合计 ${mb(limits.totalBytes)} 的限制`));
  }

  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.files + limits.fields },
      });
    } catch {
      reject(invalid('', '上传内容格式不正确（multipart/form-data 缺少 boundary）'));
      return;
    }
    const fields = new Map<string, string>();
    const files: UploadedFile[] = [];
    const perField = new Map<string, number>();
    let total = 0;
    let failed = false;

    // the first failure wins; the rest of the body is read and dropped so the answer reaches the client
    const fail = (problem: ApiProblem) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => {});
      req.resume();
      reject(problem);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(invalid(name, `字段 ${name} 过长`));
      if (fields.has(name)) return fail(invalid(name, `字段 ${name} 重复`));
      fields.set(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const count = (perField.get(name) ?? 0) + 1;
      perField.set(name, count);
      const fileName = info.filename ?? '';
      if (count > limits.filesPerField) {
        stream.resume();
        return fail(invalid(name, `每项材料最多上传 ${limits.filesPerField} 个文件`));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        total += chunk.length;
        if (total > limits.totalBytes) return fail(tooLarge(name, `上传文件合计超过 ${mb(limits.totalBytes)} 的限制`));
        chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(name, `文件「${fileName}」超过单个文件 ${mb(limits.fileBytes)} 的限制`)));
      stream.on('end', () => {
        if (!failed) files.push({ field: name, fileName, content: Buffer.concat(chunks) });
      });
    });
    parser.on('filesLimit', () => fail(tooLarge('', `一次最多上传 ${limits.files} 个文件`)));
    parser.on('fieldsLimit', () => fail(invalid('', '字段过多')));
    parser.on('partsLimit', () => fail(invalid('', '上传内容的部分过多')));
    parser.on('error', () => fail(invalid('', '上传内容格式不正确，请重新提交')));
    parser.on('close', () => {
      if (!failed) resolve({ fields, files });
    });
    req.on('aborted', () => fail(invalid('', '上传中断，请重新提交')));
    req.pipe(parser);
  });
}

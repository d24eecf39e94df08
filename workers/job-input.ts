import type { Job } from './types.js';
import { InvalidJobInput } from './errors.js';

/** Typed readers for job variables and custom headers; a wrong value names the variable. */

export function variable(job: Job, name: string): unknown {
  return (job.variables as Record<string, unknown>)[name];
}

export function header(job: Job, name: string): string | undefined {
  const value = (job.customHeaders as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function requireHeader(job: Job, name: string): string {
  const value = header(job, name);
  if (!value) throw new InvalidJobInput(`header:${name}`, `task header '${name}' is required on element '${job.elementId}'`);
  return value;
}

export function requireString(job: Job, name: string): string {
  const value = variable(job, name);
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidJobInput(name, `expected a non-empty string on element '${job.elementId}', got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalString(job: Job, name: string): string | undefined {
  const value = variable(job, name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidJobInput(name, `expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A required task header that must be one of `allowed`. */
export function requireHeaderOneOf<T extends string>(job: Job, name: string, allowed: readonly T[]): T {
  return headerIn(job, name, requireHeader(job, name), allowed);
}

/** An optional task header that, when present, must be one of `allowed`. */
export function headerOneOf<T extends string>(job: Job, name: string, allowed: readonly T[]): T | undefined {
  const value = header(job, name);
  return value === undefined ? undefined : headerIn(job, name, value, allowed);
}

function headerIn<T extends string>(job: Job, name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidJobInput(`header:${name}`, `unknown ${name} '${value}' on element '${job.elementId}'; expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A string variable that must be one of `allowed`. */
export function requireOneOf<T extends string>(job: Job, name: string, allowed: readonly T[]): T {
  const value = requireString(job, name);
  if (!(allowed as readonly string[]).includes(value)) throw new InvalidJobInput(name, `expected one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** An ISO date-time variable. */
export function requireInstant(job: Job, name: string): Date {
  return parseInstant(job, name, requireString(job, name));
}

/** An ISO date-time variable, or undefined when it is unset or empty. */
export function optionalInstant(job: Job, name: string): Date | undefined {
  const text = optionalString(job, name);
  return text === undefined ? undefined : parseInstant(job, name, text);
}

function parseInstant(job: Job, name: string, text: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new InvalidJobInput(name, `expected an ISO date-time on element '${job.elementId}', got ${JSON.stringify(text)}`);
  return at;
}

export function requireNumber(job: Job, name: string): number {
  const value = variable(job, name);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidJobInput(name, `expected a number on element '${job.elementId}', got ${JSON.stringify(value)}`);
  }
  return value;
}

export function optionalBoolean(job: Job, name: string): boolean | undefined {
  const value = variable(job, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new InvalidJobInput(name, `expected true or false, got ${JSON.stringify(value)}`);
  return value;
}

export function requireObject(job: Job, name: string): Record<string, unknown> {
  const value = variable(job, name);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidJobInput(name, `expected an object on element '${job.elementId}', got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** The key that makes a job's effects happen once: the element instance survives redelivery. */
export function idempotencyKey(job: Job, suffix = ''): string {
  return `${job.type}:${job.elementInstanceKey}${suffix ? ':' + suffix : ''}`;
}

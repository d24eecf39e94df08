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

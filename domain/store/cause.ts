/**
 * Who or what set an automatic step going (docs/procedures.md, `actedBy`): the staff member whose
 * completed task led to it, the applicant (a supplement, a rating), or an event of the diagram (a
 * timer running out, a message from outside the center). A job worker signs its timeline events
 * and audit entries as itself and names this as their cause, so electronic supervision sees the
 * person behind every automatic record.
 */
export type Cause =
  | { kind: 'staff'; staffId: string; name: string; task: string; userTaskKey: string }
  | { kind: 'applicant'; event: string | null }
  | { kind: 'event'; event: string };

const text = (value: unknown, max = 200): string | null => (typeof value === 'string' && value.trim() !== '' && value.length <= max ? value : null);

/** The cause a variable names, or null when it names none (absent, or not a cause's shape). */
export function parseCause(value: unknown): Cause | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'staff': {
      const staffId = text(v.staffId, 64);
      if (staffId === null) return null;
      // a staff action outside any user task (收件登记, a supplement taken at the window) has no task key
      return { kind: 'staff', staffId, name: text(v.name) ?? staffId, task: text(v.task) ?? '', userTaskKey: text(v.userTaskKey, 20) ?? '' };
    }
    case 'applicant':
      return { kind: 'applicant', event: text(v.event) };
    case 'event': {
      const event = text(v.event);
      return event === null ? null : { kind: 'event', event };
    }
    default:
      return null;
  }
}

/** The staff id a cause names, kept in its own column so records can be searched by person. */
export function causedBy(cause: Cause | null | undefined): string | null {
  return cause?.kind === 'staff' ? cause.staffId : null;
}

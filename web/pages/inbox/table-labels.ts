import { displayValue, REVIEW_DECISION_LABELS } from '../shared/labels.js';

/**
 * Tables in the task forms show process variables that hold codes (各部门意见: ZJ, approve,
 * false). Before a form is shown, the rows of each table whose data source is a plain variable
 * the form does not own are replaced by copies with every cell in Chinese; what the form submits
 * (its own fields) is untouched.
 */

interface Component {
  type?: string;
  dataSource?: string;
  columns?: Array<{ key: string }>;
  components?: Component[];
}

/** 联办审查 rows carry a department's answer: 同意/不同意 rather than an application's 准予/不予. */
const reviewRows = (rows: Array<Record<string, unknown>>) => rows.some((r) => 'departmentCode' in r && 'decision' in r);

function tableSources(components: Component[], found: Map<string, string[]>): void {
  for (const c of components) {
    const source = c.type === 'table' ? /^=\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(c.dataSource ?? '') : null;
    if (source && c.columns) found.set(source[1], [...(found.get(source[1]) ?? []), ...c.columns.map((col) => col.key)]);
    if (c.components) tableSources(c.components, found);
  }
}

export function labelTableData(schema: { components?: Component[] }, data: Record<string, unknown>, owned: Set<string>): Record<string, unknown> {
  const sources = new Map<string, string[]>();
  tableSources(schema.components ?? [], sources);
  const labelled = { ...data };
  for (const [name, keys] of sources) {
    const rows = data[name];
    if (owned.has(name) || !Array.isArray(rows)) continue;
    const records = rows.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
    const decisions = reviewRows(records) ? REVIEW_DECISION_LABELS : undefined;
    labelled[name] = records.map((row) => ({ ...row, ...Object.fromEntries(keys.map((k) => [k, displayValue(k, row[k], decisions)])) }));
  }
  return labelled;
}

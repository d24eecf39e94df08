import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateAllZeebe } from '@bpmn-io/element-templates-validator';
import { expect } from 'chai';

/**
 * The designer's element templates (web/pages/designer/element-templates.json) against the
 * contract of docs/procedures.md: a template for every job type and a job type for every template,
 * each job type fixed (hidden), each header the procedures name editable, with the values they list.
 */

const root = join(import.meta.dirname, '..', '..', '..');

interface Property {
  type: string;
  label?: string;
  value?: string;
  optional?: boolean;
  choices?: Array<{ name: string; value: string }>;
  binding: { type: string; property?: string; key?: string; eventType?: string; name?: string };
}
interface Template {
  id: string;
  name: string;
  appliesTo: string[];
  elementType?: { value: string };
  properties: Property[];
}

const templates = JSON.parse(readFileSync(join(root, 'web', 'pages', 'designer', 'element-templates.json'), 'utf8')) as Template[];

/** The job types table of docs/procedures.md: job type → the headers it reads, with their values where listed. */
function procedureJobTypes(): Map<string, Map<string, string[]>> {
  const doc = readFileSync(join(root, 'docs', 'procedures.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Job types'), doc.indexOf('\n## ', doc.indexOf('## Job types') + 1));
  const jobs = new Map<string, Map<string, string[]>>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const jobType = /^`([a-z-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!jobType) continue;
    const headers = new Map<string, string[]>();
    // `deadline`: `case`\|`step`; `days` (…); `output` (…)  ·  `stage` (Chinese label), `status`
    for (const segment of cells[2].split(/;|,\s(?=`)/)) {
      const key = /^\s*`([a-z][A-Za-z]*)`/.exec(segment)?.[1];
      if (!key) continue;
      const listed = /^\s*`[a-z][A-Za-z]*`(?:\s*\([^)]*\))?:\s*((?:`[a-z-]+`(?:\s*\\\|\s*)?)+)/.exec(segment)?.[1];
      headers.set(key, listed ? [...listed.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]) : []);
    }
    jobs.set(jobType, headers);
  }
  return jobs;
}

const jobTypeOf = (p: Property): string | undefined =>
  p.type === 'Hidden' && ((p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type') || p.binding.type === 'zeebe:taskListener') ? p.value : undefined;

describe('web/pages/designer element templates', () => {
  const jobs = procedureJobTypes();

  it('should read the job types of docs/procedures.md', () => {
    expect(jobs.size).to.be.at.least(20);
    expect([...jobs.get('deadline-set')!.keys()]).to.deep.equal(['deadline', 'days', 'output']);
    expect(jobs.get('notice-issue')!.get('kind')).to.include.members(['acceptance', 'supplement', 'withdrawn']);
  });

  it('should be valid Camunda 8 element templates', () => {
    const result = validateAllZeebe(templates);
    expect(result.errors ?? [], JSON.stringify(result.errors)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
  });

  it('should have a template for every job type of docs/procedures.md and a job type of docs/procedures.md for every template', () => {
    const fixed = templates.flatMap((t) => t.properties.map(jobTypeOf).filter((j): j is string => j !== undefined));
    expect(new Set(fixed).size, 'each job type in one template only').to.equal(fixed.length);
    expect([...fixed].sort()).to.deep.equal([...jobs.keys()].sort());
    for (const t of templates) expect(t.properties.some((p) => jobTypeOf(p) !== undefined), `${t.id} fixes a job type`).to.equal(true);
  });

  it('should fix the job type of a service task and let the designer set the headers the procedures name, with their values', () => {
    for (const t of templates.filter((x) => x.elementType?.value === 'bpmn:ServiceTask')) {
      const [jobType, ...more] = t.properties.map(jobTypeOf).filter((j) => j !== undefined);
      expect(more, t.id).to.deep.equal([]);
      expect(t.id).to.equal(`service-hall.${jobType}`);
      expect(t.name, `${t.id} has a Chinese name`).to.match(/^\p{Script=Han}/u);
      expect(t.appliesTo).to.deep.equal(['bpmn:Task']);

      const headers = t.properties.filter((p) => p.binding.type === 'zeebe:taskHeader');
      expect(headers.map((p) => p.binding.key).sort(), `${t.id} headers`).to.deep.equal([...jobs.get(jobType)!.keys()].sort());
      for (const p of headers) {
        expect(['String', 'Dropdown'], `${t.id} ${p.binding.key} is editable`).to.include(p.type);
        expect(p.label, `${t.id} ${p.binding.key} label`).to.match(/\p{Script=Han}/u);
        const listed = jobs.get(jobType)!.get(p.binding.key!)!;
        if (p.type === 'Dropdown' && listed.length > 0) {
          expect(p.choices!.map((c) => c.value).filter((v) => v !== '').sort(), `${t.id} ${p.binding.key} choices`).to.deep.equal([...listed].sort());
          for (const c of p.choices!) expect(c.name, `${t.id} ${c.value}`).to.match(/\p{Script=Han}/u);
        }
      }
    }
    const notice = templates.find((t) => t.name === '发送通知')!;
    expect(notice.properties.find((p) => p.binding.key === 'kind')).to.include({ type: 'Dropdown', value: 'acceptance' });
    expect(templates.map((t) => t.name)).to.include('计算期限');
  });

  it('should make a user task with the three task listeners and a choice of every form of forms/', () => {
    const userTask = templates.find((t) => t.elementType?.value === 'bpmn:UserTask')!;
    expect(userTask.properties.filter((p) => p.binding.type === 'zeebe:taskListener').map((p) => [p.binding.eventType, p.value])).to.deep.equal([
      ['creating', 'user-task-creating'],
      ['assigning', 'user-task-assigning'],
      ['completing', 'user-task-completing'],
    ]);
    expect(userTask.properties.some((p) => p.binding.type === 'zeebe:userTask')).to.equal(true);
    const form = userTask.properties.find((p) => p.binding.type === 'zeebe:formDefinition')!;
    const forms = readdirSync(join(root, 'forms'))
      .filter((f) => f.endsWith('.form'))
      .map((f) => f.slice(0, -'.form'.length));
    expect(form.choices!.map((c) => c.value).sort()).to.deep.equal(forms.sort());
  });
});

import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import compileConfig from 'bpmnlint/lib/support/compile-config.js';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { formTitle, processName } from '../web/designer/names.js';

/**
 * Build-time modules of the designer page (web/pages/designer), made by esbuild from the project:
 *
 * - `virtual:bpmnlint-config`: the project's .bpmnlintrc packed for the browser, the way
 *   bpmnlint-pack-config does it (bpmnlint's own compile-config: every enabled rule imported from
 *   its package, with a static resolver), so the diagram is linted with the same rules as
 *   `npm run lint:bpmn` and POST /api/designer/bpmn/{id}/lint.
 * - `virtual:designer-resources`: the diagrams of processes/ and the forms of forms/ with their
 *   Chinese names (a process's name attribute, a form's first heading), for the page's list.
 */
export interface DesignerResource {
  id: string;
  name: string;
}

const LINT_CONFIG = 'virtual:bpmnlint-config';

export function designerBuildPlugin(root: string): Plugin {
  return {
    name: 'designer',
    setup(build) {
      build.onResolve({ filter: /^virtual:(bpmnlint-config|designer-resources)$/ }, (args) => ({ path: args.path, namespace: 'designer' }));
      build.onLoad({ filter: /.*/, namespace: 'designer' }, async (args) => {
        if (args.path === LINT_CONFIG) {
          const rc = JSON.parse(await readFile(join(root, '.bpmnlintrc'), 'utf8')) as object;
          const resolver = new NodeResolver({ require: createRequire(join(root, 'package.json')) });
          return { contents: await compileConfig(rc, resolver), loader: 'js', resolveDir: root, watchFiles: [join(root, '.bpmnlintrc')] };
        }
        const resources = { processes: await processes(root), forms: await forms(root) };
        return { contents: JSON.stringify(resources), loader: 'json', resolveDir: root };
      });
    },
  };
}

async function processes(root: string): Promise<DesignerResource[]> {
  const dir = join(root, 'processes');
  const list: DesignerResource[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.bpmn')).sort()) {
    const xml = await readFile(join(dir, file), 'utf8');
    const id = file.slice(0, -'.bpmn'.length);
    list.push({ id, name: processName(xml, id) ?? id });
  }
  return list;
}

async function forms(root: string): Promise<DesignerResource[]> {
  const dir = join(root, 'forms');
  const list: DesignerResource[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.form')).sort()) {
    const form = JSON.parse(await readFile(join(dir, file), 'utf8')) as { id: string; components?: Array<{ type?: string; text?: string }> };
    list.push({ id: form.id, name: formTitle(form) ?? form.id });
  }
  return list;
}

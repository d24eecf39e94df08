import { build, type Metafile } from 'esbuild';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFaviconLink } from '../web/favicon.js';
import { designerBuildPlugin } from './designer-build.js';

/**
 * Bundles every page in web/pages/<page>/ (index.html + main.ts, optional style.css) into
 * web/dist/<page>/ with esbuild. Everything comes from npm: no CDN at run time. Each page's html
 * gets the favicon link here, so no page has to remember it. A page's `<name>.lazy.ts` is bundled
 * on its own as /assets/<page>/<name>.lazy.js, for the page to import when it needs it (the
 * operations page's diagram viewer), so the page itself stays small.
 */
const root = join(import.meta.dirname, '..');
const pagesDir = join(root, 'web', 'pages');
const outDir = join(root, 'web', 'dist');

export async function buildWeb({ minify = true }: { minify?: boolean } = {}): Promise<{ pages: string[]; metafile: Metafile }> {
  const pages: string[] = [];
  for (const name of await readdir(pagesDir)) {
    if (name === 'shared') continue;
    const dir = join(pagesDir, name);
    if (!(await stat(dir)).isDirectory()) continue;
    // a page still being written (no main.ts or index.html yet) is not built
    if (!(await exists(join(dir, 'main.ts'))) || !(await exists(join(dir, 'index.html')))) continue;
    pages.push(name);
  }
  const lazy: Array<[string, string]> = [];
  for (const page of pages) {
    for (const file of await readdir(join(pagesDir, page))) {
      if (file.endsWith('.lazy.ts')) lazy.push([`${page}/${file.slice(0, -'.ts'.length)}`, join(pagesDir, page, file)]);
    }
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const { metafile } = await build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: Object.fromEntries([...pages.map((p) => [`${p}/main`, join(pagesDir, p, 'main.ts')]), ...lazy]),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outdir: outDir,
    minify,
    sourcemap: true,
    loader: { '.svg': 'text', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file', '.eot': 'file' },
    // bpmn-js and form-js ship CSS we import from main.ts; esbuild writes it next to main.js
    logLevel: 'warning',
    // the designer's packed .bpmnlintrc and its list of processes/ and forms/
    plugins: [designerBuildPlugin(root)],
  });
  for (const page of pages) {
    const html = await readFile(join(pagesDir, page, 'index.html'), 'utf8');
    await writeFile(join(outDir, page, 'index.html'), withFaviconLink(page, html));
  }
  return { pages, metafile };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { pages } = await buildWeb();
  console.log(`built ${pages.length} pages into web/dist: ${pages.join(', ')}`);
}

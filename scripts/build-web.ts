import { build, type Loader, type Metafile } from 'esbuild';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { appendToHead, withFaviconLink } from '../web/favicon.js';
import { COMPRESSIBLE, PRECOMPRESSED } from '../web/static-files.js';
import { designerBuildPlugin } from './designer-build.js';
import { stylesheetImportPlugin } from './stylesheet-import.js';

/**
 * Bundles every page in web/pages/<page>/ (index.html + main.ts, optional style.css) into
 * web/dist/<page>/ with esbuild. Everything comes from npm: no CDN at run time. Each page's html
 * gets the favicon link here, so no page has to remember it.
 *
 * Code splitting (docs/decisions/0014): what a page needs only once someone uses it (the
 * designer's diagram and form editors, the operations page's diagram viewer) is a dynamic
 * `import()`, which esbuild writes as a chunk of its own beside the page's main.js, with the code
 * the page and its parts share in chunks of their own. Such a part brings its stylesheet inside its chunk (`stylesheet:` imports,
 * scripts/stylesheet-import.ts). Each page's html lists the chunks its main.js imports statically
 * as modulepreload links, so the browser fetches them alongside main.js instead of after it.
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
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  // one build per page: a chunk is shared only by a page's main.js and its own import()s, so a
  // page without import()s stays main.js and main.css, and no page waits for chunks of others
  const builds = await Promise.all(
    pages.map((page) =>
      build({
        absWorkingDir: root,
        metafile: true,
        entryPoints: { [`${page}/main`]: join(pagesDir, page, 'main.ts') },
        bundle: true,
        format: 'esm',
        splitting: true,
        chunkNames: `${page}/[name]-[hash]`,
        target: 'es2022',
        outdir: outDir,
        minify,
        sourcemap: true,
        loader: { ...ASSET_LOADERS, '.svg': 'text' },
        // the CSS a page's main.ts imports; esbuild writes it next to main.js
        logLevel: 'warning',
        plugins: [
          // the designer's packed .bpmnlintrc and its list of processes/ and forms/
          designerBuildPlugin(root),
          // a stylesheet's svg is a font or an image the browser fetches only if it needs it
          stylesheetImportPlugin({ root, outdir: outDir, minify, loader: { ...ASSET_LOADERS, '.svg': 'file' } }),
        ],
      }),
    ),
  );
  const metafile: Metafile = { inputs: {}, outputs: {} };
  for (const { metafile: one } of builds) {
    Object.assign(metafile.inputs, one.inputs);
    Object.assign(metafile.outputs, one.outputs);
  }
  for (const page of pages) {
    const html = await readFile(join(pagesDir, page, 'index.html'), 'utf8');
    const main = relative(root, join(outDir, page, 'main.js'));
    const chunks = [...withStaticImports(metafile, [main])].filter((file) => file !== main).sort();
    const preloads = chunks.map((file) => `<link rel="modulepreload" href="/assets/${relative(outDir, join(root, file))}" />`);
    await writeFile(join(outDir, page, 'index.html'), appendToHead(page, withFaviconLink(page, html), preloads));
  }
  await precompress(outDir);
  return { pages, metafile };
}

const COMPRESSORS: Record<(typeof PRECOMPRESSED)[number]['encoding'], (body: Buffer) => Promise<Buffer>> = {
  // the best quality costs ~5 s a MB here: the editors' megabytes take 9, ~12 % larger in a tenth of the time
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: body.length <= 256 * 1024 ? zlib.BROTLI_MAX_QUALITY : 9, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(gzip)(body, { level: zlib.Z_BEST_COMPRESSION }),
};

/**
 * Writes each text file's compressed copies beside it (x.js.br, x.js.gz) where they are smaller, which the web app sends
 * to browsers that accept them (web/static-files.ts): compressed once, at the highest levels,
 * instead of on every request.
 */
async function precompress(dir: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile() && COMPRESSIBLE.test(f.name)).map((f) => join(f.parentPath, f.name));
  await Promise.all(
    files.map(async (file) => {
      const body = await readFile(file);
      await Promise.all(
        PRECOMPRESSED.map(async ({ encoding, suffix }) => {
          const compressed = await COMPRESSORS[encoding](body);
          // a file too small to gain is sent as it is
          if (compressed.length < body.length) await writeFile(file + suffix, compressed);
        }),
      );
    }),
  );
}

const ASSET_LOADERS: Record<string, Loader> = { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file', '.eot': 'file' };

/**
 * `files` (web/dist paths as the metafile names them) and every chunk they import statically,
 * directly or through other chunks: what the browser fetches to run them. The dynamic imports met on
 * the way are added to `dynamic`.
 */
export function withStaticImports(metafile: Metafile, files: readonly string[], dynamic = new Set<string>()): Set<string> {
  const found = new Set<string>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    found.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.external) continue;
      if (imported.kind === 'import-statement') visit(imported.path);
      else if (imported.kind === 'dynamic-import') dynamic.add(imported.path);
    }
  };
  for (const file of files) visit(file);
  return found;
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

/**
 * Page bundle benchmark (`npm run bench:bundles`): prints figures only, no verdicts.
 *
 * Builds the pages as production does (scripts/build-web.ts, minified) and prints, for each page:
 * - first load: its HTML and every script and stylesheet the browser fetches before anyone touches
 *   the page (what the HTML links, then every static import of those scripts, transitively);
 * - later: each dynamic import() the page can make, with the files it fetches when it is the first
 *   one made after the first load (its own chunk and the chunks it imports statically, less what the
 *   first load fetched; chunks two imports share are counted under both).
 * Bytes raw and as the web app sends them compressed (web/static-files.ts): the gzip and brotli
 * copies the build wrote (scripts/build-web.ts), or the file itself where compressing did not pay;
 * `sent` is what a browser accepting brotli transfers (bodies, without HTTP headers). Fonts and
 * images a stylesheet names are left out: the browser fetches them only once something on the page
 * uses them.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildWeb, withStaticImports } from '../scripts/build-web.js';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'web', 'dist');

interface Size {
  raw: number;
  gzip: number;
  br: number;
}

const sizes = new Map<string, Size>();
async function sizeOf(path: string): Promise<Size> {
  let size = sizes.get(path);
  if (!size) {
    const bytes = (file: string) => stat(join(root, file)).then((s) => s.size);
    const raw = await bytes(path);
    const [gzip, br] = await Promise.all([`${path}.gz`, `${path}.br`].map((copy) => bytes(copy).catch(() => raw)));
    size = { raw, gzip, br };
    sizes.set(path, size);
  }
  return size;
}

/** The files under web/dist that a page's HTML makes the browser fetch: its scripts and stylesheets. */
function linkedAssets(html: string): string[] {
  const urls = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="(\/assets\/[^"]+)"[^>]*>/g)].filter(([tag]) => !/\brel="icon"/.test(tag)).map(([, url]) => url);
  return urls.map((url) => relative(root, join(dist, url.slice('/assets/'.length))));
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function line(label: string, files: Iterable<string>, indent: string): Promise<Size> {
  const total = { raw: 0, gzip: 0, br: 0 };
  const rows: string[] = [];
  const columns = (size: Size) => `raw ${kib(size.raw).padStart(11)}  gzip ${kib(size.gzip).padStart(10)}  sent (br) ${kib(size.br).padStart(10)}`;
  for (const file of [...files].sort()) {
    const size = await sizeOf(file);
    total.raw += size.raw;
    total.gzip += size.gzip;
    total.br += size.br;
    rows.push(`${`${indent}    ${relative('web/dist', file)}`.padEnd(48)} ${columns(size)}`);
  }
  console.log(`${`${indent}${label}`.padEnd(48)} ${columns(total)}  (${rows.length} files)`);
  if (process.env.BENCH_BUNDLES_FILES !== '0') for (const row of rows) console.log(row);
  return total;
}

const { pages, metafile } = await buildWeb({ minify: true });
const entryOf = new Map(Object.entries(metafile.outputs).map(([file, output]) => [file, output.entryPoint]));
console.log(`${pages.length} pages, minified build; gzip and br: the compressed copies the web app sends (gzip level 9, brotli 11, 9 above 256 KiB)`);
for (const page of pages.sort()) {
  const htmlFile = relative(root, join(dist, page, 'index.html'));
  const dynamic = new Set<string>();
  const first = withStaticImports(metafile, linkedAssets(await readFile(join(root, htmlFile), 'utf8')), dynamic);
  console.log('');
  await line(`${page}: first load`, [htmlFile, ...first], '');
  const imports = [...dynamic];
  for (let at = 0; at < imports.length; at++) {
    const found = new Set<string>();
    const files = [...withStaticImports(metafile, [imports[at]], found)].filter((file) => !first.has(file));
    for (const next of found) if (!imports.includes(next)) imports.push(next);
    const source = entryOf.get(imports[at]) ?? imports[at];
    await line(`later, import('./${relative(`web/pages/${page}`, source)}')`, files, '  ');
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, type Loader, type Plugin } from 'esbuild';

/**
 * `import css from 'stylesheet:./editor.css'`: the stylesheet bundled (its @imports, library CSS
 * from npm included) and handed to the script as text, for a lazily loaded part of a page to add
 * when it loads (web/pages/shared/stylesheet.ts). esbuild puts every stylesheet a page's script
 * imports, through import() too, into the page's one main.css (by design, evanw/esbuild#1590), so a
 * plain CSS import would make the first load carry the lazy part's styles. Fonts and images the
 * stylesheet names are written beside the other assets and fetched only when the page uses them.
 */
const PREFIX = 'stylesheet:';

export function stylesheetImportPlugin({ root, outdir, minify, loader }: { root: string; outdir: string; minify: boolean; loader: Record<string, Loader> }): Plugin {
  return {
    name: 'stylesheet-import',
    setup(outer) {
      outer.onResolve({ filter: /^stylesheet:/ }, async (args) => {
        // a relative path or a package's file, as an @import in the stylesheet would name it
        const found = await outer.resolve(args.path.slice(PREFIX.length), { resolveDir: args.resolveDir, kind: 'import-statement' });
        return found.errors.length > 0 ? { errors: found.errors } : { path: found.path, namespace: 'stylesheet' };
      });
      outer.onLoad({ filter: /.*/, namespace: 'stylesheet' }, async (args) => {
        const result = await build({
          absWorkingDir: root,
          entryPoints: [args.path],
          bundle: true,
          minify,
          write: false,
          metafile: true,
          outdir,
          publicPath: '/assets/',
          loader,
          logLevel: 'warning',
        });
        let css = '';
        for (const file of result.outputFiles) {
          if (file.path.endsWith('.css')) css = file.text;
          else {
            await mkdir(dirname(file.path), { recursive: true });
            await writeFile(file.path, file.contents);
          }
        }
        const watchFiles = Object.keys(result.metafile.inputs).map((input) => join(root, input));
        return { contents: `export default ${JSON.stringify(css)};`, loader: 'js', watchFiles };
      });
    },
  };
}

import { build, type Plugin } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * Bundles the server's entry points, the embedded engine (engine/main.ts) and the app
 * (scripts/start.ts), into dist/server/ as plain JavaScript (docs/decisions/0022): started with
 * `node --import tsx`, every start transpiled and resolved hundreds of TypeScript files and
 * packages, ~1.3 s of CPU before the engine could listen. Tests run the sources; production start
 * paths (npm start, npm run engine, the Docker image) run the bundle this builds just before.
 */
const root = join(import.meta.dirname, '..');
export const SERVER_DIST = join(root, 'dist', 'server');

export const SERVER_ENTRIES = { engine: 'engine/main.ts', start: 'scripts/start.ts' } as const;

/**
 * Packages loaded from node_modules at run time rather than bundled: native addons
 * (better-sqlite3; pg, whose pg-native it may load), the Camunda SDK, which brings gRPC and a
 * native certificate store for Windows, and bpmnlint, which loads its rules and configurations
 * by file name relative to its own files.
 */
export const SERVER_EXTERNALS = ['better-sqlite3', 'pg', '@camunda8/sdk', 'bpmnlint'];

/** The bundled files, each an entry point name of SERVER_ENTRIES. */
export function serverBundle(name: keyof typeof SERVER_ENTRIES, outdir = SERVER_DIST): string {
  return join(outdir, `${name}.js`);
}

export async function buildServer({ outdir = SERVER_DIST }: { outdir?: string } = {}): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: SERVER_ENTRIES,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir,
    external: SERVER_EXTERNALS,
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS packages bundled into an ES module still call require (Node's own modules, a
    // linter's rules found by name): theirs resolves from the bundle's folder, inside the project
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    plugins: [sourceLocationPlugin(outdir)],
  });
}

/**
 * The project's modules find files beside them (web/dist, the seed catalogue, processes/) through
 * import.meta.dirname and import.meta.url; bundled, those would name the bundle's folder. Each is
 * rewritten to the module's source location, relative to the bundle, so the bundle finds the same
 * files wherever the project is (the Docker image builds and runs it in /app).
 */
function sourceLocationPlugin(outdir: string): Plugin {
  return {
    name: 'source-location',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
        const contents = await readFile(path, 'utf8');
        if (path.includes('/node_modules/') || !contents.includes('import.meta.')) return undefined;
        const fromBundle = relative(outdir, path);
        const dirFromBundle = relative(outdir, dirname(path));
        return {
          loader: 'ts',
          contents: contents
            .replaceAll('import.meta.dirname', `(import.meta.dirname + ${JSON.stringify(`/${dirFromBundle}`)})`)
            .replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`),
        };
      });
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer();
  console.log(`built ${Object.keys(SERVER_ENTRIES).join(' and ')} into ${relative(root, SERVER_DIST)}`);
}

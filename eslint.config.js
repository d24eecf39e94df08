// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layer boundaries of docs/architecture: the embedded engine is swappable for a Camunda 8
// cluster only if the rest of the project reaches it through engine/index.js (and, at run time,
// through the SDK), and domain/ stays free of HTTP and the engine so workers and web can share it.
const engineInternals = {
  regex: String.raw`^\.{1,2}/(?:.*/)?engine/(?!index\.js$)`,
  message: 'Only engine/index.js is public; talk to the engine through the SDK client.',
};
const engineAtAll = {
  regex: String.raw`^\.{1,2}/(?:.*/)?engine/`,
  message: 'domain/ knows nothing of the engine.',
};
const workersFolder = {
  regex: String.raw`^\.{1,2}/(?:.*/)?workers/`,
  message: 'Job handlers run in the worker process, never in the web app or the domain.',
};
const webFolder = {
  regex: String.raw`^\.{1,2}/(?:.*/)?web/`,
  message: 'domain/ knows nothing of HTTP or the web app.',
};
const projectFolders = {
  regex: String.raw`^\.{1,2}/(?:.*/)?(?:domain|workers|web|scripts|test|bench|notify)/`,
  message: 'engine/ imports nothing of the project, so it can be replaced by a Camunda 8 cluster.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'test/screenshots/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Same convention as tsc's noUnusedParameters: a leading _ marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // chai asserts through property access: expect(x).to.be.undefined
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['web/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals, workersFolder] }] },
  },
  {
    files: ['workers/**', 'scripts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineInternals] }] },
  },
  {
    files: ['domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'express', message: 'domain/ knows nothing of HTTP.' },
            { name: '@camunda8/sdk', message: 'domain/ knows nothing of the engine.' },
            { name: 'nodemailer', message: 'domain/ sends nothing over the network; the channels are in notify/.' },
          ],
          patterns: [engineAtAll, webFolder, workersFolder],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'domain/ sends nothing over the network; the channels are in notify/.' }],
    },
  },
  {
    // engine/ may import shared/ (the personal-number redaction of every log), so shared/ imports nothing of the project
    files: ['engine/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [projectFolders] }] },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [projectFolders, engineAtAll] }] },
  },
);

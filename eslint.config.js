// ESLint: typescript-eslint everywhere; no super-linear regular expression in any .ts file (a cell
// can hold 100 KB of spaces); Microsoft's Office add-in rules on the add-in's code; the boundaries
// the architecture relies on (docs/architecture.md): core is pure, the worker and the pane never
// import each other.
import js from '@eslint/js';
import officeAddins from 'eslint-plugin-office-addins';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '**/dist/', '.wrangler/', 'worker/.wrangler/', 'coverage/', 'bench/out/', 'tests/e2e/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        crypto: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        structuredClone: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        AbortController: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/addin/**', '**/worker/**', '**/xlsx/**', '**/cli/**', '**/report/docx*', '**/scripts/**'],
              message: 'core imports nothing outside core (docs/architecture.md).',
            },
            {
              group: ['node:*', 'exceljs', 'jszip', 'saxes', 'docx', 'hono', 'hono/*', 'playwright-core'],
              message: 'core is pure TypeScript: no node:, no Excel, zip, XML, docx or server library.',
            },
          ],
        },
      ],
    },
  },
  {
    // Small files, one idea each, and small functions (issue 16), in every source directory.
    files: ['core/**/*.ts', 'addin/src/**/*.ts', 'worker/src/**/*.ts', 'cli/**/*.ts', 'xlsx/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['worker/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/addin/**', '**/xlsx/**', '**/cli/**', '**/scripts/**'],
              message: 'the worker imports core (and the report writer), never the pane, the xlsx layer or the CLI.',
            },
            { group: ['node:*', 'exceljs', 'jszip'], message: 'the worker runs in workerd: no node: modules, no ExcelJS.' },
          ],
        },
      ],
    },
  },
  {
    files: ['addin/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**', '**/cli/**', '**/scripts/**', 'node:*'],
              message: "the pane talks to the worker over HTTP with core's contract; it imports no worker, CLI or node: code.",
            },
            {
              group: [
                'exceljs',
                '**/xlsx/apply',
                '**/xlsx/to-input',
                '**/xlsx/build-template',
                '**/xlsx/template-bytes',
                '**/xlsx/zip-node',
                '**/xlsx/node-files',
              ],
              message: 'the page holds a workbook as its package (xlsx/package-patch.ts): no ExcelJS, no node-only xlsx code.',
            },
          ],
        },
      ],
    },
  },
  {
    // the package reader and writer run in the page too; only these files are the CLI's (node:, ExcelJS)
    files: ['xlsx/**/*.ts'],
    ignores: [
      'xlsx/zip-node.ts',
      'xlsx/node-files.ts',
      'xlsx/apply.ts',
      'xlsx/to-input.ts',
      'xlsx/build-template.ts',
      'xlsx/template-bytes.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'exceljs', '**/zip-node', '**/node-files', '**/apply', '**/to-input', '**/build-template'],
              message: 'xlsx/ is shared with the page: node: and ExcelJS only in zip-node.ts, node-files.ts and the ExcelJS files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['addin/src/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/call-sync-after-load': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'error',
      'office-addins/no-office-initialize': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
    },
  },
  {
    // Small files, one idea each (issue 16): the pane's source stays under 400 lines a file and 60 a function.
    files: ['addin/src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);

// The workspace boundaries, checked by `make unit` (npm run lint): an import that reaches into
// another workspace by a relative path fails (import-x/no-relative-packages: workspaces depend
// on each other as packages, by name), and so does an import cycle (import-x/no-cycle). Only
// these rules: formatting and style are not this check's business.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const importRules = {
  'import-x/no-relative-packages': 'error',
  'import-x/no-cycle': ['error', { ignoreExternal: true }],
};

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'e2e/report/**', 'bench/results/**', 'infra/nginx/certs/**'],
  },
  {
    files: ['**/*.{ts,mts,cts,mjs,js}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['*/tsconfig.json', 'tsconfig.base.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
      // no-cycle follows imports into these files, parsed as TypeScript.
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts', '.js', '.mjs'] },
    },
    rules: importRules,
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['frontend/tsconfig.json'] })],
      'import-x/extensions': ['.ts', '.vue'],
    },
    rules: importRules,
  },
];

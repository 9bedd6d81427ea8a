import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** libsql differs from better-sqlite3 in ways that can abort the process; only the store's adapter may touch it. */
const LIBSQL = { name: 'libsql', message: 'Use StationDatabase from electron/services/store: only store/sqlite.ts talks to libsql.' };
/** station.db has one owner: the app, the harness and the CLI get its stores from store/station-data.ts. */
const STATION_DB = {
  group: ['**/store/database'],
  importNames: ['openStationDatabase'],
  message:
    'Open the station database through store/station-data.ts (openStationData, openStationReader): it is the one owner of station.db.',
};
/** The clouds' clients know nothing of the sandbox that imitates them: station.ts (station-cloud.ts) wires a demo station's sandbox in. */
const SANDBOX = {
  group: ['**/sandbox', '**/sandbox/**'],
  message:
    'cloud/ must not import sandbox/: the station starts the demo sandbox and hands its address to the cloud service (station-cloud.ts).',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '**/electron/**', 'electron', 'axios', 'serialport', 'node-hid', 'libsql', 'ws'] },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [LIBSQL] }] },
  },
  {
    files: ['electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [LIBSQL], patterns: [STATION_DB] }] },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', LIBSQL], patterns: [STATION_DB] }] },
  },
  {
    files: ['electron/services/cloud/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', LIBSQL], patterns: [STATION_DB, SANDBOX] }] },
  },
  {
    files: ['electron/services/store/sqlite.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron'] }] },
  },
);

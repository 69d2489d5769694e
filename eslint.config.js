// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Import zones (DESIGN.md, "Layout"): each folder says which runtime its files may use, and an import
 * pointing the wrong way is an error. A source file that belongs to no zone is an error too, so a new
 * folder must be given a zone on purpose.
 */
const segment = (name) => `(^|/)${name}(/|$)`;
const nodeBuiltins = {
  regex: `^(node:|(${builtinModules
    .filter((m) => !m.startsWith('_'))
    .join('|')
    .replaceAll('/', '\\/')})(/|$))`,
  message: 'Node APIs are not available in this zone.',
};
const layer = (name, why) => ({ regex: segment(name), message: why });

const zones = [
  {
    name: 'shared',
    files: ['shared/**/*.ts'],
    patterns: [
      nodeBuiltins,
      {
        regex: '^(electron|react|react-dom|@mantine/.*|better-sqlite3|kysely)$',
        message: 'shared/ holds pure contracts: zod and pure libraries only.',
      },
      layer('electron', 'shared/ must not import from electron/.'),
      layer('renderer', 'shared/ must not import from renderer/.'),
    ],
  },
  {
    name: 'core',
    files: ['electron/core/**/*.ts'],
    patterns: [
      { regex: '^electron$', message: 'electron/core never imports electron: it runs under plain Node.' },
      { regex: '^@modelcontextprotocol/', message: 'MCP belongs to electron/mcp.' },
      { regex: '^(react|react-dom|@mantine/.*)$', message: 'No UI in core.' },
      layer('mcp', 'core must not import electron/mcp (faces depend on core, not the reverse).'),
      layer('cli', 'core must not import electron/cli.'),
      layer('main', 'core must not import electron/main.'),
      layer('preload', 'core must not import electron/preload.'),
      layer('renderer', 'core must not import the renderer.'),
    ],
  },
  {
    name: 'mcp',
    files: ['electron/mcp/**/*.ts'],
    patterns: [
      { regex: '^electron$', message: 'electron/mcp runs under plain Node.' },
      { regex: '^(react|react-dom|@mantine/.*)$', message: 'No UI in mcp.' },
      layer('cli', 'mcp must not import electron/cli.'),
      layer('main', 'mcp must not import electron/main.'),
      layer('preload', 'mcp must not import electron/preload.'),
      layer('renderer', 'mcp must not import the renderer.'),
    ],
  },
  {
    name: 'cli',
    files: ['electron/cli/**/*.ts'],
    patterns: [
      { regex: '^electron$', message: 'The CLI runs under plain Node.' },
      { regex: '^(react|react-dom|@mantine/.*)$', message: 'No UI in the CLI.' },
      layer('main', 'cli must not import electron/main.'),
      layer('preload', 'cli must not import electron/preload.'),
      layer('renderer', 'cli must not import the renderer.'),
    ],
  },
  {
    name: 'main',
    files: ['electron/main/**/*.ts'],
    patterns: [
      { regex: '^(react|react-dom|@mantine/.*)$', message: 'No UI in main.' },
      layer('cli', 'main must not import electron/cli.'),
      layer('preload', 'main must not import electron/preload.'),
      layer('renderer', 'main must not import the renderer.'),
    ],
  },
  {
    name: 'preload',
    files: ['electron/preload/**/*.ts'],
    patterns: [
      nodeBuiltins,
      layer('core', 'preload may import electron and shared/ only.'),
      layer('mcp', 'preload may import electron and shared/ only.'),
      layer('cli', 'preload may import electron and shared/ only.'),
      layer('main', 'preload may import electron and shared/ only.'),
      layer('renderer', 'preload may import electron and shared/ only.'),
    ],
  },
  {
    name: 'renderer',
    files: ['renderer/**/*.{ts,tsx}'],
    patterns: [
      nodeBuiltins,
      {
        regex: '^(electron|better-sqlite3|kysely|@modelcontextprotocol/.*)$',
        message: 'The renderer talks to core through src/api.ts only.',
      },
      layer('electron', 'The renderer never imports from electron/: use shared/ and src/api.ts.'),
    ],
  },
  {
    name: 'tooling',
    files: [
      '**/*.test.ts',
      'test/**/*.ts',
      'e2e/**/*.ts',
      'bench/**/*.{js,mjs,ts}',
      'scripts/**/*.{js,mjs,ts,mts}',
      'bin/**/*.mjs',
      '*.config.{js,ts,mjs}',
    ],
    patterns: [],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-output/**', 'bench/.data/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      // A source file in no zone: give its folder a zone in eslint.config.js.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message: 'This file belongs to no import zone; add its folder to the zones in eslint.config.js.',
        },
      ],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
  ...zones.map((zone) => ({
    files: zone.files,
    rules: {
      'no-restricted-syntax': 'off',
      'no-restricted-imports': ['error', { patterns: zone.patterns }],
    },
  })),
);

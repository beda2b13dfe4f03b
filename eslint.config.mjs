import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    '.next/**',
    'node_modules/**',
    'lib/generated/**',
    '.data/**',
    'next-env.d.ts',
    'test-results/**',
    'playwright-report/**',
  ]),
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Server and UI code logs through lib/log.ts (structured, with request/job ids). Command-line scripts print
    // their results to the terminal, and tests may print what they measured: both keep console.
    files: ['app/**', 'lib/**', 'components/**', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-console': 'error' },
  },
  {
    // Every word a user reads comes from the message catalogue (lib/i18n/messages), never from JSX: text in
    // JSX fails here, as do literal strings in the attributes people read or hear (labels, placeholders,
    // titles, alt text). Other attributes (className, href, data-testid, type...) are not text and stay free.
    // Punctuation and symbols that read the same in every language may be written inline.
    files: ['app/**/*.tsx', 'components/**/*.tsx'],
    rules: {
      'react/jsx-no-literals': [
        'error',
        {
          noStrings: true,
          ignoreProps: true,
          allowedStrings: [
            '·',
            '—',
            '–',
            '-',
            '/',
            ':',
            ',',
            '.',
            '(',
            ')',
            '|',
            '•',
            '…',
            '←',
            '→',
            '%',
            '×',
            '+',
            '*',
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'JSXAttribute[name.name=/^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|placeholder|title|alt|label)$/] > Literal[value=/[A-Za-zÀ-ÿ]/]',
          message: 'Text people read or hear comes from the message catalogue (next-intl), not a literal.',
        },
      ],
    },
  },
]);

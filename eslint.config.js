// One lint setup for every workspace: TypeScript-aware recommended rules and
// eslint-plugin-security's (each finding fixed, or explained where it is disabled).
import security from 'eslint-plugin-security';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/dist-types/**', 'artifacts/**', 'data/**', 'docs/openapi/**'] },
  ...tseslint.configs.recommended,
  security.configs.recommended,
  {
    rules: {
      // Flags every `value[key]` with a variable key (458 places: array indexes, typed record
      // lookups). Keys are typed by TypeScript and request input is validated by TypeBox schemas
      // (no additional properties) before it reaches code, so the rule gives no signal here.
      'security/detect-object-injection': 'off',
    },
  },
  {
    // Tests, their helpers (e2e/ holds the whole-system tests and theirs), benchmarks and scripts build paths and patterns from their own
    // fixtures and temporary folders, never from a request.
    files: ['**/*.test.ts', '**/testing.ts', '**/testing/**', '**/e2e/**', 'bench/**', 'scripts/**', '**/fixtures/**'],
    rules: {
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-non-literal-regexp': 'off',
      // Tests compare their own fixed values (an auth mode, a test secret), not a caller's secret.
      'security/detect-possible-timing-attacks': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-empty-object-type': 'off',
    },
  },
);

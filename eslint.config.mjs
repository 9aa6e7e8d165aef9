import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'test-output/**', '**/.swc/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The Taro client: browser and mini-program globals, plus the build-time constants Taro defines.
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        ...globals.browser,
        defineAppConfig: 'readonly',
        definePageConfig: 'readonly',
        LINLI_API_BASE: 'readonly',
      },
    },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);

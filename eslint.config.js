import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'reports/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } }
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/block-lang': ['error', { script: { lang: 'ts' } }],
      'vue/component-api-style': ['error', ['script-setup']],
      'vue/define-macros-order': 'error',
      'vue/custom-event-name-casing': ['error', 'camelCase'],
      'vue/no-setup-props-reactivity-loss': 'error'
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/main/ipc.ts',
      'src/main/index.ts',
      'src/main/window.ts',
      'src/main/menu.ts',
      'src/main/secret-store.ts',
      'src/preload/**'
    ],
    rules: {
      // Only the thin Electron glue files may import electron (see docs/architecture.md).
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Keep electron in the glue files.' }] }
      ]
    }
  },
  {
    files: ['src/renderer/**/*', 'src/web/client.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The renderer is untrusted and talks to main only through window.nexudus.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Electron access; use services/api.' }],
          patterns: [
            {
              group: ['**/main/**', '**/sandbox/**', 'node:*'],
              message: 'Renderer code stays in the browser.'
            }
          ]
        }
      ]
    }
  },
  {
    // Playwright fixtures must destructure their dependencies, even when there are none.
    files: ['e2e/**/*'],
    rules: { 'no-empty-pattern': 'off' }
  },
  prettier
)

// ESLint for the frontend (`npm run lint`). Formatting is Prettier's: eslint-config-prettier comes last
// and turns off every rule that would argue with it.
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default defineConfig(
  {
    ignores: ['frontend/dist/**', 'frontend/src/api/bindings.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['frontend/**/*.{ts,vue}'],
    languageOptions: {
      globals: { ...globals.browser },
    },
  },
  {
    files: ['frontend/**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { parser: tseslint.parser, sourceType: 'module', extraFileExtensions: ['.vue'] },
    },
  },
  {
    files: ['frontend/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Stores hold state and talk to the backend; the screens use them, never the other way round.
    files: ['frontend/src/stores/**', 'frontend/src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@/views/*', '@/views/**', '**/views/**'], message: 'Stores and api/ never import views: move what they share out of views/.' }] },
      ],
    },
  },
  prettier,
)

import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'storybook-static', 'node_modules', 'coverage', '**/.next', 'test/fixtures/**/node_modules'] },
  { ignores: ['dist-demo', 'test-results', 'test/fixtures/next-app/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML is banned in this kit.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', '*.config.{js,mjs}', 'bench/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...layerRules(),
);

/**
 * The layers of ARCHITECTURE.md: each folder may import only the folders listed for it.
 * React is allowed only in src/react (and the stories and tests).
 */
function layerRules() {
  const react = {
    group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
    message: 'Only src/react may import React (see ARCHITECTURE.md).',
  };
  const layer = (name, allowed) => {
    const banned = ['domain', 'contract', 'browser', 'i18n', 'react', 'testing', 'server'].filter(
      (other) => other !== name && !allowed.includes(other),
    );
    const patterns = banned.map((other) => ({
      group: [`../${other}`, `../${other}/*`, `../../${other}`, `../../${other}/*`],
      message: `src/${name} may not import src/${other} (see ARCHITECTURE.md).`,
    }));
    if (name !== 'react' && name !== 'testing') patterns.push(react);
    return { files: [`src/${name}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  };
  return [
    layer('domain', []),
    layer('contract', ['domain']),
    layer('i18n', ['domain']),
    layer('browser', ['domain', 'contract', 'i18n']),
    layer('server', ['domain', 'contract']),
    layer('react', ['domain', 'contract', 'browser', 'i18n']),
    layer('testing', ['domain', 'contract', 'browser', 'i18n', 'react']),
  ];
}

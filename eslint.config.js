// Lint: typescript-eslint's type-aware recommended rules over src, test, bench and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'fixtures/', '.bench-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // jsdom's live collections (`children`, `getElementsBy…`) answer each read of `length` through a proxy that first
    // scans the collection for an element named "length"; for…of, Array.from and spreading read it once per element,
    // so walking one that way is quadratic: seconds on a block of 20,000 <br>. Use childElements or elementsWithTags
    // (src/stages/elements-by-tag.ts). The Markdown code's `children` are plain arrays of syntax-tree nodes.
    files: ['src/**/*.ts'],
    ignores: ['src/markdown/**', 'src/pages/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "ForOfStatement > MemberExpression.right[property.name='children']",
          'ForOfStatement > CallExpression.right[callee.property.name=/^getElementsBy/]',
          "CallExpression[callee.object.name='Array'][callee.property.name='from'] > MemberExpression.arguments[property.name='children']",
          "CallExpression[callee.object.name='Array'][callee.property.name='from'] > CallExpression.arguments[callee.property.name=/^getElementsBy/]",
          "SpreadElement > MemberExpression[property.name='children']",
          'SpreadElement > CallExpression[callee.property.name=/^getElementsBy/]',
        ].map((selector) => ({
          selector,
          message: 'a walk over a live jsdom collection is quadratic: use childElements or elementsWithTags',
        })),
      ],
    },
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);

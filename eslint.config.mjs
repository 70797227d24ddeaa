// ESLint flat config for the whole workspace (each project's `lint` target runs `eslint <dir>`).
// Module boundaries are enforced by @nx/enforce-module-boundaries from project tags
// (project.json "tags"): `onlyDependOnLibsWithTags` restricts workspace imports and
// `bannedExternalImports` restricts third-party packages to the projects that own them.
import nx from '@nx/eslint-plugin';

const ALL_LIB_TYPES = ['type:config', 'type:k8s', 'type:sync', 'type:graph', 'type:summary', 'type:metrics', 'type:mcp'];
// The runtime composes every lib for the apps; no lib depends on it.
const RUNTIME = 'type:runtime';

// Third-party packages that only some projects may import.
const K8S_CLIENT = '@kubernetes/client-node'; // k8s-client, sync, testing
const GRAPHOLOGY = 'graphology*'; // graph
const KOA = ['koa', '@koa/*']; // http-server
const PROM = 'prom-client'; // metrics and the apps

/** @type {import('@nx/eslint-plugin').DepConstraint[]} */
const depConstraints = [
  { sourceTag: 'scope:lib', notDependOnLibsWithTags: ['scope:app'] },
  {
    sourceTag: 'type:config',
    onlyDependOnLibsWithTags: ['type:config'],
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:k8s',
    onlyDependOnLibsWithTags: ['type:config'],
    bannedExternalImports: [GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:sync',
    onlyDependOnLibsWithTags: ['type:config', 'type:k8s'],
    bannedExternalImports: [GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:graph',
    onlyDependOnLibsWithTags: ['type:config', 'type:k8s'],
    bannedExternalImports: [K8S_CLIENT, ...KOA, PROM],
  },
  {
    sourceTag: 'type:summary',
    onlyDependOnLibsWithTags: ['type:config', 'type:k8s', 'type:sync', 'type:graph'],
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:metrics',
    onlyDependOnLibsWithTags: ['type:config'],
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY, ...KOA],
  },
  {
    sourceTag: 'type:mcp',
    onlyDependOnLibsWithTags: ALL_LIB_TYPES,
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: RUNTIME,
    onlyDependOnLibsWithTags: ALL_LIB_TYPES,
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:config', 'type:k8s'],
    bannedExternalImports: [GRAPHOLOGY, ...KOA, PROM],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: [...ALL_LIB_TYPES, RUNTIME],
    bannedExternalImports: [K8S_CLIENT, GRAPHOLOGY],
  },
  // Koa belongs to the HTTP server only.
  { sourceTag: 'runtime:stdio', bannedExternalImports: KOA },
  { sourceTag: 'runtime:cli', bannedExternalImports: KOA },
];

// Spec files of any project may also use the testing lib (control plane, fixtures, waitFor).
const specDepConstraints = depConstraints.map((c) =>
  c.onlyDependOnLibsWithTags ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
);

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    banTransitiveDependencies: true,
    checkDynamicDependenciesExceptions: [],
    allow: [],
    depConstraints: constraints,
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/.nx', 'tools/control-plane/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Specs may use the console and non-null assertions freely.
    files: ['**/*.spec.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': boundaries(specDepConstraints),
    },
  },
  {
    // The docs generator is a script whose job is to print.
    files: ['tools/*.mjs'],
    rules: { 'no-console': 'off' },
  },
];

// The layer order of src/ (ARCHITECTURE.md "Layers"), enforced by eslint's
// no-restricted-imports: each folder may import only from its own layer and
// the layers listed before it. The domain layers also import no I/O module.

/** Folders of src/, lowest layer first; folders in one entry are one layer and do not import each other. */
export const LAYERS = [
  ['errors'],
  ['logging'],
  ['edge'],
  ['persona'],
  ['constraints'],
  ['blend'],
  ['switching', 'planning', 'monitoring'],
  ['github'],
  ['library'],
  ['state', 'authz', 'deployments', 'metrics'],
  ['select'],
  ['handover'],
  ['report'],
  ['runner'],
  ['wiring'],
  ['simulate'],
  ['actions', 'cli', 'bundles'],
];

/** Pure domain code: no files, network, processes or toolkit. */
export const DOMAIN = ['persona', 'constraints', 'blend', 'switching', 'planning', 'monitoring'];

/** Modules that do I/O, refused in the domain layers. */
export const IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:net',
  'node:tls',
  'node:dns',
  'node:child_process',
  'node:worker_threads',
  'node:os',
  'node:process',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'child_process',
  'os',
  'undici',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** eslint flat-config entries, one per folder of src/. */
export function layerRules() {
  return LAYERS.flatMap((layer, index) =>
    layer.map((folder) => {
      const forbidden = [...LAYERS.slice(index + 1).flat(), ...layer.filter((f) => f !== folder)];
      const allowed = LAYERS.slice(0, index).flat();
      const patterns = [
        {
          regex: `^(\\.\\./)+(${forbidden.map(escape).join('|')})(/|$)`,
          message: `layer order (ARCHITECTURE.md "Layers"): src/${folder} imports only from ${allowed.length ? allowed.map((f) => `src/${f}`).join(', ') : 'itself'}; move the shared code down instead.`,
        },
      ];
      if (DOMAIN.includes(folder)) {
        patterns.push({ group: ['@actions/*', '@octokit/*'], message: `src/${folder} is domain code: no toolkit, files, network or processes.` });
      }
      return {
        files: [`src/${folder}/**/*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              paths: DOMAIN.includes(folder)
                ? IO_MODULES.map((name) => ({ name, message: `src/${folder} is domain code: no toolkit, files, network or processes.` }))
                : [],
              patterns,
            },
          ],
        },
      };
    }),
  );
}

// Regenerates config.env.example and docs/configuration.md from the libs/config schema.
// Run with `npm run docs:config`, which builds libs/config first: plain Node 20 cannot run
// TypeScript, so this imports the compiled package (its "import" export, libs/config/dist).
// libs/config/src/render-docs.spec.ts fails when the committed files drift from the schema.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderConfigDocs, renderEnvExample } from '@k8s-mcp/config';

const root = fileURLToPath(new URL('..', import.meta.url));
const outputs = [
  ['config.env.example', renderEnvExample()],
  ['docs/configuration.md', renderConfigDocs()],
];
for (const [file, text] of outputs) {
  writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${root}${file}`);
}

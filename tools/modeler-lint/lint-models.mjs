// Runs bpmnlint with the repository's .bpmnlintrc on every model in bpmn/. From this folder, so the linter finds
// its plugins in this folder's node_modules.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const models = readdirSync(join(root, 'bpmn')).filter(f => f.endsWith('.bpmn')).map(f => join(root, 'bpmn', f));
try {
  execFileSync(join(process.cwd(), 'node_modules/.bin/bpmnlint'), ['--config', join(root, '.bpmnlintrc'), ...models],
    { stdio: 'inherit' });
  console.log(`bpmnlint: ${models.length} model(s) clean`);
} catch (e) {
  process.exit(1);
}

// Validates every element template against the official Camunda 7 schema, and checks that each template's delegate
// exists as a service task in a model (so a template for a removed delegate, or a misspelt bean, fails the build).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import validator from '@bpmn-io/element-templates-validator';

const root = new URL('../../', import.meta.url).pathname;
const dir = join(root, 'bpmn/.camunda/element-templates');
const models = readdirSync(join(root, 'bpmn')).filter(f => f.endsWith('.bpmn'))
  .map(f => readFileSync(join(root, 'bpmn', f), 'utf8')).join('\n');

let failed = false;
for (const file of readdirSync(dir).filter(f => f.endsWith('.json'))) {
  const templates = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const { valid, results } = validator.validateAll(templates);
  for (const result of results.filter(r => !r.valid)) {
    failed = true;
    for (const error of result.errors) {
      console.error(`${file}: ${result.object.id}: ${error.message} (${error.dataPointer})`);
    }
  }
  for (const template of templates) {
    for (const property of template.properties) {
      if (property.type === 'Hidden' && /^\$\{\w+\}$/.test(property.value) && !models.includes(`"${property.value}"`)) {
        failed = true;
        console.error(`${file}: ${template.id}: no model uses ${property.value}`);
      }
    }
  }
  console.log(`${file}: ${templates.length} templates, ${valid ? 'valid' : 'INVALID'} against ${validator.getSchemaPackage()}@${validator.getSchemaVersion()}`);
}
process.exit(failed ? 1 : 0);

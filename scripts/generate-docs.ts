/** `npm run generate` (second half): the root action.yml and the README's action tables, from actions/<name>/action.yml. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatedActionDocs } from './action-docs.js';

const root = path.resolve(import.meta.dirname, '..');
for (const [file, content] of Object.entries(generatedActionDocs(root))) writeFileSync(path.join(root, file), content);
console.log('generated action.yml and the README action tables');

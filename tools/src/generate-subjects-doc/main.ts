// Writes docs/subjects.md from the subject catalogue in @warden/contracts (`npm run generate:subjects`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderSubjectsMarkdown } from '@warden/contracts';

// This file runs from tools/dist/generate-subjects-doc/, three levels below the repository root.
const subjectsDocPath = resolve(__dirname, '..', '..', '..', 'docs', 'subjects.md');

mkdirSync(dirname(subjectsDocPath), { recursive: true });
writeFileSync(subjectsDocPath, renderSubjectsMarkdown());
process.stdout.write(`Wrote ${subjectsDocPath}\n`);

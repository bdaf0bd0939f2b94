import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import '../index';
import { messageTypeOf } from '../registry/message-type.registry';
import { SubjectCatalogue } from './subject-catalogue';
import { renderSubjectsMarkdown } from './subjects-doc';

const SUBJECTS_DOC = resolve(__dirname, '..', '..', '..', '..', 'docs', 'subjects.md');

describe('docs/subjects.md', () => {
  it('is the current rendering of the catalogue (run `npm run generate:subjects` when this fails)', () => {
    const committed = readFileSync(SUBJECTS_DOC, 'utf8');
    if (committed !== renderSubjectsMarkdown()) {
      throw new Error(`${SUBJECTS_DOC} is stale: run \`npm run generate:subjects\` and commit the result`);
    }
  });

  it('renders every subject with its message types, transport and stream', () => {
    const markdown = renderSubjectsMarkdown();
    for (const entry of SubjectCatalogue) {
      const section = markdown.split(`### \`${entry.pattern}\``)[1]?.split('\n### ')[0] ?? '';
      expect(section).toContain(`Transport: ${entry.transport}`);
      for (const cls of [...entry.messages, ...entry.replies]) {
        expect(section).toContain(messageTypeOf(cls));
      }
      if (entry.stream) {
        expect(section).toContain(`stream \`${entry.stream}\``);
      }
    }
  });

  it('renders the same text every time', () => {
    expect(renderSubjectsMarkdown()).toBe(renderSubjectsMarkdown());
  });
});

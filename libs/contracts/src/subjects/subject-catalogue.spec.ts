import '../index';
import { isRegisteredMessageClass } from '../registry/message-type.registry';
import { SubjectCatalogue } from './subject-catalogue';

describe.each(SubjectCatalogue.map((entry) => [entry.pattern, entry] as const))(
  'catalogue entry %s',
  (_pattern, entry) => {
    it('names only registered message classes', () => {
      for (const cls of [...entry.messages, ...entry.replies]) {
        expect(isRegisteredMessageClass(cls)).toBe(true);
      }
      expect(entry.messages.length).toBeGreaterThan(0);
    });

    it('has a stream exactly when it is durable, and replies exactly when it is request/reply', () => {
      expect(entry.stream !== undefined).toBe(entry.transport === 'jetstream');
      expect(entry.replies.length > 0).toBe(entry.transport === 'request-reply');
    });

    it('says who publishes, who consumes, and what it is for', () => {
      expect(entry.publishers.length).toBeGreaterThan(0);
      expect(entry.consumers.length).toBeGreaterThan(0);
      expect(entry.description.length).toBeGreaterThan(10);
    });

    it('describes every token of its pattern', () => {
      const placeholders = [...entry.pattern.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(entry.tokens.map((token) => token.name)).toEqual(placeholders);
      expect(entry.wildcard).toBe(entry.pattern.replace(/\{\w+\}/g, '*'));
    });
  },
);

import { ID_TOKEN_PATTERN, assertIdToken } from './id-token';
import { InvalidSubjectTokenError } from './invalid-subject-token.error';

describe('assertIdToken', () => {
  it('returns ids made of letters, digits, dash and underscore, up to 128 characters', () => {
    for (const id of ['a', 'agent-1', 'Agent_07', 'x'.repeat(128), '550e8400-e29b-41d4-a716-446655440000']) {
      expect(assertIdToken('agentId', id)).toBe(id);
    }
  });

  it('rejects anything that could split or widen a subject, naming the kind of id', () => {
    for (const id of ['', 'a.b', '*', '>', 'a b', 'a\tb', 'x'.repeat(129), 'é', 'a/b']) {
      expect(() => assertIdToken('hostId', id)).toThrow(InvalidSubjectTokenError);
      expect(() => assertIdToken('hostId', id)).toThrow(/hostId/);
    }
  });

  it('exposes the pattern it checks against', () => {
    expect(ID_TOKEN_PATTERN.test('a.b')).toBe(false);
    expect(ID_TOKEN_PATTERN.test('a-b')).toBe(true);
  });
});

import { InvalidFencingTokenError, StaleFencingTokenError } from './fencing-errors';
import { checkFencingToken } from './fencing-token-check';

describe('checkFencingToken', () => {
  it('admits any valid token on a resource never fenced', () => {
    expect(() => checkFencingToken('report', 1, undefined)).not.toThrow();
  });

  it('admits the same token again (the same holder) and a higher one (a newer holder)', () => {
    expect(() => checkFencingToken('report', 7, 7)).not.toThrow();
    expect(() => checkFencingToken('report', 8, 7)).not.toThrow();
  });

  it('refuses a token below the highest admitted, naming resource, token and highest', () => {
    let refusal: unknown;
    try {
      checkFencingToken('report', 6, 7);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StaleFencingTokenError);
    expect(refusal).toMatchObject({ resource: 'report', token: 6, highest: 7 });
  });

  it.each([0, -3, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('refuses the invalid token %p', (token) => {
    expect(() => checkFencingToken('report', token, undefined)).toThrow(InvalidFencingTokenError);
  });
});

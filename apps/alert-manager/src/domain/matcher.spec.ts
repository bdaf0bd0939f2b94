import { InvalidMatcherError, Matcher } from './matcher';

describe('Matcher', () => {
  it.each([
    ['severity="critical"', { severity: 'critical' }, true],
    ['severity="critical"', { severity: 'high' }, false],
    ['severity!="critical"', { severity: 'high' }, true],
    ['severity!=critical', { severity: 'critical' }, false],
    ['zone=~"eu-.*"', { zone: 'eu-west-1' }, true],
    ['zone=~"eu-.*"', { zone: 'xeu-west-1' }, false],
    ["zone!~'us-.*'", { zone: 'eu-west-1' }, true],
    ['zone!~"us-.*"', { zone: 'us-east-1' }, false],
    ['team=""', {}, true],
    ['team!=""', {}, false],
  ])('%s against %j is %s', (text, labels, expected) => {
    expect(Matcher.parse(text).matches(labels)).toBe(expected);
  });

  it('anchors a regex at both ends, as Alertmanager does', () => {
    expect(Matcher.parse('agent=~"agent-1"').matches({ agent: 'agent-12' })).toBe(false);
  });

  it('builds the v2 API object form with the operator it implies', () => {
    expect(Matcher.of({ name: 'zone', value: 'a|b', isRegex: true, isEqual: false }).operator).toBe('!~');
    expect(Matcher.of({ name: 'zone', value: 'a', isRegex: false }).operator).toBe('=');
  });

  it.each(['severity', '=x', 'severity=~"("', 'bad-name="x"', 'a="unterminated'])(
    'rejects %s with the reason',
    (text) => {
      expect(() => Matcher.parse(text)).toThrow(InvalidMatcherError);
    },
  );
});

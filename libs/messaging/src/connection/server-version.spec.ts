import { ServerVersion } from './server-version';

describe('ServerVersion', () => {
  it('parses release and pre-release versions', () => {
    expect(ServerVersion.parse('2.9.10').toString()).toBe('2.9.10');
    expect(ServerVersion.parse('2.10.0-beta.1').toString()).toBe('2.10.0');
  });

  it('knows several filter subjects need 2.10', () => {
    expect(ServerVersion.parse('2.9.25').supportsMultipleFilterSubjects).toBe(false);
    expect(ServerVersion.parse('2.10.0').supportsMultipleFilterSubjects).toBe(true);
    expect(ServerVersion.parse('3.0.0').supportsMultipleFilterSubjects).toBe(true);
  });

  it('assumes no features when the version is unknown', () => {
    expect(ServerVersion.parse(undefined).supportsMultipleFilterSubjects).toBe(false);
  });
});

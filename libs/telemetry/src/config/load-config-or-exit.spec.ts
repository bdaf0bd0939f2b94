import { IsInt } from 'class-validator';
import { EXIT_CODE_CONFIGURATION_ERROR, loadConfigOrExit } from './load-config-or-exit';

class PortConfig {
  @IsInt()
  HTTP_PORT: number = 8080;
}

class ProcessExit extends Error {
  constructor(readonly code: string | number | null | undefined) {
    super(`process.exit(${String(code)})`);
  }
}

describe('loadConfigOrExit', () => {
  afterEach(() => jest.restoreAllMocks());

  it('returns the config when the environment is valid', () => {
    expect(loadConfigOrExit('svc', PortConfig, { HTTP_PORT: '9000' }).HTTP_PORT).toBe(9000);
  });

  it('prints one line naming the variable and exits with EX_CONFIG', () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new ProcessExit(code);
    });

    let exit: unknown;
    try {
      loadConfigOrExit('health-collector', PortConfig, { HTTP_PORT: 'eighty' });
    } catch (error) {
      exit = error;
    }

    expect(exit).toBeInstanceOf(ProcessExit);
    expect((exit as ProcessExit).code).toBe(EXIT_CODE_CONFIGURATION_ERROR);
    expect(stderr).toHaveBeenCalledTimes(1);
    const line = String(stderr.mock.calls[0]?.[0]);
    expect(line).toMatch(/^health-collector: .*HTTP_PORT="eighty".*\n$/);
    expect(line.trimEnd()).not.toContain('\n');
  });
});

import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReadinessRegistry } from '../readiness/readiness-registry';
import { serviceEngines, type ServiceEngine } from './service-engines';

class RecordingEngine implements ServiceEngine {
  ready = false;
  constructor(
    readonly name: string,
    private readonly log: string[],
  ) {}
  async start(): Promise<void> {
    this.log.push(`start ${this.name}`);
    this.ready = true;
  }
  async stop(): Promise<void> {
    this.log.push(`stop ${this.name}`);
  }
  readinessChecks() {
    return { [this.name]: () => this.ready };
  }
}

describe('serviceEngines', () => {
  it('registers readiness, starts the engines in order on bootstrap and stops them in reverse before shutdown', async () => {
    const log: string[] = [];
    const readiness = new ReadinessRegistry();
    const first = new RecordingEngine('first', log);
    const second = new RecordingEngine('second', log);
    @Module({
      providers: [
        { provide: ReadinessRegistry, useValue: readiness },
        { provide: 'FIRST', useValue: first },
        { provide: 'SECOND', useValue: second },
        ...serviceEngines('FIRST', 'SECOND'),
      ],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    expect(log).toEqual(['start first', 'start second']);
    const report = await readiness.evaluate();
    expect(report.checks.map((check) => [check.name, check.ready])).toEqual([
      ['first', true],
      ['second', true],
    ]);

    await app.close();
    expect(log).toEqual(['start first', 'start second', 'stop second', 'stop first']);
  });
});

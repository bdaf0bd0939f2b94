// `npm start`: the local dev stack with a live view of the fleet. See tools/README.md.
import { resolve } from 'node:path';
import { NatsServerMissingError } from '@warden/testing';
import { DevStack } from './dev-stack';
import { listenForInterrupts } from './interrupts';
import { JetStreamUnavailableError, NatsUnreachableError } from './nats-endpoint';
import { START_USAGE, StartUsageError, parseStartCommand, type StartCommand } from './start-options';

// This file runs from tools/dist/start/, three levels below the repository root.
const root = resolve(__dirname, '..', '..', '..');
const DOCKER_LINE =
  'Or run NATS with Docker and point npm start at it:\n  docker run -p 4222:4222 nats -js\n  NATS_URL=nats://127.0.0.1:4222 npm start';
const EXIT_FORCED = 130;

async function main(): Promise<number> {
  let command: StartCommand;
  try {
    command = parseStartCommand(process.argv.slice(2), process.env, root);
  } catch (error) {
    if (!(error instanceof StartUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${START_USAGE}\n`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${START_USAGE}\n`);
    return 0;
  }

  const stack = new DevStack(command.options, { root, out: process.stdout });
  let interrupted = false;
  const stopListening = listenForInterrupts((count) => {
    if (count > 1) {
      process.stderr.write('\nforced exit\n');
      process.exit(EXIT_FORCED);
    }
    interrupted = true;
    void stack.stop();
  });
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    stopListening();
    // An interrupt during startup can surface as a startup error; the user asked to stop, so it is not one.
    if (interrupted) return 0;
    process.stderr.write(`${startupFailure(error)}\n`);
    return 1;
  }
  await stack.stopped();
  stopListening();
  return 0;
}

function startupFailure(error: unknown): string {
  if (error instanceof NatsServerMissingError) return `${error.message}\n${DOCKER_LINE}`;
  if (error instanceof NatsUnreachableError || error instanceof JetStreamUnavailableError)
    return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

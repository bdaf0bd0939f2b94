import { getMetadataStorage } from 'class-validator';
import '../index';
import { MessageClass } from '../registry/message-class';
import {
  maxBytesOf,
  messageClassOf,
  messageTypeOf,
  registeredMessageTypes,
} from '../registry/message-type.registry';
import { MessageValidationError, ValidationIssue } from '../validation/message-validation.error';
import { parseMessage } from '../validation/parse-message';
import { DeadLetter } from './dead-letter.messages';
import { Escalation } from './escalation.messages';
import { FailureDetected } from './failure.messages';
import { AgentListQuery } from './health-query.messages';
import { Heartbeat } from './health.messages';
import { MESSAGE_EXAMPLES, failureExample, heartbeatExample } from './message-examples.test-helper';
import { PatternDetected } from './pattern.messages';
import { RecoveryCommand } from './recovery.messages';
import { TaskResult, TaskSubmitted } from './task.messages';

type Plain = Record<string, unknown>;

function issuesOf(cls: MessageClass, plain: unknown): ValidationIssue[] {
  try {
    parseMessage(cls, plain);
  } catch (error) {
    if (error instanceof MessageValidationError) {
      return error.issues;
    }
    throw error;
  }
  return [];
}

// class-validator records @IsOptional as conditional-validation metadata on the property.
function optionalFieldsOf(cls: MessageClass): Set<string> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return new Set(
    metadata.filter((entry) => entry.type === 'conditionalValidation').map((entry) => entry.propertyName),
  );
}

const allClasses = registeredMessageTypes().map((type) => messageClassOf(type) as MessageClass);

describe('every message class', () => {
  it('has a valid example here, so none is left untested', () => {
    const missing = allClasses.filter((cls) => !MESSAGE_EXAMPLES.has(cls)).map((cls) => cls.name);
    expect(missing).toEqual([]);
  });

  describe.each(allClasses.map((cls) => [cls.name, cls] as const))('%s', (_name, cls) => {
    const example = (): Plain => (MESSAGE_EXAMPLES.get(cls) as () => Plain)();

    it('accepts its valid example and returns an instance of the class', () => {
      const message = parseMessage(cls, example());
      expect(message).toBeInstanceOf(cls);
    });

    it('encodes its example well within its maxBytes', () => {
      expect(Buffer.byteLength(JSON.stringify(example()))).toBeLessThan(maxBytesOf(cls));
    });

    it('rejects an unknown top-level field', () => {
      expect(issuesOf(cls, { ...example(), unexpectedField: 1 })).toContainEqual(
        expect.objectContaining({ path: 'unexpectedField', constraint: 'whitelistValidation' }),
      );
    });

    it('rejects a body that is not an object', () => {
      for (const body of [null, [], 'text', 42]) {
        expect(issuesOf(cls, body)).toEqual([expect.objectContaining({ path: '', constraint: 'isObject' })]);
      }
    });

    it('rejects a missing field unless the field is declared @IsOptional', () => {
      const optional = optionalFieldsOf(cls);
      for (const field of Object.keys(example())) {
        const { [field]: _removed, ...rest } = example();
        const paths = issuesOf(cls, rest).map((issue) => issue.path);
        if (optional.has(field)) {
          expect(paths).toEqual([]);
        } else {
          expect(paths).toContain(field);
        }
      }
    });

    it('has a type that names it and resolves back to it', () => {
      expect(messageClassOf(messageTypeOf(cls))).toBe(cls);
    });
  });
});

describe('field rules', () => {
  const rejects = (cls: MessageClass, plain: Plain, path: string, constraint?: string): void => {
    const issues = issuesOf(cls, plain);
    expect(issues).toContainEqual(expect.objectContaining(constraint ? { path, constraint } : { path }));
  };

  it('rejects ratios given as percentages and out-of-range ratios', () => {
    rejects(Heartbeat, { ...heartbeatExample(), cpuRatio: 42 }, 'cpuRatio', 'max');
    rejects(Heartbeat, { ...heartbeatExample(), errorRatio: -0.1 }, 'errorRatio', 'min');
  });

  it('rejects byte counts and durations that are not whole non-negative numbers', () => {
    rejects(Heartbeat, { ...heartbeatExample(), memoryBytes: 12.5 }, 'memoryBytes', 'isInt');
    rejects(Heartbeat, { ...heartbeatExample(), memoryBytes: -1 }, 'memoryBytes', 'min');
    rejects(Heartbeat, { ...heartbeatExample(), intervalMs: 0 }, 'intervalMs', 'min');
    rejects(
      TaskResult,
      { ...(MESSAGE_EXAMPLES.get(TaskResult) as () => Plain)(), durationMs: '1500' },
      'durationMs',
    );
  });

  it('rejects numbers sent as strings instead of converting them', () => {
    rejects(Heartbeat, { ...heartbeatExample(), capacity: '4' }, 'capacity', 'isInt');
  });

  it('rejects timestamps that are not RFC 3339 UTC strings', () => {
    rejects(
      Heartbeat,
      { ...heartbeatExample(), sentAt: Date.parse('2026-01-31T12:00:00Z') },
      'sentAt',
      'isString',
    );
    for (const sentAt of ['2026-01-31T14:00:00+02:00', '2026-01-31', '31/01/2026', '2026-13-01T00:00:00Z']) {
      rejects(Heartbeat, { ...heartbeatExample(), sentAt }, 'sentAt', 'matches');
    }
  });

  it('rejects ids that could not be a subject token', () => {
    for (const agentId of ['agent.1', 'agent*', '>', '', 'a'.repeat(129), 'agent 1']) {
      rejects(Heartbeat, { ...heartbeatExample(), agentId }, 'agentId', 'matches');
    }
  });

  it('rejects values outside a closed set', () => {
    rejects(Heartbeat, { ...heartbeatExample(), lifecycle: 'running' }, 'lifecycle', 'isIn');
    rejects(FailureDetected, { ...failureExample(), severity: 'warning' }, 'severity', 'isIn');
    rejects(FailureDetected, { ...failureExample(), failureType: 'ProcessCrash' }, 'failureType', 'isIn');
  });

  it('rejects oversize arrays and strings', () => {
    const capabilities = Array.from({ length: 65 }, (_, index) => `capability-${index}`);
    rejects(Heartbeat, { ...heartbeatExample(), capabilities }, 'capabilities', 'arrayMaxSize');
    rejects(FailureDetected, { ...failureExample(), summary: 'x'.repeat(513) }, 'summary', 'maxLength');
    rejects(AgentListQuery, { limit: 101 }, 'limit', 'max');
  });

  it('validates nested objects with their own rules and reports the nested path', () => {
    const evidence = {
      metric: { metric: 'cpuRatio', value: 0.97, threshold: 0.9, windowMs: 60_000, extra: true },
    };
    rejects(
      FailureDetected,
      { ...failureExample(), evidence },
      'evidence.metric.extra',
      'whitelistValidation',
    );
    const wrongMetric = { metric: { metric: 'cpuPercent', value: 97, threshold: 90, windowMs: 60_000 } };
    rejects(
      FailureDetected,
      { ...failureExample(), evidence: wrongMetric },
      'evidence.metric.metric',
      'isIn',
    );
  });

  it('rejects an array where one nested object is expected', () => {
    rejects(FailureDetected, { ...failureExample(), evidence: [{}] }, 'evidence', 'isObject');
  });

  it('reports the index of a bad element of a nested array', () => {
    const escalation = (MESSAGE_EXAMPLES.get(Escalation) as () => Plain)();
    const evidence = [
      ...(escalation.evidence as Plain[]),
      { kind: 'rumour', ref: 'x', summary: 's', at: 'now' },
    ];
    rejects(Escalation, { ...escalation, evidence }, 'evidence[1].kind', 'isIn');
    rejects(Escalation, { ...escalation, evidence }, 'evidence[1].at', 'matches');
    rejects(Escalation, { ...escalation, evidence: [] }, 'evidence', 'arrayMinSize');
  });

  it('rejects a confidence outside [0, 1]', () => {
    const pattern = (MESSAGE_EXAMPLES.get(PatternDetected) as () => Plain)();
    rejects(PatternDetected, { ...pattern, confidence: 80 }, 'confidence', 'max');
  });

  it('rejects a negative fencing token and a zero attempt', () => {
    const command = (MESSAGE_EXAMPLES.get(RecoveryCommand) as () => Plain)();
    rejects(RecoveryCommand, { ...command, fencingToken: -1 }, 'fencingToken', 'min');
    rejects(RecoveryCommand, { ...command, attempt: 0 }, 'attempt', 'min');
  });

  it('keeps the task payload opaque but requires an object', () => {
    const task = (MESSAGE_EXAMPLES.get(TaskSubmitted) as () => Plain)();
    expect(parseMessage(TaskSubmitted, task).payload).toEqual(task.payload);
    rejects(TaskSubmitted, { ...task, payload: 'text' }, 'payload', 'isObject');
  });

  it('requires dead-letter bodies to be base64', () => {
    const deadLetter = (MESSAGE_EXAMPLES.get(DeadLetter) as () => Plain)();
    rejects(DeadLetter, { ...deadLetter, bodyBase64: 'not base64!' }, 'bodyBase64', 'isBase64');
  });
});

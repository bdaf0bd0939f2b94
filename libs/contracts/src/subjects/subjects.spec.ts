import '../index';
import { InvalidSubjectTokenError } from '../ids/invalid-subject-token.error';
import { HEARTBEAT_PARTITIONS, partitionOf } from '../partitions/heartbeat-partitions';
import { SubjectCatalogue } from './subject-catalogue';
import { subjectFiltersOverlap, subjectMatchesFilter } from './subject-filter';
import { SubjectMismatchError } from './subject-mismatch.error';
import { SubjectParsers, identifySubject } from './subject-parsers';
import { SubjectTemplate, TokenCodecs } from './subject-template';
import { SubjectKey, SubjectTemplates } from './subject-templates';
import { SubjectFilters, SubjectWildcards } from './subject-wildcards';
import { Subjects } from './subjects';

const templateOf = (key: SubjectKey): SubjectTemplate<TokenCodecs> => SubjectTemplates[key];

// Sample token values: every value of a closed set, and awkward but valid ids for free-form tokens.
function sampleTokenSets(key: SubjectKey): Record<string, unknown>[] {
  const template = templateOf(key);
  let sets: Record<string, unknown>[] = [{}];
  for (const name of template.tokenNames) {
    const codec = template.codecs[name];
    const values: readonly unknown[] =
      name === 'partition' ? [0, HEARTBEAT_PARTITIONS - 1] : (codec.values ?? ['agent-1', 'X_9', 'submit']);
    sets = sets.flatMap((set) => values.map((value) => ({ ...set, [name]: value })));
  }
  return sets;
}

describe.each(SubjectCatalogue.map((entry) => [entry.pattern, entry.key] as const))('%s', (_pattern, key) => {
  const template = templateOf(key);

  it('round-trips every sample through build and parse, and is identified as itself', () => {
    for (const tokens of sampleTokenSets(key)) {
      const subject = template.build(tokens);
      expect(SubjectParsers[key](subject)).toEqual(tokens);
      expect(identifySubject(subject)).toEqual({ key, tokens });
      expect(subjectMatchesFilter(SubjectWildcards[key], subject)).toBe(true);
    }
  });

  it('refuses to build with a token that is not valid for its position', () => {
    for (const name of template.tokenNames) {
      const [valid] = sampleTokenSets(key);
      for (const bad of ['a.b', '*', '>', '', 'with space', 'x'.repeat(129)]) {
        expect(() => template.build({ ...valid, [name]: bad })).toThrow(InvalidSubjectTokenError);
      }
    }
  });

  it('refuses to parse subjects of another shape', () => {
    const [valid] = sampleTokenSets(key);
    const subject = template.build(valid);
    for (const other of [`${subject}.extra`, subject.split('.').slice(1).join('.'), `x${subject}`]) {
      expect(() => SubjectParsers[key](other)).toThrow(SubjectMismatchError);
    }
  });
});

describe('subject builders', () => {
  it('put the agent id last in per-agent event subjects', () => {
    expect(Subjects.failures('critical', 'agent-7')).toBe('supervision.failures.critical.agent-7');
    expect(Subjects.healthState('agent-7').split('.').at(-1)).toBe('agent-7');
    expect(Subjects.recovery('failed', 'agent-7').split('.').at(-1)).toBe('agent-7');
  });

  it('put the agent partition in the heartbeat subject', () => {
    expect(Subjects.heartbeatOf('agent-7')).toBe(Subjects.heartbeat(partitionOf('agent-7'), 'agent-7'));
    expect(SubjectParsers.heartbeat(Subjects.heartbeatOf('agent-7'))).toEqual({
      partition: partitionOf('agent-7'),
      agentId: 'agent-7',
    });
    expect(() => Subjects.heartbeat(HEARTBEAT_PARTITIONS, 'agent-7')).toThrow(InvalidSubjectTokenError);
    expect(() => Subjects.heartbeat(-1, 'agent-7')).toThrow(InvalidSubjectTokenError);
  });

  it('read each partition in one spelling only', () => {
    expect(() => SubjectParsers.heartbeat('supervision.health.heartbeat.07.agent-7')).toThrow(
      SubjectMismatchError,
    );
    expect(() =>
      SubjectParsers.heartbeat(`supervision.health.heartbeat.${HEARTBEAT_PARTITIONS}.agent-7`),
    ).toThrow(SubjectMismatchError);
  });

  it('refuse values outside a closed set', () => {
    expect(() => Subjects.failures('urgent' as never, 'agent-1')).toThrow(InvalidSubjectTokenError);
    expect(() => SubjectParsers.failures('supervision.failures.urgent.agent-1')).toThrow(
      SubjectMismatchError,
    );
  });

  it('keep a task type spelled like a fixed word inside its own subject', () => {
    for (const taskType of ['submit', 'request', 'assigned', 'result', 'broadcast']) {
      expect(identifySubject(Subjects.taskSubmit(taskType))?.key).toBe('taskSubmit');
      expect(identifySubject(Subjects.taskRequest(taskType))?.key).toBe('taskRequest');
    }
  });
});

describe('subject filters', () => {
  it('select one partition of heartbeats', () => {
    const filter = SubjectFilters.heartbeatsOfPartition(partitionOf('agent-7'));
    expect(subjectMatchesFilter(filter, Subjects.heartbeatOf('agent-7'))).toBe(true);
    const elsewhere = Array.from({ length: 200 }, (_, index) => `agent-${index}`).find(
      (id) => partitionOf(id) !== partitionOf('agent-7'),
    ) as string;
    expect(subjectMatchesFilter(filter, Subjects.heartbeatOf(elsewhere))).toBe(false);
  });

  it('select failures by severity and by agent', () => {
    expect(
      subjectMatchesFilter(SubjectFilters.failuresOfSeverity('high'), Subjects.failures('high', 'a')),
    ).toBe(true);
    expect(
      subjectMatchesFilter(SubjectFilters.failuresOfSeverity('high'), Subjects.failures('low', 'a')),
    ).toBe(false);
    expect(subjectMatchesFilter(SubjectFilters.failuresOfAgent('a'), Subjects.failures('low', 'a'))).toBe(
      true,
    );
    expect(subjectMatchesFilter(SubjectFilters.failuresOfAgent('a'), Subjects.failures('low', 'b'))).toBe(
      false,
    );
  });
});

describe('the catalogue as a whole', () => {
  it('has one builder and one entry per subject shape', () => {
    const keys = SubjectCatalogue.map((entry) => entry.key);
    expect(new Set(keys).size).toBe(keys.length);
    const builders = Object.keys(Subjects).filter((name) => name !== 'heartbeatOf');
    expect(builders.sort()).toEqual([...keys].sort());
  });

  it('has no two subject shapes that any concrete subject could both match', () => {
    const collisions: string[] = [];
    SubjectCatalogue.forEach((first, index) => {
      for (const second of SubjectCatalogue.slice(index + 1)) {
        if (subjectFiltersOverlap(first.wildcard, second.wildcard)) {
          collisions.push(`${first.pattern} / ${second.pattern}`);
        }
      }
    });
    expect(collisions).toEqual([]);
  });

  it('covers every root the architecture names', () => {
    const roots = [
      'supervision.health',
      'supervision.failures',
      'supervision.patterns',
      'supervision.recovery',
      'supervision.escalation',
      'coordination.tasks',
      'coordination.resources',
      'coordination.consensus',
      'coordination.election',
      'coordination.lock',
      'coordination.sync',
      'agent.*.tasks',
      'agent.*.control',
      'agent.*.consensus',
      'host.*.control',
      'alerts',
      'dlq',
    ];
    const missing = roots.filter((root) => {
      const rootTokens = root.split('.');
      return !SubjectCatalogue.some((entry) =>
        rootTokens.every((token, index) => token === '*' || entry.wildcard.split('.')[index] === token),
      );
    });
    expect(missing).toEqual([]);
  });

  it('returns undefined for a subject that is in no entry', () => {
    expect(identifySubject('supervision.events')).toBeUndefined();
    expect(identifySubject('agent.a.b.tasks')).toBeUndefined();
  });
});

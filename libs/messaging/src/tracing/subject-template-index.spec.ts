import { SubjectCatalogue, Subjects } from '@warden/contracts';
import {
  SubjectTemplateIndex,
  catalogueSubjectTemplates,
  tokenAttributeName,
} from './subject-template-index';

describe('SubjectTemplateIndex', () => {
  const index = catalogueSubjectTemplates();

  it('maps a concrete subject to its template with the tokens as attributes', () => {
    expect(index.match(Subjects.failures('critical', 'agent-7'))).toEqual({
      template: 'supervision.failures.{severity}.{agentId}',
      tokens: [
        ['warden.severity', 'critical'],
        ['warden.agent.id', 'agent-7'],
      ],
    });
    expect(index.match(Subjects.heartbeatOf('agent-7'))?.template).toBe(
      'supervision.health.heartbeat.{partition}.{agentId}',
    );
    expect(index.match(Subjects.hostControl('host-1'))?.tokens).toEqual([['warden.host.id', 'host-1']]);
  });

  it('prefers a fixed token to a variable one at the same place', () => {
    expect(index.match('supervision.health.query.agent')?.template).toBe('supervision.health.query.agent');
    expect(index.match('supervision.health.state.agent-1')?.template).toBe(
      'supervision.health.state.{agentId}',
    );
  });

  it('backtracks when the fixed branch dead-ends', () => {
    const overlapping = new SubjectTemplateIndex([{ pattern: 'a.b.c' }, { pattern: 'a.{x}.d' }]);
    expect(overlapping.match('a.b.d')).toEqual({ template: 'a.{x}.d', tokens: [['warden.x', 'b']] });
    expect(overlapping.match('a.b.c')?.template).toBe('a.b.c');
  });

  it('knows nothing outside the catalogue', () => {
    expect(index.match('bench.echo')).toBeUndefined();
    expect(index.match('supervision.failures.critical')).toBeUndefined();
    expect(index.match('_INBOX.abc.def')).toBeUndefined();
  });

  it('finds every catalogue template from a subject built by its own pattern', () => {
    for (const entry of SubjectCatalogue) {
      const concrete = entry.pattern.replace(/\{[^}]+\}/g, 'x1');
      expect(index.match(concrete)?.template).toBe(entry.pattern);
    }
  });

  it('names token attributes after the token', () => {
    expect(tokenAttributeName('agentId')).toBe('warden.agent.id');
    expect(tokenAttributeName('taskType')).toBe('warden.task.type');
    expect(tokenAttributeName('partition')).toBe('warden.partition');
  });
});

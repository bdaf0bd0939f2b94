// Public surface of @warden/contracts: subjects, envelope, message classes, streams and buckets.
import 'reflect-metadata';

export * from './ids/id-token';
export * from './ids/invalid-subject-token.error';
export * from './partitions/heartbeat-partitions';

export * from './envelope/cloud-event-headers';
export * from './envelope/event-id';
export * from './envelope/header-value-encoding';

export * from './registry/message-class';
export * from './registry/message-registry.errors';
export * from './registry/message-type.registry';
export * from './validation/message-validation.error';
export * from './validation/parse-message';

export * from './control/command-gate';
export * from './control/receipt-memory';

export * from './patterns/active-patterns';

export * from './messages/common/agent-lifecycle';
export * from './messages/common/limits';
export * from './messages/common/severity';
export * from './messages/agent-control.messages';
export * from './messages/alert.messages';
export * from './messages/alert-api.messages';
export * from './messages/barrier.messages';
export * from './messages/command-receipt.messages';
export * from './messages/consensus.messages';
export * from './messages/dead-letter.messages';
export * from './messages/election.messages';
export * from './messages/escalation.messages';
export * from './messages/failure.messages';
export * from './messages/health-query.messages';
export * from './messages/health.messages';
export * from './messages/heartbeat-admission';
export * from './messages/lease.messages';
export * from './messages/lock.messages';
export * from './messages/pattern.messages';
export * from './messages/quarantine.messages';
export * from './messages/recovery.messages';
export * from './messages/recovery-ledger.messages';
export * from './messages/remote-error.messages';
export * from './messages/resource.messages';
export * from './messages/task.messages';
export * from './messages/task-run.messages';
export * from './messages/task-claim.messages';
export * from './messages/breaker.messages';
export * from './messages/vote.messages';
export * from './messages/work-handoff.messages';

export * from './streams/stream-spec';
export * from './streams/streams';
export * from './streams/bucket-spec';
export * from './streams/buckets';
export * from './streams/agent-registry-keys';

export * from './subjects/participants';
export * from './subjects/subject-filter';
export * from './subjects/subject-mismatch.error';
export * from './subjects/subject-token';
export * from './subjects/subject-template';
export * from './subjects/subject-templates';
export * from './subjects/subject-catalogue';
export * from './subjects/subject-parsers';
export * from './subjects/subject-wildcards';
export * from './subjects/subjects';
export * from './subjects/subjects-doc';

export * from './access';

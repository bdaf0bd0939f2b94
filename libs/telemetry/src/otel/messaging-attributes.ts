/**
 * Messaging semantic-convention attribute names (OpenTelemetry semconv 1.x, still "development" and
 * therefore only in the unstable incubating entry point, which is why they are spelled out here).
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = 'messaging.message.body.size';

export const MESSAGING_SYSTEM_NATS = 'nats';

/** Values of messaging.operation.type. */
export const MessagingOperationType = {
  /** A message is sent (publish, request). */
  SEND: 'send',
  /** A message is fetched by a pull consumer. */
  RECEIVE: 'receive',
  /** A received message is handled. */
  PROCESS: 'process',
  /** A message is acked, nakked or terminated. */
  SETTLE: 'settle',
  /** A message is created to be sent later (e.g. in a batch). */
  CREATE: 'create',
} as const;
export type MessagingOperationType = (typeof MessagingOperationType)[keyof typeof MessagingOperationType];

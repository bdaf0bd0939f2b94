import {
  SpanKind,
  SpanStatusCode,
  context as otelContext,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_SYSTEM_NATS,
  MessagingOperationType,
} from '@warden/telemetry';
import { catalogueSubjectTemplates, type SubjectTemplateIndex } from './subject-template-index';

const TRACER_NAME = '@warden/messaging';
/** The subscription's subject pattern (the concrete subject is the destination name). */
export const ATTR_MESSAGING_DESTINATION_SUBSCRIPTION_NAME = 'messaging.destination.subscription.name';
/** The catalogue template of the concrete subject (OpenTelemetry's low-cardinality destination name). */
export const ATTR_MESSAGING_DESTINATION_TEMPLATE = 'messaging.destination.template';
/** JetStream's delivery count: 1 on first delivery. */
export const ATTR_WARDEN_DELIVERY_COUNT = 'warden.messaging.delivery_count';

export interface StartedSpan {
  span: Span;
  /** The caller's context with `span` active; encode and handlers run inside it. */
  context: Context;
}

export interface ReceivedMessageSpanOptions {
  subject: string;
  subscription: string;
  messageId?: string;
  consumerGroup?: string;
  deliveryCount?: number;
  bodyBytes: number;
}

/**
 * Spans of the messaging layer, following OpenTelemetry's messaging conventions: PRODUCER/CONSUMER for
 * events, CLIENT/SERVER for request/reply, `messaging.system=nats`. Spans are named
 * `<operation> <subject template>` (`publish supervision.failures.{severity}.{agentId}`), never by the
 * concrete subject, so names stay few however many agents there are; the concrete subject is
 * `messaging.destination.name`, the template `messaging.destination.template`, and each token an attribute
 * of its own (`warden.agent.id`, `warden.severity`…). A subject outside the catalogue keeps its own name.
 * The tracer is fetched per span so a provider registered after this module loaded (tests do) is used.
 */
export class MessagingTracer {
  constructor(private readonly templates: SubjectTemplateIndex = catalogueSubjectTemplates()) {}

  startSend(
    subject: string,
    kind: 'publish' | 'request',
    parent: Context = otelContext.active(),
  ): StartedSpan {
    const attributes: Attributes = {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_NATS,
      [ATTR_MESSAGING_DESTINATION_NAME]: subject,
      [ATTR_MESSAGING_OPERATION_TYPE]: MessagingOperationType.SEND,
    };
    const destination = this.destinationOf(subject, attributes) ?? subject;
    const span = trace
      .getTracer(TRACER_NAME)
      .startSpan(
        `${kind} ${destination}`,
        { kind: kind === 'publish' ? SpanKind.PRODUCER : SpanKind.CLIENT, attributes },
        parent,
      );
    return { span, context: trace.setSpan(parent, span) };
  }

  /** Continues the sender's trace (the extracted `parent`) with a CONSUMER, or SERVER for requests, span. */
  startReceive(kind: 'process' | 'serve', parent: Context, options: ReceivedMessageSpanOptions): StartedSpan {
    const attributes: Attributes = {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_NATS,
      [ATTR_MESSAGING_DESTINATION_NAME]: options.subject,
      [ATTR_MESSAGING_DESTINATION_SUBSCRIPTION_NAME]: options.subscription,
      [ATTR_MESSAGING_OPERATION_TYPE]: MessagingOperationType.PROCESS,
      [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: options.bodyBytes,
    };
    if (options.messageId) attributes[ATTR_MESSAGING_MESSAGE_ID] = options.messageId;
    if (options.consumerGroup) attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = options.consumerGroup;
    if (options.deliveryCount !== undefined) attributes[ATTR_WARDEN_DELIVERY_COUNT] = options.deliveryCount;
    const destination = this.destinationOf(options.subject, attributes) ?? options.subscription;
    const span = trace
      .getTracer(TRACER_NAME)
      .startSpan(
        `process ${destination}`,
        { kind: kind === 'process' ? SpanKind.CONSUMER : SpanKind.SERVER, attributes },
        parent,
      );
    return { span, context: trace.setSpan(parent, span) };
  }

  /** Adds the template and token attributes of a catalogue subject and returns its template. */
  private destinationOf(subject: string, attributes: Attributes): string | undefined {
    const match = this.templates.match(subject);
    if (!match) return undefined;
    attributes[ATTR_MESSAGING_DESTINATION_TEMPLATE] = match.template;
    for (const [attribute, value] of match.tokens) attributes[attribute] = value;
    return match.template;
  }
}

/** Marks a span failed with the error, so traces show where a message was rejected. */
export function recordSpanError(span: Span, error: unknown): void {
  const asError = error instanceof Error ? error : new Error(String(error));
  span.recordException(asError);
  span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
}

/** The id is known only once the message is encoded inside the span, hence a separate step. */
export function setMessageId(span: Span, messageId: string): void {
  span.setAttribute(ATTR_MESSAGING_MESSAGE_ID, messageId);
}

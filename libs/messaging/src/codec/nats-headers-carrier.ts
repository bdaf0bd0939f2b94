import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/nats-core';

/** Lets OpenTelemetry's propagator write W3C trace context into NATS headers. */
export const natsHeadersSetter: TextMapSetter<MsgHdrs> = {
  set(carrier, key, value) {
    carrier.set(key, value);
  },
};

/** Lets OpenTelemetry's propagator read W3C trace context from NATS headers; absent headers read as none. */
export const natsHeadersGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys(carrier) {
    return carrier ? carrier.keys() : [];
  },
  get(carrier, key) {
    return carrier?.has(key) ? carrier.get(key) : undefined;
  },
};

/**
 * The JetStream API subjects nats.js (v3, on a 2.9+ server) publishes to, per resource. Permissions are
 * built from these, so a service may touch its own streams, consumers and buckets only.
 */
const API = '$JS.API';

export const JsApi = {
  info: `${API}.INFO`,
  streamInfo: (stream: string) => `${API}.STREAM.INFO.${stream}`,
  streamCreate: (stream: string) => `${API}.STREAM.CREATE.${stream}`,
  streamUpdate: (stream: string) => `${API}.STREAM.UPDATE.${stream}`,
  streamMessageGet: (stream: string) => `${API}.STREAM.MSG.GET.${stream}`,
  directGet: (stream: string) => `${API}.DIRECT.GET.${stream}`,
  /** Direct get of the last message of a subject, which 2.9+ servers take in the API subject itself. */
  directGetBySubject: (stream: string) => `${API}.DIRECT.GET.${stream}.>`,
  /** Named consumer creation: `<stream>.<name>` plus, with one filter, the filter subject's tokens. */
  consumerCreate: (stream: string, name: string) => `${API}.CONSUMER.CREATE.${stream}.${name}`,
  consumerCreateFiltered: (stream: string, name: string, filter: string) =>
    `${API}.CONSUMER.CREATE.${stream}.${name}.${filter}`,
  /** The pre-2.9 form, which ensure-consumer's update path may still use. */
  durableCreate: (stream: string, name: string) => `${API}.CONSUMER.DURABLE.CREATE.${stream}.${name}`,
  consumerInfo: (stream: string, name: string) => `${API}.CONSUMER.INFO.${stream}.${name}`,
  consumerDelete: (stream: string, name: string) => `${API}.CONSUMER.DELETE.${stream}.${name}`,
  consumerNext: (stream: string, name: string) => `${API}.CONSUMER.MSG.NEXT.${stream}.${name}`,
  /** Acks of a consumer's deliveries go to the reply subject of each delivery. */
  ack: (stream: string, name: string) => `$JS.ACK.${stream}.${name}.>`,
  /** Flow-control replies of push consumers (KV watches). */
  flowControl: (stream: string) => `$JS.FC.${stream}.>`,
} as const;

/** The stream behind a KV bucket. */
export function kvStreamOf(bucket: string): string {
  return `KV_${bucket}`;
}

/** The subject of a key (or key pattern) in a bucket. */
export function kvSubjectOf(bucket: string, key: string): string {
  return `$KV.${bucket}.${key}`;
}

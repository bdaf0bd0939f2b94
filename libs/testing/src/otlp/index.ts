export { OtlpReceiver, type SpanQuery } from './otlp-receiver';
export {
  OtlpDecodeError,
  OtlpSpanKind,
  type AttributeMap,
  type AttributeValue,
  type ReceivedLink,
  type ReceivedSpan,
} from './received-span';
export { decodeOtlpJson } from './decode-otlp-json';
export { decodeOtlpProtobuf } from './decode-otlp-protobuf';

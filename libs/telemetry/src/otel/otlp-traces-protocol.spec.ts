import { ConfigurationError } from '../config/configuration-error';
import { otlpTracesProtocol } from './otlp-traces-protocol';

describe('otlpTracesProtocol', () => {
  it('defaults to http/protobuf, as the OpenTelemetry spec does', () => {
    expect(otlpTracesProtocol({})).toBe('http/protobuf');
    expect(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: '  ' })).toBe('http/protobuf');
  });

  it('reads the generic variable', () => {
    expect(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBe('http/json');
    expect(otlpTracesProtocol({ OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/Protobuf' })).toBe('http/protobuf');
  });

  it('lets the traces-specific variable win over the generic one', () => {
    expect(
      otlpTracesProtocol({
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }),
    ).toBe('http/json');
  });

  it.each([
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'grpc'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'http/xml'],
  ])('refuses %s=%s with a configuration error naming the variable', (variable, value) => {
    let thrown: unknown;
    try {
      otlpTracesProtocol({ [variable]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).variables).toEqual([variable]);
    expect((thrown as ConfigurationError).message).toContain(`${variable}="${value}"`);
  });
});

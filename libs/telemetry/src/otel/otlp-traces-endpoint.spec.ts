import { isSdkDisabled, otlpTracesEndpoint } from './otlp-traces-endpoint';

describe('otlpTracesEndpoint', () => {
  it('is undefined when no endpoint is configured, so nothing is exported', () => {
    expect(otlpTracesEndpoint({})).toBeUndefined();
  });

  it('appends the traces path to the generic endpoint', () => {
    expect(otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' })).toBe(
      'http://jaeger:4318/v1/traces',
    );
  });

  it('uses the traces-specific endpoint as given, ahead of the generic one', () => {
    expect(
      otlpTracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://generic:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom',
      }),
    ).toBe('http://collector:4318/custom');
  });

  it('is undefined when the traces exporter is set to none', () => {
    expect(
      otlpTracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_TRACES_EXPORTER: 'none' }),
    ).toBeUndefined();
  });
});

describe('isSdkDisabled', () => {
  it('reads OTEL_SDK_DISABLED=true case-insensitively and nothing else', () => {
    expect(isSdkDisabled({ OTEL_SDK_DISABLED: 'TRUE' })).toBe(true);
    expect(isSdkDisabled({ OTEL_SDK_DISABLED: 'false' })).toBe(false);
    expect(isSdkDisabled({})).toBe(false);
  });
});

import { IsString } from 'class-validator';
import { MessageTypeRegistrationError, UnknownMessageClassError } from './message-registry.errors';
import {
  DEFAULT_MESSAGE_MAX_BYTES,
  MessageType,
  isRegisteredMessageClass,
  maxBytesOf,
  messageClassOf,
  messageTypeOf,
  registeredMessageTypes,
} from './message-type.registry';

@MessageType('warden.test-registry.sample.v1', { maxBytes: 2048 })
class SampleMessage {
  @IsString() name!: string;
}

@MessageType('warden.test-registry.defaulted.v2')
class DefaultedMessage {
  @IsString() name!: string;
}

class UnregisteredMessage {
  name!: string;
}

describe('message type registry', () => {
  it('maps a class to its type and back', () => {
    expect(messageTypeOf(SampleMessage)).toBe('warden.test-registry.sample.v1');
    expect(messageClassOf('warden.test-registry.sample.v1')).toBe(SampleMessage);
    expect(registeredMessageTypes()).toEqual(
      expect.arrayContaining(['warden.test-registry.sample.v1', 'warden.test-registry.defaulted.v2']),
    );
  });

  it('keeps the declared size limit, and 64 KiB when none is declared', () => {
    expect(maxBytesOf(SampleMessage)).toBe(2048);
    expect(maxBytesOf(DefaultedMessage)).toBe(DEFAULT_MESSAGE_MAX_BYTES);
    expect(DEFAULT_MESSAGE_MAX_BYTES).toBe(64 * 1024);
  });

  it('answers undefined for an unknown type and throws for an unregistered class', () => {
    expect(messageClassOf('warden.test-registry.unknown.v1')).toBeUndefined();
    expect(isRegisteredMessageClass(UnregisteredMessage)).toBe(false);
    expect(() => messageTypeOf(UnregisteredMessage)).toThrow(UnknownMessageClassError);
    expect(() => maxBytesOf(UnregisteredMessage)).toThrow(/UnregisteredMessage/);
  });

  it('refuses a second class under a type that is taken', () => {
    const registerTwice = () => MessageType('warden.test-registry.sample.v1')(class Impostor {});
    expect(registerTwice).toThrow(MessageTypeRegistrationError);
    expect(registerTwice).toThrow(/SampleMessage/);
  });

  it('refuses types without the warden prefix or a major version, and bad size limits', () => {
    for (const type of [
      'heartbeat',
      'warden.heartbeat',
      'warden.Heartbeat.v1',
      'other.heartbeat.v1',
      'warden.heartbeat.v0',
    ]) {
      expect(() => MessageType(type)(class Candidate {})).toThrow(MessageTypeRegistrationError);
    }
    expect(() => MessageType('warden.test-registry.sized.v1', { maxBytes: 0 })(class Sized {})).toThrow(
      /maxBytes/,
    );
  });
});

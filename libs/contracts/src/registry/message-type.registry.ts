import { MessageClass } from './message-class';
import { MessageTypeRegistrationError, UnknownMessageClassError } from './message-registry.errors';

/** `warden.<family>[.<name>…].v<major>`: the major version is part of the type, so a breaking change is a new type. */
export const MESSAGE_TYPE_PATTERN = /^warden(\.[a-z][a-z0-9-]*)+\.v[1-9][0-9]*$/;

/** Upper bound of an encoded body when a message class does not declare its own. */
export const DEFAULT_MESSAGE_MAX_BYTES = 64 * 1024;

export interface MessageTypeOptions {
  /** Largest accepted UTF-8 JSON body in bytes; decoders reject bigger bodies before parsing them. */
  maxBytes?: number;
}

interface Registration {
  readonly type: string;
  readonly cls: MessageClass;
  readonly maxBytes: number;
}

const byClass = new Map<MessageClass, Registration>();
const byType = new Map<string, Registration>();

/** Registers a class under its CloudEvents `type`; the decorator runs when the class's module loads. */
export function MessageType(type: string, options: MessageTypeOptions = {}): ClassDecorator {
  return (target) => {
    const cls = target as unknown as MessageClass;
    const maxBytes = options.maxBytes ?? DEFAULT_MESSAGE_MAX_BYTES;
    if (!MESSAGE_TYPE_PATTERN.test(type)) {
      throw new MessageTypeRegistrationError(type, cls.name, `the type must match ${MESSAGE_TYPE_PATTERN}`);
    }
    if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
      throw new MessageTypeRegistrationError(type, cls.name, `maxBytes must be a positive integer`);
    }
    const existing = byType.get(type);
    if (existing && existing.cls !== cls) {
      throw new MessageTypeRegistrationError(type, cls.name, `already registered by ${existing.cls.name}`);
    }
    const registration: Registration = { type, cls, maxBytes };
    byType.set(type, registration);
    byClass.set(cls, registration);
  };
}

function registrationOf(cls: MessageClass): Registration {
  const registration = byClass.get(cls);
  if (!registration) {
    throw new UnknownMessageClassError(cls.name);
  }
  return registration;
}

export function messageTypeOf(cls: MessageClass): string {
  return registrationOf(cls).type;
}

export function messageClassOf(type: string): MessageClass | undefined {
  return byType.get(type)?.cls;
}

export function maxBytesOf(cls: MessageClass): number {
  return registrationOf(cls).maxBytes;
}

export function isRegisteredMessageClass(cls: MessageClass): boolean {
  return byClass.has(cls);
}

/** Every registered `ce-type`, sorted; the catalogue test and the docs use it. */
export function registeredMessageTypes(): string[] {
  return [...byType.keys()].sort();
}

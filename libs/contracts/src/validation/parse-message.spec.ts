import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Max, ValidateNested } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { MessageValidationError } from './message-validation.error';
import { createMessage, parseMessage } from './parse-message';

class Part {
  @IsInt() @Max(10) count!: number;
}

@MessageType('warden.test-parse.order.v1')
class Order {
  @IsString() id!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Part) parts!: Part[];
}

function validationErrorOf(run: () => unknown): MessageValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof MessageValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a MessageValidationError');
}

describe('parseMessage', () => {
  it('builds nested instances from plain JSON', () => {
    const order = parseMessage(Order, { id: 'o-1', parts: [{ count: 2 }] });
    expect(order).toBeInstanceOf(Order);
    expect(order.parts[0]).toBeInstanceOf(Part);
  });

  it('lists every issue with its path, rule and message, and names the message type', () => {
    const error = validationErrorOf(() =>
      parseMessage(Order, { id: 7, parts: [{ count: 2 }, { count: 11, colour: 'red' }] }),
    );
    expect(error.messageType).toBe('warden.test-parse.order.v1');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { path: 'id', constraint: 'isString', message: 'id must be a string' },
        expect.objectContaining({ path: 'parts[1].count', constraint: 'max' }),
        expect.objectContaining({ path: 'parts[1].colour', constraint: 'whitelistValidation' }),
      ]),
    );
    expect(error.message).toContain('parts[1].count');
  });

  it('rejects keys that would reach the prototype chain instead of dropping them silently', () => {
    const body = JSON.parse(
      '{"id":"o-1","parts":[{"count":1,"__proto__":{"count":99}}],"constructor":{}}',
    ) as unknown;
    const error = validationErrorOf(() => parseMessage(Order, body));
    expect(error.issues.map((issue) => issue.path)).toEqual(['parts[0].__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).count).toBeUndefined();
  });
});

describe('createMessage', () => {
  it('returns a validated instance built from the given fields', () => {
    const order = createMessage(Order, { id: 'o-2', parts: [{ count: 1 }] });
    expect(order).toBeInstanceOf(Order);
    expect(order.parts[0]).toBeInstanceOf(Part);
  });

  it('throws where the bad value is made, not later in a consumer', () => {
    expect(() => createMessage(Order, { id: 'o-3', parts: [{ count: 50 }] })).toThrow(MessageValidationError);
  });
});

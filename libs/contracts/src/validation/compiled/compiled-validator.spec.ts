import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MESSAGE_EXAMPLES } from '../../messages/message-examples.test-helper';
import type { MessageClass } from '../../registry/message-class';
import { compiledValidatorOf } from './compiled-validator';

type Plain = Record<string, unknown>;

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;
const slowVerdict = (cls: MessageClass, plain: Plain) =>
  validateSync(plainToInstance(cls, plain), OPTIONS).length === 0;

const REPLACEMENTS: unknown[] = [
  null,
  undefined,
  '',
  'x',
  'ready',
  'a'.repeat(300),
  '2026-01-31T12:00:00.000Z',
  'not-a-date',
  -1,
  0,
  1,
  0.5,
  1.5,
  2,
  1e20,
  true,
  false,
  [],
  ['x'],
  [1],
  {},
  { unknown: 1 },
];

/** Every single-field change of `plain`, nested objects and arrays included: removals, replacements, extras. */
function* mutations(plain: Plain): Generator<Plain> {
  yield { ...plain, unexpectedField: 1 };
  for (const key of Object.keys(plain)) {
    const { [key]: _removed, ...without } = plain;
    yield without;
    for (const replacement of REPLACEMENTS) yield { ...plain, [key]: replacement };
    const value = plain[key];
    if (Array.isArray(value)) {
      for (const item of REPLACEMENTS) yield { ...plain, [key]: [...value, item] };
      for (const [index, item] of value.entries()) {
        if (typeof item === 'object' && item !== null) {
          for (const mutated of mutations(item as Plain)) {
            yield { ...plain, [key]: value.map((original, i) => (i === index ? mutated : original)) };
          }
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const mutated of mutations(value as Plain)) yield { ...plain, [key]: mutated };
    }
  }
}

describe('compiledValidatorOf', () => {
  const classes = [...MESSAGE_EXAMPLES.keys()];

  it('compiles every message class', () => {
    const uncompiled = classes.filter((cls) => !compiledValidatorOf(cls)).map((cls) => cls.name);
    expect(uncompiled).toEqual([]);
  });

  it.each(classes.map((cls) => [cls.name, cls] as const))(
    'agrees with class-validator on %s and every single-field mutation of its example',
    (_name, cls) => {
      const compiled = compiledValidatorOf(cls)!;
      const example = MESSAGE_EXAMPLES.get(cls)!();
      expect(compiled.isValid(example)).toBe(true);
      let compared = 0;
      const disagreements: string[] = [];
      for (const mutated of mutations(example)) {
        const json = JSON.parse(JSON.stringify(mutated)) as Plain;
        compared++;
        if (compiled.isValid(json) !== slowVerdict(cls, json))
          disagreements.push(JSON.stringify(json).slice(0, 300));
      }
      expect(compared).toBeGreaterThan(20);
      expect(disagreements).toEqual([]);
    },
  );

  it('builds instances of the class, nested classes included, equal to class-transformer’s', () => {
    for (const cls of classes) {
      const example = MESSAGE_EXAMPLES.get(cls)!();
      const built = compiledValidatorOf(cls)!.instantiate(example);
      expect(built).toBeInstanceOf(cls);
      expect(built).toEqual(plainToInstance(cls, example));
    }
  });
});

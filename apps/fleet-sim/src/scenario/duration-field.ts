import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isDuration } from './duration';

/** A scenario time field: a number of ms or a string like "500ms", "10s", "2m30s". */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDuration',
      validator: {
        validate: (value: unknown) => isDuration(value),
        defaultMessage: (args) =>
          `${args?.property} must be a number of ms or a string like "500ms", "10s", "2m30s"`,
      },
    },
    options,
  );
}

import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

type AnyClass = abstract new (...args: never[]) => unknown;

// class-transformer keeps its @Type registry in a module it does not export from its index (and ships no
// typings beside it); @nestjs/swagger and others read it the same way. Its shape is the typed
// MetadataStorage from the package's own declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/** The class a property's `@Type(() => X)` names, if any. */
export function nestedTypeOf(cls: AnyClass, property: string): AnyClass | undefined {
  return defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction() as AnyClass | undefined;
}

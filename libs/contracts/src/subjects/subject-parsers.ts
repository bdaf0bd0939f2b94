import { SubjectTemplate, TokenCodecs, TokenValues } from './subject-template';
import { SubjectKey, SubjectTemplates } from './subject-templates';

type CodecsOf<K extends SubjectKey> =
  (typeof SubjectTemplates)[K] extends SubjectTemplate<infer C> ? C : never;

export type SubjectTokensOf<K extends SubjectKey> = TokenValues<CodecsOf<K>>;

/** One parser per subject: the typed tokens, or SubjectMismatchError when the subject has another shape. */
export const SubjectParsers = Object.fromEntries(
  (Object.keys(SubjectTemplates) as SubjectKey[]).map((key) => {
    const template: SubjectTemplate<TokenCodecs> = SubjectTemplates[key];
    return [key, (subject: string) => template.parse(subject)];
  }),
) as { readonly [K in SubjectKey]: (subject: string) => SubjectTokensOf<K> };

export type IdentifiedSubject = {
  [K in SubjectKey]: { readonly key: K; readonly tokens: SubjectTokensOf<K> };
}[SubjectKey];

/** Which catalogue subject a concrete subject is, with its tokens; undefined when it is none of them. */
export function identifySubject(subject: string): IdentifiedSubject | undefined {
  for (const key of Object.keys(SubjectTemplates) as SubjectKey[]) {
    const template: SubjectTemplate<TokenCodecs> = SubjectTemplates[key];
    if (template.matches(subject)) {
      return { key, tokens: template.parse(subject) } as IdentifiedSubject;
    }
  }
  return undefined;
}

import { SubjectCatalogue, type SubjectEntry } from '@warden/contracts';

/** A concrete subject's catalogue template and its variable tokens, as span attributes want them. */
export interface SubjectTemplateMatch {
  /** e.g. `supervision.failures.{severity}.{agentId}`. */
  readonly template: string;
  /** Attribute name → the token's value in the concrete subject, e.g. `warden.agent.id` → `agent-7`. */
  readonly tokens: ReadonlyArray<readonly [attribute: string, value: string]>;
}

interface TrieNode {
  readonly fixed: Map<string, TrieNode>;
  variable?: TrieNode;
  variableName?: string;
  entry?: { template: string; attributes: readonly string[] };
}

const newNode = (): TrieNode => ({ fixed: new Map() });

/** `agentId` → `warden.agent.id`, `taskType` → `warden.task.type`, `partition` → `warden.partition`. */
export function tokenAttributeName(token: string): string {
  return `warden.${token.replace(/[A-Z]/g, (letter) => `.${letter.toLowerCase()}`)}`;
}

/**
 * Maps a concrete subject to its catalogue template in one walk of a token trie built once from the
 * catalogue: no regex and no scan of the templates per message, because producer spans are named on
 * every publish, heartbeats included. A fixed token is tried before a variable one at the same depth
 * (`supervision.health.query.agent` is not a heartbeat), with backtracking for the rare overlap.
 */
export class SubjectTemplateIndex {
  private readonly root = newNode();

  constructor(entries: readonly Pick<SubjectEntry, 'pattern'>[]) {
    for (const { pattern } of entries) this.add(pattern);
  }

  match(subject: string): SubjectTemplateMatch | undefined {
    const tokens = subject.split('.');
    const values: string[] = [];
    const found = this.walk(this.root, tokens, 0, values);
    if (!found?.entry) return undefined;
    const { template, attributes } = found.entry;
    return { template, tokens: attributes.map((attribute, index) => [attribute, values[index]!] as const) };
  }

  private walk(node: TrieNode, tokens: string[], depth: number, values: string[]): TrieNode | undefined {
    if (depth === tokens.length) return node.entry ? node : undefined;
    const token = tokens[depth]!;
    const fixed = node.fixed.get(token);
    if (fixed) {
      const found = this.walk(fixed, tokens, depth + 1, values);
      if (found) return found;
    }
    if (!node.variable || token.length === 0) return undefined;
    values.push(token);
    const found = this.walk(node.variable, tokens, depth + 1, values);
    if (!found) values.pop();
    return found;
  }

  private add(pattern: string): void {
    let node = this.root;
    const attributes: string[] = [];
    for (const token of pattern.split('.')) {
      const variable = /^\{(.+)\}$/.exec(token)?.[1];
      if (variable === undefined) {
        let next = node.fixed.get(token);
        if (!next) node.fixed.set(token, (next = newNode()));
        node = next;
        continue;
      }
      node.variable ??= newNode();
      node = node.variable;
      attributes.push(tokenAttributeName(variable));
    }
    node.entry = { template: pattern, attributes };
  }
}

/** The index over every subject of the catalogue, built when first used. */
let catalogueIndex: SubjectTemplateIndex | undefined;
export function catalogueSubjectTemplates(): SubjectTemplateIndex {
  return (catalogueIndex ??= new SubjectTemplateIndex(SubjectCatalogue));
}

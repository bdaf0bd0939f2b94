/** A rendered Kubernetes object as parsed from YAML: only the type-meta and metadata are relied on. */
export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: {
    name?: unknown;
    namespace?: unknown;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  [field: string]: unknown;
}

export function kindOf(object: KubeObject): string {
  return typeof object.kind === 'string' ? object.kind : '(no kind)';
}

export function nameOf(object: KubeObject): string {
  return typeof object.metadata?.name === 'string' ? object.metadata.name : '(no name)';
}

/** `Kind/name`, as problems name an object. */
export function objectLabel(object: KubeObject): string {
  return `${kindOf(object)}/${nameOf(object)}`;
}

/** A value that is a plain mapping (not null, not a list). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Workload kinds and where their pod template sits. */
const POD_TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export interface PodTemplate {
  /** Path of the template, e.g. `spec.template`. */
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly spec: Record<string, unknown>;
}

/** The pod template of a workload, or undefined for any other kind (or a workload without one). */
export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  const steps = POD_TEMPLATE_PATHS[kindOf(object)];
  if (!steps) return undefined;
  let node: unknown = object;
  for (const step of steps) node = isMapping(node) ? node[step] : undefined;
  if (!isMapping(node) || !isMapping(node['spec'])) return undefined;
  const metadata = isMapping(node['metadata']) ? node['metadata'] : {};
  const labels = isMapping(metadata['labels']) ? (metadata['labels'] as Record<string, string>) : {};
  return { path: steps.join('.'), labels, spec: node['spec'] };
}

export interface NamedContainer {
  readonly path: string;
  readonly container: Record<string, unknown>;
}

/** Init and regular containers of a pod spec, each with its path below the template. */
export function containersOf(template: PodTemplate): NamedContainer[] {
  const found: NamedContainer[] = [];
  for (const list of ['initContainers', 'containers']) {
    const containers = template.spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((container: unknown, index) => {
      if (isMapping(container)) found.push({ path: `${template.path}.spec.${list}[${index}]`, container });
    });
  }
  return found;
}

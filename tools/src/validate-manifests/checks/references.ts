import {
  containersOf,
  isMapping,
  kindOf,
  nameOf,
  objectLabel,
  podTemplateOf,
  type KubeObject,
} from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';

interface Rendered {
  readonly configMaps: Map<string, KubeObject>;
  readonly secrets: Map<string, KubeObject>;
  readonly workloads: Map<string, KubeObject>;
}

function index(objects: readonly KubeObject[]): Rendered {
  const byKind = (kind: string) =>
    new Map(objects.filter((o) => kindOf(o) === kind).map((o) => [nameOf(o), o]));
  return { configMaps: byKind('ConfigMap'), secrets: byKind('Secret'), workloads: byKind('Deployment') };
}

function keysOf(object: KubeObject): Set<string> {
  return new Set([
    ...Object.keys(object.data ?? {}),
    ...Object.keys(object.stringData ?? {}),
    ...Object.keys((object['binaryData'] as object) ?? {}),
  ]);
}

/**
 * What a pod or autoscaler names must exist: every ConfigMap an env var, envFrom or volume reads is in
 * the render (with the key it reads); every Secret is in the render or one the operator creates
 * (documented in k8s/README.md); every autoscaler's target is a rendered Deployment. A dangling name
 * would leave a pod stuck in CreateContainerConfigError or an autoscaler scaling nothing.
 */
export function checkReferences({ source, objects, documentedSecrets }: CheckContext): ManifestProblem[] {
  const rendered = index(objects);
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    const fail = (field: string, problem: string) =>
      problems.push({ source, object: objectLabel(object), field, problem });

    const configMap = (field: string, ref: unknown, key?: unknown) => {
      if (!isMapping(ref) || ref['optional'] === true) return;
      const found = rendered.configMaps.get(String(ref['name']));
      if (!found)
        return fail(
          `${field}.name`,
          `names ConfigMap ${String(ref['name'])}, which the render does not contain`,
        );
      if (typeof key === 'string' && !keysOf(found).has(key))
        fail(`${field}.key`, `names key ${key}, which ConfigMap ${String(ref['name'])} does not have`);
    };
    // `nameField` is `name` in env references, `secretName` in a volume.
    const secret = (field: string, name: unknown, key?: unknown, nameField = 'name') => {
      const found = rendered.secrets.get(String(name));
      if (found) {
        if (typeof key === 'string' && !keysOf(found).has(key))
          fail(`${field}.key`, `names key ${key}, which Secret ${String(name)} does not have`);
        return;
      }
      if (!documentedSecrets.has(String(name)))
        fail(
          `${field}.${nameField}`,
          `names Secret ${String(name)}, which is neither rendered nor one of the Secrets k8s/README.md tells the operator to create`,
        );
    };

    const template = podTemplateOf(object);
    if (template) {
      for (const { path, container } of containersOf(template)) {
        const env = Array.isArray(container['env']) ? container['env'] : [];
        env.forEach((variable: unknown, index) => {
          const from =
            isMapping(variable) && isMapping(variable['valueFrom']) ? variable['valueFrom'] : undefined;
          if (!from) return;
          const at = `${path}.env[${index}].valueFrom`;
          if (isMapping(from['configMapKeyRef']))
            configMap(`${at}.configMapKeyRef`, from['configMapKeyRef'], from['configMapKeyRef']['key']);
          const secretRef = from['secretKeyRef'];
          if (isMapping(secretRef) && secretRef['optional'] !== true)
            secret(`${at}.secretKeyRef`, secretRef['name'], secretRef['key']);
        });
        const envFrom = Array.isArray(container['envFrom']) ? container['envFrom'] : [];
        envFrom.forEach((source_: unknown, index) => {
          if (!isMapping(source_)) return;
          const at = `${path}.envFrom[${index}]`;
          if (isMapping(source_['configMapRef'])) configMap(`${at}.configMapRef`, source_['configMapRef']);
          const secretRef = source_['secretRef'];
          if (isMapping(secretRef) && secretRef['optional'] !== true)
            secret(`${at}.secretRef`, secretRef['name']);
        });
      }
      const volumes = Array.isArray(template.spec['volumes']) ? template.spec['volumes'] : [];
      volumes.forEach((volume: unknown, index) => {
        if (!isMapping(volume)) return;
        const at = `${template.path}.spec.volumes[${index}]`;
        if (isMapping(volume['configMap'])) configMap(`${at}.configMap`, volume['configMap']);
        const secretVolume = volume['secret'];
        if (isMapping(secretVolume) && secretVolume['optional'] !== true)
          secret(`${at}.secret`, secretVolume['secretName'], undefined, 'secretName');
      });
    }

    const target = isMapping(object.spec?.['scaleTargetRef']) ? object.spec['scaleTargetRef'] : undefined;
    if (target && !rendered.workloads.has(String(target['name'])))
      fail(
        'spec.scaleTargetRef.name',
        `names Deployment ${String(target['name'])}, which the render does not contain`,
      );

    // A PDB or Service whose selector matches no pod protects or serves nothing.
    const selector =
      kindOf(object) === 'PodDisruptionBudget' && isMapping(object.spec?.['selector'])
        ? object.spec['selector']['matchLabels']
        : kindOf(object) === 'Service'
          ? object.spec?.['selector']
          : undefined;
    if (isMapping(selector) && Object.keys(selector).length > 0) {
      const matches = [...rendered.workloads.values()].some((workload) => {
        const labels = podTemplateOf(workload)?.labels ?? {};
        return Object.entries(selector).every(([key, value]) => labels[key] === value);
      });
      if (!matches)
        fail(
          kindOf(object) === 'Service' ? 'spec.selector' : 'spec.selector.matchLabels',
          'matches no pod of any rendered Deployment',
        );
    }
  }
  return problems;
}

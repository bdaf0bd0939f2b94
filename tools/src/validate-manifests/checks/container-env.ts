import { isMapping, kindOf, nameOf, type KubeObject } from '../kube-object';

/**
 * The value a container's variable has, as the kubelet would give it: a literal `env` entry wins, else the
 * last `envFrom` ConfigMap (in the render) that has the key. Undefined when it is unset or comes from a
 * Secret or the downward API.
 */
export function containerVariable(
  container: Record<string, unknown>,
  objects: readonly KubeObject[],
  variable: string,
): string | undefined {
  const env = Array.isArray(container['env']) ? container['env'] : [];
  for (const entry of env) {
    if (isMapping(entry) && entry['name'] === variable)
      return typeof entry['value'] === 'string' ? entry['value'] : undefined;
  }
  const envFrom = Array.isArray(container['envFrom']) ? container['envFrom'] : [];
  let value: string | undefined;
  for (const source of envFrom) {
    const ref = isMapping(source) && isMapping(source['configMapRef']) ? source['configMapRef'] : undefined;
    if (!ref) continue;
    const configMap = objects.find(
      (object) => kindOf(object) === 'ConfigMap' && nameOf(object) === ref['name'],
    );
    const data = configMap?.data?.[variable];
    if (typeof data === 'string') value = data;
  }
  return value;
}

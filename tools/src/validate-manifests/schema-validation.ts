import * as keda from '@kubernetes-models/keda/keda.sh/v1alpha1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { kindOf, objectLabel, type KubeObject } from './kube-object';
import type { ManifestProblem } from './manifest-problem';

/** What kubernetes-models and @kubernetes-models/keda export per kind: a class whose validate() throws. */
interface ModelClass {
  new (data: object): { validate(): void };
  readonly apiVersion: string;
  readonly kind: string;
}

/**
 * The API groups Warden may ship, each with its schemas (kubernetes-models 4.5.1, KEDA 0.4.2). A kind
 * outside these is refused: it would be a typo, or an object nothing here can check offline.
 */
const MODELS_BY_API_VERSION: Record<string, object> = {
  v1: core,
  'apps/v1': apps,
  'batch/v1': batch,
  'policy/v1': policy,
  'autoscaling/v2': autoscaling,
  'networking.k8s.io/v1': networking,
  'rbac.authorization.k8s.io/v1': rbac,
  'keda.sh/v1alpha1': keda,
};

function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const models = MODELS_BY_API_VERSION[apiVersion] as Record<string, unknown> | undefined;
  const model = models?.[kind];
  if (typeof model !== 'function') return undefined;
  // The modules also export nested types (e.g. DeploymentSpec); only top-level kinds carry type-meta.
  const typeMeta = model as unknown as Partial<ModelClass>;
  if (typeMeta.kind !== kind || typeMeta.apiVersion !== apiVersion) return undefined;
  return model as unknown as ModelClass;
}

/** The parts of an ajv error the models' ValidationError carries. */
interface SchemaError {
  instancePath?: string;
  message?: string;
  params?: { additionalProperty?: string };
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`. */
export function fieldPathOf(instancePath: string): string {
  const path = instancePath
    .split('/')
    .filter((step) => step.length > 0)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (joined, step) => (/^\d+$/.test(step) ? `${joined}[${step}]` : joined ? `${joined}.${step}` : step),
      '',
    );
  return path || '(object)';
}

/** Validates one object against its kind's schema; every schema error becomes one problem naming the field. */
export function validateAgainstSchema(source: string, object: KubeObject): ManifestProblem[] {
  const object_ = objectLabel(object);
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '(no apiVersion)';
  const model = modelFor(apiVersion, kindOf(object));
  if (!model) {
    return [
      {
        source,
        object: object_,
        field: 'kind',
        problem: `${apiVersion} ${kindOf(object)} is not a kind Warden's manifests may use (no schema for it: ${Object.keys(MODELS_BY_API_VERSION).join(', ')})`,
      },
    ];
  }
  try {
    new model(object).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: SchemaError[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      return [{ source, object: object_, field: '(object)', problem: (error as Error).message }];
    }
    return errors.map((schemaError) => ({
      source,
      object: object_,
      field: fieldPathOf(schemaError.instancePath ?? ''),
      problem: schemaError.message ?? 'does not match the schema',
    }));
  }
}

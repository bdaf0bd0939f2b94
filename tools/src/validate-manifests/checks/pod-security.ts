import { containersOf, isMapping, objectLabel, podTemplateOf } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';

type Settings = Record<string, unknown>;

function settingsAt(parent: Settings, key: string): Settings {
  const value = parent[key];
  return isMapping(value) ? value : {};
}

/**
 * Pod Security Standards "restricted" as Warden applies it, per container (a container's own setting
 * wins over the pod's): non-root with a non-zero uid, no privilege escalation, a read-only root
 * filesystem, every capability dropped, the runtime's default seccomp profile.
 */
export function checkPodSecurity({ source, objects }: CheckContext): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    const template = podTemplateOf(object);
    if (!template) continue;
    const pod = settingsAt(template.spec, 'securityContext');
    const podPath = `${template.path}.spec.securityContext`;
    const fail = (field: string, problem: string) =>
      problems.push({ source, object: objectLabel(object), field, problem });
    for (const { path, container } of containersOf(template)) {
      const own = settingsAt(container, 'securityContext');
      const ownPath = `${path}.securityContext`;
      const effective = (key: string) => (own[key] !== undefined ? own[key] : pod[key]);

      if (effective('runAsNonRoot') !== true)
        fail(`${ownPath}.runAsNonRoot`, `must be true (here or in ${podPath})`);
      if (effective('runAsUser') === 0) fail(`${ownPath}.runAsUser`, 'must not be 0 (root)');
      if (own['allowPrivilegeEscalation'] !== false)
        fail(`${ownPath}.allowPrivilegeEscalation`, 'must be false');
      if (own['readOnlyRootFilesystem'] !== true) fail(`${ownPath}.readOnlyRootFilesystem`, 'must be true');
      const drop = settingsAt(own, 'capabilities')['drop'];
      if (!Array.isArray(drop) || !drop.includes('ALL'))
        fail(`${ownPath}.capabilities.drop`, 'must contain ALL');
      const add = settingsAt(own, 'capabilities')['add'];
      if (Array.isArray(add) && add.length > 0) fail(`${ownPath}.capabilities.add`, 'must be empty');
      if (own['privileged'] === true) fail(`${ownPath}.privileged`, 'must not be true');
      const seccomp = effective('seccompProfile');
      const seccompType = isMapping(seccomp) ? seccomp['type'] : undefined;
      if (seccompType !== 'RuntimeDefault' && seccompType !== 'Localhost')
        fail(`${ownPath}.seccompProfile.type`, `must be RuntimeDefault (here or in ${podPath})`);
    }
  }
  return problems;
}

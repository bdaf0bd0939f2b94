import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { kindOf, nameOf } from './kube-object';
import { describeProblem } from './manifest-problem';
import { renderOverlay } from './render-overlay';
import { validateOverlay } from './validate-overlay';
import { WARDEN_SERVICES } from '../start/service-catalogue';

// What CI checks on every run (npm test): the shipped overlays, rendered by `kubectl kustomize`.
const OVERLAYS = join(__dirname, '..', '..', '..', 'k8s', 'overlays');
const SERVICES = WARDEN_SERVICES;

describe.each(['dev', 'prod'])('k8s/overlays/%s', (overlay) => {
  it('renders, and every object validates against its schema and the checks', () => {
    const report = validateOverlay(join(OVERLAYS, overlay));
    expect(report.problems.map(describeProblem)).toEqual([]);
    expect(report.objects).toBeGreaterThan(0);
  });

  it('deploys all six services', () => {
    const deployments = renderOverlay(join(OVERLAYS, overlay))
      .filter((object) => kindOf(object) === 'Deployment')
      .map(nameOf);
    expect(deployments).toEqual(expect.arrayContaining(SERVICES));
  });
});

describe('an overlay with a broken object', () => {
  let dir: string;
  beforeAll(() => {
    // Named prod so the prod rules apply; built on the real prod overlay with two fields broken.
    dir = join(mkdtempSync(join(tmpdir(), 'broken-overlay-')), 'prod');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        // kustomize takes bases by relative path only.
        `  - ${relative(dir, join(OVERLAYS, 'prod'))}`,
        'patches:',
        '  - target: { kind: Deployment, name: load-balancer }',
        '    patch: |-',
        '      - { op: replace, path: /spec/replicas, value: "two" }',
        '      - { op: remove, path: /spec/template/spec/containers/0/readinessProbe }',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('is reported with the overlay, the object and each field', () => {
    expect(validateOverlay(dir).problems.map(describeProblem)).toEqual([
      'prod: Deployment/load-balancer: spec.replicas must be integer',
      'prod: Deployment/load-balancer: spec.template.spec.containers[0].readinessProbe is required',
    ]);
  });
});

describe('an overlay that does not render', () => {
  it("is one problem carrying kustomize's message", () => {
    const report = validateOverlay(join(tmpdir(), 'no-such-overlay'));
    expect(report.problems).toEqual([
      expect.objectContaining({
        source: 'no-such-overlay',
        object: '(kustomization)',
        problem: expect.stringContaining('cannot be rendered'),
      }),
    ]);
  });
});

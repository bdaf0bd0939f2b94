// Validates the Kubernetes overlays (and docker/compose.yaml) offline: `npm run validate:k8s`.
// Usage: node tools/dist/validate-manifests/main.js [overlay-dir …]   (default: k8s/overlays/dev and prod)
import { resolve } from 'node:path';
import { validateComposeFile } from './compose-config';
import { describeProblem } from './manifest-problem';
import { validateOverlay } from './validate-overlay';

// This file runs from tools/dist/validate-manifests/, three levels below the repository root.
const root = resolve(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const overlays =
  args.length > 0 ? args : ['dev', 'prod'].map((name) => resolve(root, 'k8s', 'overlays', name));

let failed = false;
for (const overlayDir of overlays) {
  const report = validateOverlay(overlayDir);
  for (const problem of report.problems) process.stderr.write(`${describeProblem(problem)}\n`);
  failed ||= report.problems.length > 0;
  process.stdout.write(`${report.overlay}: ${report.objects} objects, ${report.problems.length} problems\n`);
}
if (args.length === 0) {
  const composeProblems = validateComposeFile(resolve(root, 'docker', 'compose.yaml'));
  for (const problem of composeProblems) process.stderr.write(`${describeProblem(problem)}\n`);
  failed ||= composeProblems.length > 0;
  process.stdout.write(`docker/compose.yaml: ${composeProblems.length} problems\n`);
}
process.exitCode = failed ? 1 : 0;

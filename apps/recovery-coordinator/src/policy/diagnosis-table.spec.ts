import { DEFAULT_RECOVERY_POLICY } from './default-recovery-policy';
import { DiagnosisTable } from './diagnosis-table';
import { parseRecoveryPolicy } from './load-recovery-policy';

describe('DiagnosisTable', () => {
  const table = new DiagnosisTable(DEFAULT_RECOVERY_POLICY);

  it('by default restarts a crash, kills a hang, replaces a leak, quarantines a slow agent', () => {
    expect(table.planForFailure('process-crash')).toBe('restart');
    expect(table.planForFailure('heartbeat-timeout')).toBe('restart');
    expect(table.planForFailure('stuck')).toBe('restart-kill');
    expect(table.planForFailure('memory-leak')).toBe('drain-then-replace');
    expect(table.planForFailure('high-latency')).toBe('drain-and-quarantine');
    expect(table.planForFailure('dependency-failure')).toBe('escalate');
  });

  it('by default replaces a dead zone or host elsewhere and folds its failures; fleet patterns do not fold', () => {
    expect(table.planForPattern('zone-outage')).toBe('replace-elsewhere');
    expect(table.patternFoldsFailures('zone-outage')).toBe(true);
    expect(table.patternFoldsFailures('host-partition')).toBe(true);
    expect(table.patternFoldsFailures('failure-spike')).toBe(false);
    expect(table.patternFoldsFailures('crash-loop')).toBe(false);
  });

  it('follows the configured table', () => {
    const configured = new DiagnosisTable(
      parseRecoveryPolicy(
        { failureActions: { 'memory-leak': 'restart' }, patternActions: { 'zone-outage': 'escalate' } },
        'policy.yaml',
      ),
    );
    expect(configured.planForFailure('memory-leak')).toBe('restart');
    expect(configured.patternFoldsFailures('zone-outage')).toBe(false);
  });

  it('says which plans restart and which lose the running process with its work', () => {
    expect(DiagnosisTable.restarts('restart-kill')).toBe(true);
    expect(DiagnosisTable.restarts('drain-and-quarantine')).toBe(false);
    expect(DiagnosisTable.losesWork('restart')).toBe(true);
    expect(DiagnosisTable.losesWork('drain-and-quarantine')).toBe(false);
  });
});

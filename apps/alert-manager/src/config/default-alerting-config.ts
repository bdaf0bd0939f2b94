/**
 * The configuration used when ALERT_MANAGER_CONFIG_FILE is not set: every alert grouped by name and
 * zone into the log, critical ones (zone outages, incidents) also opening an incident that escalates
 * through the log. It goes through the same loader as a file, so it is validated the same way.
 */
export const DEFAULT_ALERTING_YAML = `
global:
  resolve_timeout: 5m
route:
  receiver: log
  group_by: [alertname, zone]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  routes:
    - matchers: ['severity="critical"']
      receiver: log
      group_wait: 10s
      escalation_policy: on-call
receivers:
  - name: log
    log: {}
inhibit_rules:
  - name: critical-mutes-lesser-in-zone
    source_matchers: ['severity="critical"', 'alertname="FailurePattern"']
    target_matchers: ['severity=~"low|medium"']
    equal: [zone]
topology_inhibition:
  enabled: true
  patterns: [zone-outage, host-partition]
escalation_policies:
  - name: on-call
    ack_timeout: 30m
    loops: 1
    levels:
      - receivers: [log]
        escalate_after: 15m
`;

/**
 * Labels the adapter puts on agent pods. `draining`: the cordon-style mark of a drained pod (it stays on
 * the pod while the eviction lets it finish, so dashboards and selectors can tell it from a failed one).
 * `replaced`: the pod is being replaced; an agent workload whose template has a preferred pod
 * anti-affinity against this label (see the README) gets its new pod on another node.
 */
export const PodLabels = {
  draining: 'warden.io/draining',
  replaced: 'warden.io/replaced',
} as const;

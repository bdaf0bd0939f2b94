import type { Labels } from '../domain/labels';
import { matchesAll, type Matcher } from '../domain/matcher';

/** Grouping and timers of a route; a child inherits what it does not set from its parent. */
export interface RouteTimers {
  /** Label names alerts are grouped by; `all` groups by every label (Alertmanager's `['...']`). */
  groupBy: readonly string[] | 'all';
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** One node of the routing tree, with its parent's settings already folded in. */
export interface Route extends RouteTimers {
  /** Position in the tree (`root`, `root.0`, `root.0.1`): stable across restarts, part of group keys. */
  id: string;
  receiver: string;
  matchers: readonly Matcher[];
  continue: boolean;
  /** The escalation policy that turns this route's groups into incidents; none: notifications only. */
  escalationPolicy?: string;
  /** Whether resolved notifications go out (Alertmanager's `send_resolved`, default true). */
  sendResolved: boolean;
  routes: readonly Route[];
}

/**
 * Alertmanager's tree walk: an alert that matches a route descends into its children; the first
 * matching child takes it unless that child has `continue: true`, in which case the later siblings
 * are tried too. A route none of whose children match handles the alert itself.
 */
export function matchRoutes(route: Route, labels: Labels): Route[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const matched: Route[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    matched.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return matched.length > 0 ? matched : [route];
}

/** Every route of the tree, depth first. */
export function allRoutes(route: Route): Route[] {
  return [route, ...route.routes.flatMap(allRoutes)];
}

/** The labels an alert is grouped by on a route. */
export function groupLabelsOf(route: RouteTimers, labels: Labels): Record<string, string> {
  if (route.groupBy === 'all') return { ...labels };
  const picked: Record<string, string> = {};
  for (const name of route.groupBy) if (labels[name] !== undefined) picked[name] = labels[name];
  return picked;
}

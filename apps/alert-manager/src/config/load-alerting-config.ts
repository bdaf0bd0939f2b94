import { readFileSync } from 'node:fs';
import { ID_TOKEN_PATTERN } from '@warden/contracts';
import { parse } from 'yaml';
import type { EscalationPolicy } from '../incidents/escalation-policy';
import type { InhibitionRule } from '../inhibition/inhibition-rule';
import { allRoutes, type Route, type RouteTimers } from '../routing/route';
import {
  RECEIVER_KINDS,
  type AlertingConfig,
  type ReceiverConfig,
  type ReceiverKind,
} from './alerting-config';
import { AlertingConfigError } from './alerting-config-error';
import { ConfigNode } from './config-node';
import { DEFAULT_ALERTING_YAML } from './default-alerting-config';

const SECOND = 1000;
const DAY = 86_400_000;
const MAX_ROUTE_DEPTH = 16;

/** Alertmanager's defaults. */
const ROOT_TIMERS: RouteTimers = {
  groupBy: [],
  groupWaitMs: 30 * SECOND,
  groupIntervalMs: 5 * 60 * SECOND,
  repeatIntervalMs: 4 * 3600 * SECOND,
};

/** The file at `path`, or the shipped default when no path is given. */
export function loadAlertingConfig(path: string | undefined): AlertingConfig {
  if (!path) return parseAlertingConfig(DEFAULT_ALERTING_YAML, '(default configuration)');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AlertingConfigError(path, '(file)', `cannot be read: ${(error as Error).message}`);
  }
  return parseAlertingConfig(text, path);
}

/** Parses and validates a YAML (or JSON) document; `source` names it in errors. */
export function parseAlertingConfig(text: string, source: string): AlertingConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new AlertingConfigError(source, '(file)', `is not valid YAML: ${(error as Error).message}`);
  }
  const top: ConfigNode = ConfigNode.of(source, '', document ?? {});

  const global = top.child('global');
  const resolveTimeoutMs =
    global?.duration('resolve_timeout', 5 * 60 * SECOND, SECOND, 30 * DAY) ?? 5 * 60 * SECOND;
  const resolvedRetentionMs =
    global?.duration('resolved_retention', 3600 * SECOND, SECOND, 30 * DAY) ?? 3600 * SECOND;
  const externalUrl = global?.string('external_url') ?? 'http://alert-manager.warden.local';
  global?.rejectUnknown();

  const receivers = new Map<string, ReceiverConfig>();
  for (const node of top.children('receivers')) {
    const receiver = readReceiver(node);
    if (receivers.has(receiver.name)) node.fail('name', `repeats receiver ${receiver.name}`);
    receivers.set(receiver.name, receiver);
  }
  if (receivers.size === 0) top.fail('receivers', 'must name at least one receiver');

  const policies = new Map<string, EscalationPolicy>();
  for (const node of top.children('escalation_policies')) {
    const policy = readPolicy(node, receivers);
    if (policies.has(policy.name)) node.fail('name', `repeats escalation policy ${policy.name}`);
    policies.set(policy.name, policy);
  }

  const routeNode = top.child('route');
  if (!routeNode) top.fail('route', 'is required');
  const route = readRoute(routeNode, ROOT_TIMERS, 'root', receivers, policies, true, 0);

  const inhibitRules: InhibitionRule[] = top.children('inhibit_rules').map((node, index) => {
    const rule: InhibitionRule = {
      name: node.string('name') ?? `rule-${index}`,
      sourceMatchers: node.matchers('source_matchers'),
      targetMatchers: node.matchers('target_matchers'),
      equal: node.strings('equal'),
    };
    if (rule.sourceMatchers.length === 0) node.fail('source_matchers', 'must have at least one matcher');
    if (rule.targetMatchers.length === 0) node.fail('target_matchers', 'must have at least one matcher');
    node.rejectUnknown();
    return rule;
  });

  const topology = top.child('topology_inhibition');
  const topologyInhibition = {
    enabled: topology?.boolean('enabled', true) ?? true,
    patterns: topology?.strings('patterns', DEFAULT_TOPOLOGY_PATTERNS) ?? DEFAULT_TOPOLOGY_PATTERNS,
  };
  topology?.rejectUnknown();
  top.rejectUnknown();

  return {
    route,
    receivers,
    inhibitRules,
    topologyInhibition,
    escalationPolicies: policies,
    resolveTimeoutMs,
    resolvedRetentionMs,
    externalUrl,
    original: text,
  };
}

const DEFAULT_TOPOLOGY_PATTERNS = ['zone-outage', 'host-partition'];

function readRoute(
  node: ConfigNode,
  parent: RouteTimers & { receiver?: string; escalationPolicy?: string },
  id: string,
  receivers: ReadonlyMap<string, ReceiverConfig>,
  policies: ReadonlyMap<string, EscalationPolicy>,
  isRoot: boolean,
  depth: number,
): Route {
  if (depth > MAX_ROUTE_DEPTH) node.fail('routes', `nest deeper than ${MAX_ROUTE_DEPTH} levels`);
  const receiver = node.string('receiver') ?? parent.receiver;
  if (receiver === undefined) node.fail('receiver', 'is required on the root route');
  if (!receivers.has(receiver)) node.fail('receiver', `names no configured receiver (${receiver})`);
  const rawGroupBy = node.has('group_by') ? node.strings('group_by') : undefined;
  const groupBy =
    rawGroupBy === undefined ? parent.groupBy : rawGroupBy.includes('...') ? ('all' as const) : rawGroupBy;
  const groupWaitMs = node.duration('group_wait', parent.groupWaitMs, 0, DAY);
  const groupIntervalMs = node.duration('group_interval', parent.groupIntervalMs, 100, DAY);
  let repeatIntervalMs = node.duration('repeat_interval', parent.repeatIntervalMs, 100, 30 * DAY);
  // Alertmanager rounds repeat_interval up to a multiple of group_interval: it is only checked at flushes.
  repeatIntervalMs = Math.ceil(repeatIntervalMs / groupIntervalMs) * groupIntervalMs;
  const escalationPolicy = node.string('escalation_policy') ?? parent.escalationPolicy;
  if (escalationPolicy !== undefined && !policies.has(escalationPolicy))
    node.fail('escalation_policy', `names no configured escalation policy (${escalationPolicy})`);
  const matchers = node.matchers('matchers');
  if (isRoot && matchers.length > 0)
    node.fail('matchers', 'are not allowed on the root route (it takes every alert)');
  const continueMatching = node.boolean('continue', false);
  if (isRoot && continueMatching) node.fail('continue', 'is not allowed on the root route');
  const receiverConfig = receivers.get(receiver) as ReceiverConfig;
  const timers = { groupBy, groupWaitMs, groupIntervalMs, repeatIntervalMs, receiver, escalationPolicy };
  const routes = node
    .children('routes')
    .map((child, index) => readRoute(child, timers, `${id}.${index}`, receivers, policies, false, depth + 1));
  node.rejectUnknown();
  return {
    id,
    receiver,
    matchers,
    continue: continueMatching,
    groupBy,
    groupWaitMs,
    groupIntervalMs,
    repeatIntervalMs,
    ...(escalationPolicy !== undefined ? { escalationPolicy } : {}),
    sendResolved: receiverConfig.sendResolved,
    routes,
  };
}

function readReceiver(node: ConfigNode): ReceiverConfig {
  const name = node.requiredString('name');
  if (!ID_TOKEN_PATTERN.test(name)) node.fail('name', 'must be 1-128 characters from [A-Za-z0-9_-]');
  const kinds = RECEIVER_KINDS.filter((kind) => node.has(kind));
  if (kinds.length !== 1)
    node.fail('name', `needs exactly one of ${RECEIVER_KINDS.join(', ')} (found ${kinds.length})`);
  const kind: ReceiverKind = kinds[0];
  const settings = node.child(kind) as ConfigNode;
  let url: string | undefined;
  if (kind === 'webhook' || kind === 'slack') {
    url = settings.requiredString('url');
    try {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      settings.fail('url', `must be an http or https URL (${url})`);
    }
  }
  const timeoutMs = settings.duration('timeout', 10 * SECOND, 10, 5 * 60 * SECOND);
  const maxAlerts = kind === 'webhook' ? settings.integer('max_alerts', 0, 0, 10_000) : 0;
  const sendResolved = settings.boolean('send_resolved', kind !== 'slack');
  const retryNode = settings.child('retry');
  const retry = {
    attempts: retryNode?.integer('attempts', 5, 1, 50) ?? 5,
    initialBackoffMs: retryNode?.duration('initial_backoff', 200, 0, 60 * SECOND) ?? 200,
    maxBackoffMs: retryNode?.duration('max_backoff', 5 * SECOND, 0, 10 * 60 * SECOND) ?? 5 * SECOND,
  };
  retryNode?.rejectUnknown();
  settings.rejectUnknown();
  node.rejectUnknown();
  return { name, kind, ...(url !== undefined ? { url } : {}), timeoutMs, maxAlerts, sendResolved, retry };
}

function readPolicy(node: ConfigNode, receivers: ReadonlyMap<string, ReceiverConfig>): EscalationPolicy {
  const name = node.requiredString('name');
  const levels = node.children('levels').map((level) => {
    const names = level.strings('receivers');
    if (names.length === 0) level.fail('receivers', 'must name at least one receiver');
    names.forEach((receiver, index) => {
      if (!receivers.has(receiver))
        throw new AlertingConfigError(
          node.source,
          `${level.at('receivers')}[${index}]`,
          `names no configured receiver (${receiver})`,
        );
    });
    const escalateAfterMs = level.duration('escalate_after', 30 * 60 * SECOND, 100, 30 * DAY);
    level.rejectUnknown();
    return { receivers: names, escalateAfterMs };
  });
  if (levels.length === 0) node.fail('levels', 'must have at least one level');
  const policy = {
    name,
    levels,
    loops: node.integer('loops', 0, 0, 100),
    ackTimeoutMs: node.duration('ack_timeout', 30 * 60 * SECOND, 100, 30 * DAY),
  };
  node.rejectUnknown();
  return policy;
}

/** Every route of a loaded configuration, for status and tests. */
export function routesOf(config: AlertingConfig): Route[] {
  return allRoutes(config.route);
}

import { createHash } from 'node:crypto';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** KV keys of the notification log: one per receiver and group, one per incident step and receiver. */
export const NotificationLogKeys = {
  group: (receiver: string, groupKey: string): string => `group.${receiver}.${digest(groupKey)}`,
  incidentStep: (incidentId: string, triggeredAt: number, step: number, receiver: string): string =>
    `incident.${incidentId}.${triggeredAt}.${step}.${receiver}`,
  incidentResolved: (incidentId: string, receiver: string): string =>
    `incident.${incidentId}.resolved.${receiver}`,
};

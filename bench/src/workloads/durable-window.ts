/**
 * In-flight JetStream messages per throughput repetition: unacknowledged publishes, and deliveries not
 * yet counted. Matches the consumers' max_ack_pending (1000), so neither side stalls on the other's limit.
 */
export const DURABLE_WINDOW = 1_000;

export const DURABLE_STALL_TIMEOUT_MS = 20_000;

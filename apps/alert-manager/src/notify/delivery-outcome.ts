export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  error?: string;
}

/** A receiver answered or failed in a way a retry will not fix (4xx other than 408/429). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

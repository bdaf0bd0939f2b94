// NATS identities and their exact permissions, derived from the subject catalogue.
export * from './identity-kinds';
export * from './identity-access';
export * from './access-catalogue';
export * from './jetstream-api-subjects';
export * from './nats-permissions';

export class UnknownMessageClassError extends Error {
  constructor(readonly className: string) {
    super(
      `${className} is not a registered message class; decorate it with @MessageType('warden.<name>.v<n>')`,
    );
    this.name = 'UnknownMessageClassError';
  }
}

export class MessageTypeRegistrationError extends Error {
  constructor(
    readonly messageType: string,
    readonly className: string,
    readonly reason: string,
  ) {
    super(`Cannot register ${className} as ${JSON.stringify(messageType)}: ${reason}`);
    this.name = 'MessageTypeRegistrationError';
  }
}

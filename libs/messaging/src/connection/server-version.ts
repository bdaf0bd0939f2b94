/** A nats-server release, as reported in the INFO the server sends on connect. */
export class ServerVersion {
  constructor(
    readonly major: number,
    readonly minor: number,
    readonly patch: number,
  ) {}

  /** Parses `2.9.10`, `2.10.0-beta.1` and the like; unknown forms read as 0.0.0 so features are not assumed. */
  static parse(version: string | undefined): ServerVersion {
    const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
    if (!match) return new ServerVersion(0, 0, 0);
    return new ServerVersion(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  atLeast(major: number, minor: number, patch = 0): boolean {
    if (this.major !== major) return this.major > major;
    if (this.minor !== minor) return this.minor > minor;
    return this.patch >= patch;
  }

  /** Consumers with several filter subjects arrived in nats-server 2.10. */
  get supportsMultipleFilterSubjects(): boolean {
    return this.atLeast(2, 10);
  }

  toString(): string {
    return `${this.major}.${this.minor}.${this.patch}`;
  }
}

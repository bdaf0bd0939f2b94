/** A compare-and-set write lost every round it tried: the key is written too often to win. */
export class WriteContentionError extends Error {
  override readonly name = 'WriteContentionError';

  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`${bucket} ${key}: ${attempts} compare-and-set attempts all lost to other writers`);
  }
}

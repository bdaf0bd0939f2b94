import type { KV } from '@nats-io/kv';
import { BucketMirror, type MirrorSink } from './bucket-mirror';
import { parseRecord, trustedRecord, type RecordDecoder } from './kv-record-codec';
import { KvRecords, type KvRecordsOptions } from './kv-records';

/**
 * One opened KV bucket of the contracts' catalogue (`messaging.bucket(Buckets.x)`): typed records on it and
 * mirrors of it, so engines never open KV themselves. `kv` stays reachable for what the toolkit does not
 * cover yet (keys listings, the lease and fencing stores that take a bucket).
 */
export class KvBucket {
  constructor(
    readonly kv: KV,
    readonly name: string,
  ) {}

  records<T>(decode: RecordDecoder<T> = trustedRecord, options?: KvRecordsOptions): KvRecords<T> {
    return new KvRecords<T>(this.kv, this.name, decode, options);
  }

  /** A mirror of JSON records; `onCorrupt` hears of each record `decode` refused, which is skipped. */
  mirror<T>(
    decode: RecordDecoder<T>,
    sink: MirrorSink<T>,
    onCorrupt: (key: string, error: Error) => void,
  ): BucketMirror<T> {
    return new BucketMirror<T>(this.kv, {
      decode: (key, value) => decode(parseRecord(value), key),
      sink,
      onCorrupt,
    });
  }
}

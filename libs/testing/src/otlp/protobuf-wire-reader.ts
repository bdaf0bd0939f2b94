import { OtlpDecodeError } from './received-span';

export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

/**
 * The protobuf wire format, as far as OTLP's trace messages need it. No protobuf package is installed
 * and @opentelemetry/otlp-transformer only exports encoders, so the test receiver reads the bytes itself.
 */
export class ProtobufWireReader {
  private position = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.position >= this.bytes.length;
  }

  tag(): { field: number; wireType: number } {
    const key = this.varint();
    return { field: Number(key >> 3n), wireType: Number(key & 7n) };
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new OtlpDecodeError('varint longer than 10 bytes');
  }

  fixed64(): bigint {
    const value = this.view.getBigUint64(this.advance(8), true);
    return value;
  }

  fixed32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  double(): number {
    return this.view.getFloat64(this.advance(8), true);
  }

  bytesField(): Uint8Array {
    const length = Number(this.varint());
    const start = this.advance(length);
    return this.bytes.subarray(start, start + length);
  }

  string(): string {
    return new TextDecoder().decode(this.bytesField());
  }

  skip(wireType: number): void {
    if (wireType === WireType.VARINT) this.varint();
    else if (wireType === WireType.FIXED64) this.advance(8);
    else if (wireType === WireType.LENGTH_DELIMITED) this.bytesField();
    else if (wireType === WireType.FIXED32) this.advance(4);
    else throw new OtlpDecodeError(`unsupported wire type ${wireType}`);
  }

  /** Calls `field` for each field of the message in `bytes`; fields it does not read are skipped. */
  static forEachField(
    bytes: Uint8Array,
    field: (reader: ProtobufWireReader, number: number, wireType: number) => boolean,
  ): void {
    const reader = new ProtobufWireReader(bytes);
    while (!reader.done) {
      const { field: number, wireType } = reader.tag();
      if (!field(reader, number, wireType)) reader.skip(wireType);
    }
  }

  private byte(): number {
    if (this.position >= this.bytes.length) throw new OtlpDecodeError('message truncated');
    return this.bytes[this.position++]!;
  }

  private advance(length: number): number {
    const start = this.position;
    if (length < 0 || start + length > this.bytes.length) throw new OtlpDecodeError('message truncated');
    this.position += length;
    return start;
  }
}

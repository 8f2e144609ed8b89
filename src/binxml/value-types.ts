/**
 * Substitution value types and their fixed widths.
 * Ref: MS-EVEN6 §2.2.12 (value types, arrays = 0x80 | type); ../shared/docs/evtx-format.md c.8.
 */
export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
} as const
export type ValueType = (typeof ValueType)[keyof typeof ValueType]

export const ARRAY_BIT = 0x80

const NAMES: Record<number, string> = {
  0x00: 'Null', 0x01: 'String', 0x02: 'AnsiString', 0x03: 'Int8', 0x04: 'UInt8', 0x05: 'Int16',
  0x06: 'UInt16', 0x07: 'Int32', 0x08: 'UInt32', 0x09: 'Int64', 0x0a: 'UInt64', 0x0b: 'Real32',
  0x0c: 'Real64', 0x0d: 'Bool', 0x0e: 'Binary', 0x0f: 'Guid', 0x10: 'SizeT', 0x11: 'FileTime',
  0x12: 'SystemTime', 0x13: 'Sid', 0x14: 'HexInt32', 0x15: 'HexInt64', 0x20: 'EvtHandle',
  0x21: 'BinXml', 0x23: 'EvtXml',
}

/** Readable name of a value type (`String`, `UInt32[]`, `0x3f`). */
export function valueTypeName(type: number): string {
  const base = NAMES[type & ~ARRAY_BIT]
  if (base === undefined) return `0x${type.toString(16).padStart(2, '0')}`
  return type & ARRAY_BIT ? `${base}[]` : base
}

/** Width in bytes of one item of a fixed-size type, 0 for variable-size types, -1 if unknown. */
export function fixedWidth(baseType: number): number {
  switch (baseType) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8
    case ValueType.Guid:
    case ValueType.SystemTime:
      return 16
    case ValueType.String:
    case ValueType.AnsiString:
    case ValueType.Binary:
    case ValueType.Sid:
    case ValueType.SizeT:
    case ValueType.BinXml:
    case ValueType.Null:
      return 0
    default:
      return -1
  }
}

/** True for the types this parser decodes (scalars 0x00-0x15, BinXml, and arrays of 0x01-0x15). */
export function isKnownValueType(type: number): boolean {
  if (type & ARRAY_BIT) {
    const base = type & ~ARRAY_BIT
    return base >= 0x01 && base <= 0x15
  }
  return (type >= 0x00 && type <= 0x15) || type === ValueType.BinXml
}

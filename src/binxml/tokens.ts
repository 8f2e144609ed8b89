/**
 * BinXML tokens. The low nibble is the token; 0x40 marks "more data follows" (an attribute list
 * for element starts, more text or another attribute for the others).
 * Ref: MS-EVEN6 §2.2.12 (BinXml grammar); ../shared/docs/evtx-format.md c.5.
 */
export const BinXmlToken = {
  EndOfStream: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CDataSection: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const
export type BinXmlToken = (typeof BinXmlToken)[keyof typeof BinXmlToken]

/** The "has more" / "has attributes" bit. */
export const MORE_BIT = 0x40

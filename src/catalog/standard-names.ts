/**
 * Display names Windows gives standard levels, opcodes and keywords (winmeta.xml), and the
 * well-known accounts `wevtutil /f:text` can name without a domain to ask.
 */

const LEVELS: Record<number, string> = { 0: 'Information', 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information', 5: 'Verbose' }

const OPCODES: Record<number, string> = {
  0: 'Info', 1: 'Start', 2: 'Stop', 3: 'DCStart', 4: 'DCStop', 5: 'Extension', 6: 'Reply', 7: 'Resume', 8: 'Suspend', 9: 'Send', 240: 'Receive',
}

/** Standard keyword bits (win:ResponseTime … win:EventlogClassic) and their display names. */
const KEYWORDS: ReadonlyArray<readonly [bigint, string]> = [
  [0x0001000000000000n, 'Response Time'],
  [0x0002000000000000n, 'WDI Context'],
  [0x0004000000000000n, 'WDI Diag'],
  [0x0008000000000000n, 'SQM'],
  [0x0010000000000000n, 'Audit Failure'],
  [0x0020000000000000n, 'Audit Success'],
  [0x0040000000000000n, 'Correlation Hint'],
  [0x0080000000000000n, 'Classic'],
]

const ACCOUNTS: Record<string, string> = {
  'S-1-5-18': 'NT AUTHORITY\\SYSTEM',
  'S-1-5-19': 'NT AUTHORITY\\LOCAL SERVICE',
  'S-1-5-20': 'NT AUTHORITY\\NETWORK SERVICE',
  'S-1-5-32-544': 'BUILTIN\\Administrators',
  'S-1-5-32-555': 'BUILTIN\\Remote Desktop Users',
}

export function levelName(level: number | undefined): string {
  if (level === undefined) return 'N/A'
  return LEVELS[level] ?? String(level)
}

export function opcodeName(opcode: number | undefined): string {
  if (opcode === undefined) return 'N/A'
  return OPCODES[opcode] ?? String(opcode)
}

/** Names of the standard keyword bits set in `keywords` (`0x80000000000000` → `['Classic']`). */
export function keywordNames(keywords: string | undefined): string[] {
  if (keywords === undefined || !/^0x[0-9a-f]+$/i.test(keywords.trim())) return []
  const bits = BigInt(keywords.trim())
  return KEYWORDS.filter(([mask]) => (bits & mask) !== 0n).map(([, name]) => name)
}

/** The account name of a well-known SID, or undefined (other SIDs need the machine's or domain's database). */
export function wellKnownAccount(sid: string | undefined): string | undefined {
  return sid === undefined ? undefined : ACCOUNTS[sid.toUpperCase()]
}

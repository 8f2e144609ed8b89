/**
 * All PowerShell quoting lives here. Nothing else in src/remediation builds PowerShell text from
 * data: the script templates are written with the `ps` tag below, which only accepts `PsCode`,
 * and `PsCode` is only made here, by functions that either embed a value inertly or prove it
 * matches a strict pattern.
 *
 * The rules (PowerShell about_Quoting_Rules):
 * - A single-quoted (verbatim) string has exactly one special character, the single quote, which
 *   is escaped by doubling it. PowerShell also treats the typographic single quotes U+2018-U+201B
 *   as single quotes, so those are doubled too.
 * - Text from an event log never goes into a literal as itself. It is embedded as base64 of its
 *   UTF-16LE code units and decoded when the script runs, so the literal holds only
 *   [A-Za-z0-9+/=]: no quote, no `$`, no backtick, no newline, whatever the log held.
 * - Comments that show log text use `commentText`, which keeps a short list of plain characters
 *   and writes every other code unit as {U+XXXX}: no newline can end the comment early and no
 *   quote, `$`, `#`, `<` or `>` reaches the script.
 * - The generated script is ASCII only (checked by `assertAscii`), so typographic quotes, dashes
 *   and spaces, which PowerShell reads as syntax, cannot appear in it at all.
 */

declare const psCodeBrand: unique symbol

/** A piece of PowerShell source that is safe to paste as it is. Only this module makes one. */
export interface PsCode {
  readonly [psCodeBrand]: true
  readonly text: string
}

function code(text: string): PsCode {
  return { text } as PsCode
}

/** Characters PowerShell reads as a single quote (about_Quoting_Rules). */
const SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g

/**
 * A template tag for trusted script text. Interpolations must be `PsCode` (made by this module)
 * or arrays of it (joined with newlines); a plain string is a type error, and at run time too.
 * Backslashes are kept as written (the raw template text), which suits registry paths.
 */
export function ps(strings: TemplateStringsArray, ...values: readonly (PsCode | readonly PsCode[])[]): PsCode {
  let out = strings.raw[0] ?? ''
  values.forEach((value, i) => {
    if (Array.isArray(value)) out += value.map((v) => expectCode(v).text).join('\n')
    else out += expectCode(value as PsCode).text
    out += strings.raw[i + 1] ?? ''
  })
  return code(out)
}

function expectCode(value: unknown): PsCode {
  if (typeof value === 'object' && value !== null && typeof (value as PsCode).text === 'string' && !(value instanceof String)) {
    return value as PsCode
  }
  throw new TypeError(`ps\`\`: interpolations must be PsCode, got ${typeof value}`)
}

/** Joins pieces of trusted code with `separator` (newline by default). */
export function psJoin(parts: readonly PsCode[], separator = '\n'): PsCode {
  return code(parts.map((p) => p.text).join(separator))
}

/** Indents every non-empty line of `body` by `spaces`. */
export function psIndent(body: PsCode, spaces = 4): PsCode {
  const pad = ' '.repeat(spaces)
  return code(
    body.text
      .split('\n')
      .map((line) => (line === '' ? line : pad + line))
      .join('\n'),
  )
}

/**
 * A single-quoted PowerShell literal of a string the tool itself wrote (a path, a message).
 * Every character PowerShell takes for a single quote is doubled. Log text does not go here:
 * use `psLogString`.
 */
export function psLiteral(value: string): PsCode {
  return code(`'${value.replace(SINGLE_QUOTES, (q) => q + q)}'`)
}

/** A PowerShell integer literal. */
export function psInt(value: number): PsCode {
  if (!Number.isSafeInteger(value)) throw new RangeError(`psInt: not a safe integer: ${value}`)
  return code(String(value))
}

/** `$true` or `$false`. */
export function psBool(value: boolean): PsCode {
  return code(value ? '$true' : '$false')
}

/** A variable reference; the name must be a plain identifier. */
export function psVar(name: string): PsCode {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RangeError(`psVar: not a plain variable name: ${JSON.stringify(name)}`)
  return code(`$${name}`)
}

/** A function or command name the tool chose: letters and digits, in dash-separated words. */
export function psIdentifier(name: string): PsCode {
  if (!/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/.test(name)) throw new RangeError(`psIdentifier: not a plain name: ${JSON.stringify(name)}`)
  return code(name)
}

/** Base64 of the UTF-16LE code units of `value`, lone surrogates included (no replacement). */
export function utf16leBase64(value: string): string {
  const bytes = new Uint8Array(value.length * 2)
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i)
    bytes[2 * i] = unit & 0xff
    bytes[2 * i + 1] = unit >> 8
  }
  return base64(bytes)
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Standard base64 with padding (platform-neutral: no Buffer, no btoa). */
function base64(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number
    const b = bytes[i + 1]
    const c = bytes[i + 2]
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += B64[n >> 18] as string
    out += B64[(n >> 12) & 63] as string
    out += b === undefined ? '=' : (B64[(n >> 6) & 63] as string)
    out += c === undefined ? '=' : (B64[n & 63] as string)
  }
  return out
}

/** Longest log text embedded in a script, in UTF-16 code units; longer text is cut. */
export const MAX_EMBEDDED_LENGTH = 1024

/** What `psLogString` embeds for `value`: the value itself, or its first code units and a mark. */
export function embeddedForm(value: string): string {
  return value.length <= MAX_EMBEDDED_LENGTH ? value : `${value.slice(0, MAX_EMBEDDED_LENGTH)} [cut: ${value.length} code units in the log]`
}

/**
 * An expression that evaluates, when the script runs, to the log-derived `value` (cut to
 * MAX_EMBEDDED_LENGTH). The literal holds base64 only.
 */
export function psLogString(value: string): PsCode {
  const b64 = utf16leBase64(embeddedForm(value))
  return code(`[Text.Encoding]::Unicode.GetString([Convert]::FromBase64String('${b64}'))`)
}

/** A certificate thumbprint as the script writes it: exactly 40 hex digits, upper case. */
export function validThumbprint(value: string): string | undefined {
  return /^[0-9A-Fa-f]{40}$/.test(value) ? value.toUpperCase() : undefined
}

/** A thumbprint literal, or undefined when `value` is not exactly 40 hex digits. */
export function psThumbprint(value: string): PsCode | undefined {
  const t = validThumbprint(value)
  return t === undefined ? undefined : code(`'${t}'`)
}

/** The SCHANNEL protocol names a script may name (the registry key names under Protocols). */
export const TLS_PROTOCOLS = ['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'] as const
export type TlsProtocol = (typeof TLS_PROTOCOLS)[number]

/** The protocol named by `value` (exactly one of TLS_PROTOCOLS), or undefined. */
export function validTlsProtocol(value: string): TlsProtocol | undefined {
  return (TLS_PROTOCOLS as readonly string[]).includes(value) ? (value as TlsProtocol) : undefined
}

/** A protocol literal, or undefined when `value` is not one of TLS_PROTOCOLS. */
export function psTlsProtocol(value: string): PsCode | undefined {
  const p = validTlsProtocol(value)
  return p === undefined ? undefined : code(`'${p}'`)
}

/** A drive letter literal ('F'), or undefined when `value` is not one ASCII letter. */
export function psDriveLetter(value: string): PsCode | undefined {
  return /^[A-Za-z]$/.test(value) ? code(`'${value.toUpperCase()}'`) : undefined
}

/**
 * Characters shown as themselves in a comment; everything else becomes {U+XXXX}. `!` is for the
 * logs read from a ZIP archive (`CaseLogs.zip!/System.evtx`); none of these means anything in a
 * PowerShell line comment.
 */
const COMMENT_PLAIN = /^[A-Za-z0-9 .,:_/\\()[\]@%=+!-]$/

/** Longest log text shown in one comment, in code units of the source text. */
export const MAX_COMMENT_VALUE_LENGTH = 160

/**
 * Log text made safe and readable for a `#` comment: plain characters as they are, every other
 * UTF-16 code unit as {U+XXXX} (a non-BMP character becomes its code point, a lone surrogate its
 * own unit), cut after MAX_COMMENT_VALUE_LENGTH code units.
 */
export function commentText(value: string, max = MAX_COMMENT_VALUE_LENGTH): string {
  const cut = value.length > max
  const shown = plainComment(cut ? value.slice(0, max) : value)
  return cut ? `${shown}... (${value.length} code units)` : shown
}

/**
 * A file path for a comment, as {@link commentText} shows text, but a long one keeps its end
 * (the log's file name), not its start: `...Logs/System.evtx (212 code units)`.
 */
export function commentPath(value: string, max = MAX_COMMENT_VALUE_LENGTH): string {
  if (value.length <= max) return plainComment(value)
  return `...${plainComment(value.slice(value.length - max))} (${value.length} code units)`
}

/** Every character of `source` as {@link commentText} shows it, nothing cut. */
function plainComment(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const unit = source.charCodeAt(i)
    const ch = source[i] as string
    if (COMMENT_PLAIN.test(ch)) {
      out += ch
      continue
    }
    const next = source.charCodeAt(i + 1)
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += `{U+${((unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000).toString(16).toUpperCase()}}`
      i++
      continue
    }
    out += `{U+${unit.toString(16).toUpperCase().padStart(4, '0')}}`
  }
  return out
}

/** Comment lines: each line is `# ` plus text that the caller built from `commentText` or constants. */
export function psComment(lines: readonly string[]): PsCode {
  return code(
    lines
      .map((line) => {
        if (/[\r\n\u0085\u2028\u2029]/.test(line)) throw new RangeError('psComment: a comment line cannot hold a line break')
        return line === '' ? '#' : `# ${line}`
      })
      .join('\n'),
  )
}

/** Throws when `text` has a character outside printable ASCII, tab and newline. */
export function assertAscii(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c > 0x7e || (c < 0x20 && c !== 0x0a && c !== 0x09)) {
      throw new RangeError(`generated script has a non-ASCII or control character U+${c.toString(16).padStart(4, '0')} at offset ${i}`)
    }
  }
}

/**
 * Text from a log made safe to show to a person.
 *
 * A log is untrusted input. A value holding terminal control sequences (`ESC [2J` clears the
 * screen, OSC sequences retitle the window), backspaces, carriage returns or line breaks would,
 * printed as it is on a terminal, redraw the screen or forge lines of a report (a fake
 * `[STATUS]::SUCCESS`, a fake finding); bidirectional overrides reorder what is shown. The
 * human-readable outputs (the text and Markdown reports, `query /f:text`, notes on stderr) show
 * such characters as escapes instead: `\x1b`, `\r`, `\n`, `\u202e`. Machine formats keep the data
 * as it is (XML as Windows renders it; JSON escapes control characters itself).
 */

/**
 * C0 controls but tab, DEL, C1 controls, line and paragraph separators, and the bidirectional
 * embeddings, overrides and isolates. Not the left-to-right and right-to-left marks (U+200E,
 * U+200F): Windows writes them into formatted dates of real events ("\u200eThursday, \u200eMarch
 * 15, 2012" in the corpus), and they reorder nothing but neutral characters next to them.
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
/** The same, but line breaks (`\n`, `\r\n`) kept: a lone `\r` would still overwrite a line. */
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g

function escape(c: string): string {
  if (c === '\n') return '\\n'
  if (c === '\r') return '\\r'
  const code = c.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/** `text` with every character that could move the cursor or reorder the line shown as an escape; with `keepLines`, line breaks stay. */
export function visibleText(text: string, keepLines = false): string {
  return text.replace(keepLines ? UNSAFE_KEEP_LINES : UNSAFE, escape)
}

/** A deep copy of `value` (plain data: objects, arrays, strings, numbers) with every string passed through {@link visibleText}. */
export function forDisplay<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T
  if (Array.isArray(value)) return value.map((v) => forDisplay(v)) as T
  // fromEntries defines keys: a log's field named `__proto__` stays a key, not the copy's prototype.
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [visibleText(k), forDisplay(v)])) as T
  return value
}

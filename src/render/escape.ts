/**
 * XML escaping as Windows does it: `&`, `<` and `>` in element text (quotes stay raw, verified
 * against Windows' own exports); attributes are single-quoted, so `'` (and `"`) are escaped too.
 */
const TEXT_RE = /[&<>]/
const ATTR_RE = /[&<>'"]/

export function escapeText(s: string): string {
  if (!TEXT_RE.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttribute(s: string): string {
  if (!ATTR_RE.test(s)) return s
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;')
}

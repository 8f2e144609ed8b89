/**
 * The terminal rendering of a report: short, scannable, in the order a person acts on it
 * (conclusion, findings with their evidence and next steps, then inputs and gaps). Colour is
 * opt-in by the caller (the CLI turns it on only for a TTY without NO_COLOR); without it the
 * output is plain ASCII-safe text suitable for goldens.
 */
import { evidenceText, eventName, factsLine, inputComputer, inputHealth, shortTime, statusLine } from './format.js'
import type { Finding, Report } from './schema.js'
import { forDisplay } from './visible.js'

export interface TextOptions {
  /** Use ANSI colours (default false). */
  readonly color?: boolean
}

interface Paint {
  bold(s: string): string
  red(s: string): string
  yellow(s: string): string
  green(s: string): string
  dim(s: string): string
}

const PLAIN: Paint = { bold: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s }
const ANSI: Paint = {
  bold: (s) => `\u001b[1m${s}\u001b[22m`,
  red: (s) => `\u001b[31m${s}\u001b[39m`,
  yellow: (s) => `\u001b[33m${s}\u001b[39m`,
  green: (s) => `\u001b[32m${s}\u001b[39m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
}

function statusPaint(p: Paint, status: string): string {
  if (status === 'current') return p.red(status)
  if (status === 'stale') return p.yellow(status)
  if (status === 'resolved') return p.green(status)
  return status
}

function finding(f: Finding, report: Report, p: Paint): string[] {
  const out = ['', p.bold(`${f.scenario}  ${f.title}`)]
  out.push(`  status      ${statusPaint(p, f.status)} (${statusLine(f, report).replace(/^\w+: /, '')})`)
  out.push(`  confidence  ${f.confidence.level}`)
  for (const r of f.confidence.reasons) out.push(p.dim(`              - ${r}`))
  out.push(`  seen        ${shortTime(f.firstSeen)} .. ${shortTime(f.lastSeen)}`)
  const facts = factsLine(f)
  if (facts !== undefined) out.push(`  facts       ${facts}`)
  const total = f.evidence.length + f.evidenceOmitted
  out.push(`  evidence    ${f.evidence.length === total ? `${total} event(s)` : `${f.evidence.length} of ${total} events`}:`)
  for (const e of f.evidence) {
    const role = e.role === 'failure' ? '' : ` [${e.role}]`
    out.push(`    ${shortTime(e.time)}  ${eventName(e)}${role}  ${e.file} #${e.recordId ?? '-'}${e.inWindow ? '' : p.dim(' (outside window)')}`)
    out.push(p.dim(`      ${evidenceText(e)}`))
  }
  for (const n of f.notes) out.push(`  note        ${n}`)
  out.push(`  cause       ${f.cause}`)
  out.push('  what to do')
  f.remediation.forEach((r, i) => out.push(`    ${i + 1}. ${r}`))
  for (const l of f.links) out.push(p.dim(`    ${l.url}`))
  return out
}

/** The report as terminal text. */
export function renderReportText(input: Report, options: TextOptions = {}): string {
  // Text from the logs (messages, names, paths) with its control characters shown as escapes.
  const report = forDisplay(input)
  const p = options.color === true ? ANSI : PLAIN
  const a = report.analysis
  const out: string[] = [p.bold('rdp-triage report'), '']
  out.push(report.conclusion.found.length > 0 ? p.red(report.conclusion.summary) : report.conclusion.summary)
  out.push('', `window  ${a.window.duration} up to ${shortTime(a.window.end)}${a.anchorSource === 'now-option' ? ' (--now)' : a.anchorSource === 'newest-record' ? ' (newest record)' : ''}`)
  for (const s of report.scenarios) {
    const status = s.status === 'absent' ? 'not found' : statusPaint(p, s.status)
    out.push(`${s.id}      ${status}${s.coverage === 'full' ? '' : p.yellow(` (${s.coverage === 'none' ? 'not checked' : 'partly checked'})`)}  ${p.dim(s.title)}`)
  }
  for (const f of report.findings) out.push(...finding(f, report, p))
  const notes = report.scenarios.flatMap((s) => s.notes.map((n) => `  ${s.id}: ${n}`))
  if (notes.length > 0) out.push('', p.bold('Notes'), ...notes)
  out.push('', p.bold('Inputs'))
  for (const i of report.inputs) {
    const health = inputHealth(i)
    const computer = i.computers.length === 0 ? '' : `  ${inputComputer(i)}`
    out.push(`  ${i.file}  ${i.channel ?? '?'}${computer}  ${i.records} records  ${i.status === 'ok' ? health : p.yellow(health)}`)
    for (const n of i.notes) out.push(p.dim(`    ${n}`))
  }
  for (const pr of report.inputProblems) out.push(p.yellow(`  ${pr.input}: ${pr.message}`))
  if (report.missingLogs.length > 0) {
    out.push('', p.bold('Missing logs'))
    for (const m of report.missingLogs) out.push(`  ${m.fileName} (${m.neededFor.join(', ')})`, p.dim(`    ${m.hint}`))
  }
  if (report.notChecked.length > 0) {
    out.push('', p.bold('Not checked'))
    for (const n of report.notChecked) out.push(`  ${n.scenario ?? 'all'}: ${n.what}`, p.dim(`    ${n.why}`))
  }
  return `${out.join('\n')}\n`
}

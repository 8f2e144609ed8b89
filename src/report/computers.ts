/**
 * Which computers the inputs come from, for the conclusion: logs of several VMs given together
 * (a folder of copies from several snapshot disks) share one window and one set of findings, so
 * the report says so instead of quietly merging them.
 *
 * A renamed host is one computer under two names, and that is the third scenario's very case: a
 * log written across the rename holds records under both names. So inputs are grouped by the
 * names their records carry, and two names are one computer when some input holds both. Names
 * compare by their first DNS label, case-insensitively (`RDCB01` and `rdcb01.contoso.local` are
 * one). Inputs whose records name no computer (unreadable, empty) take part in no group.
 */
import type { InputSummary } from '../inputs/scan.js'

export interface ComputerGroup {
  /** The names its records carry, most records first. */
  readonly names: readonly string[]
  /** The inputs whose records carry them. */
  readonly files: readonly string[]
}

/** The key two names of one computer share: the first DNS label, lowercase. */
function hostKey(name: string): string {
  return name.split('.', 1)[0]!.toLowerCase()
}

/**
 * The inputs' computers, grouped so that no input spans two groups; in the order of the inputs
 * that first name them. One group (or none) when the inputs all come from one computer.
 */
export function computerGroups(inputs: readonly InputSummary[]): ComputerGroup[] {
  // Union-find over the host keys: an input joins every key its records carry.
  const parent = new Map<string, string>()
  const root = (k: string): string => {
    let r = k
    while (parent.get(r) !== r) r = parent.get(r)!
    return r
  }
  for (const i of inputs) {
    const keys = i.computers.map((c) => hostKey(c.name))
    for (const k of keys) if (!parent.has(k)) parent.set(k, k)
    for (const k of keys.slice(1)) {
      const a = root(keys[0]!)
      const b = root(k)
      if (a !== b) parent.set(b, a)
    }
  }
  const groups = new Map<string, { records: Map<string, number>; files: string[] }>()
  for (const i of inputs) {
    if (i.computers.length === 0) continue
    const r = root(hostKey(i.computers[0]!.name))
    let g = groups.get(r)
    if (g === undefined) {
      g = { records: new Map(), files: [] }
      groups.set(r, g)
    }
    g.files.push(i.file)
    for (const c of i.computers) g.records.set(c.name, (g.records.get(c.name) ?? 0) + c.records)
  }
  return [...groups.values()].map((g) => ({
    names: [...g.records].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name),
    files: g.files,
  }))
}

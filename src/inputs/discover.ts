/**
 * Turning what the user names into log files: .evtx files, folders searched recursively, the
 * root of a mounted Windows volume, where only Windows/System32/winevt/Logs is read (found
 * case-insensitively, so a whole disk is never walked), and ZIP archives, whose `.evtx` entries
 * are read in place (src/archive; named `logs.zip!/path/System.evtx`). In-memory inputs pass
 * through.
 *
 * `node:fs` is imported only when a path is given, so the library stays usable without Node when
 * it is handed bytes. Files are listed in a stable order (sorted by path) and each real file once.
 */
import type { ZipEntry } from '../archive/zip-directory.js'
import { startsLikeZip } from '../archive/zip-signature.js'

/** One input to the analysis: a path (file, folder, volume root, ZIP archive) or a named in-memory log. */
export type AnalyzeInput = string | { readonly name: string; readonly bytes: Uint8Array }

export type InputOrigin = 'file' | 'folder' | 'volume' | 'memory' | 'archive'

/** A log inside a ZIP archive on disk: read in place, never unpacked to disk. */
export interface ArchiveMember {
  /** The archive's path. */
  readonly archive: string
  readonly entry: ZipEntry
}

/** One log file to read. */
export interface InputFile {
  /**
   * The file as reported: the path as given, or joined to the folder given; for a log in an
   * archive, the archive's path, `!/` and the entry's path inside it.
   */
  readonly display: string
  readonly source: string | Uint8Array | ArchiveMember
  readonly size: number | undefined
  readonly origin: InputOrigin
  /** What discovery knows about the file that its report should say (an archive entry's name shared by others). */
  readonly note?: string
}

/** A named input that gave no log file: a missing path, a folder without .evtx files. */
export interface DiscoveryProblem {
  readonly input: string
  readonly message: string
}

export interface Discovery {
  readonly files: InputFile[]
  readonly problems: DiscoveryProblem[]
}

const LOGS_PATH = ['windows', 'system32', 'winevt', 'logs'] as const
const MAX_DEPTH = 32

type Fs = typeof import('node:fs/promises')
type PathMod = typeof import('node:path')

/** The Windows/System32/winevt/Logs folder under `root`, matched case-insensitively, or undefined. */
async function findLogsFolder(fs: Fs, path: PathMod, root: string): Promise<string | undefined> {
  let dir = root
  for (const want of LOGS_PATH) {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => [])
    const hit = entries.find((e) => e.name.toLowerCase() === want && (e.isDirectory() || e.isSymbolicLink()))
    if (hit === undefined) return undefined
    dir = path.join(dir, hit.name)
  }
  return dir
}

/**
 * Names of files that may hold logs packed or in another form (other archives, compressed logs,
 * XML exports, the older .evt, disk images): they are not read, but a folder holding no .evtx
 * file and some of these says so. ZIP archives are read (their .evtx entries).
 */
const PACKED = /\.(7z|rar|cab|tar|tgz|gz|xz|bz2|zst|evt|xml|vhdx?|vmdk)$/i
/** ZIP archives, by name in a folder walk (a file named directly is also known by its signature). */
const ZIP_NAME = /\.zip$/i
const EVTX_NAME = /\.evtx$/i

/** Most packed files a message names. */
const MAX_PACKED_NAMED = 3

/** The packed files met in a walk: the first few names and how many in all. */
interface Packed {
  readonly names: string[]
  count: number
}

/** What a folder walk met besides logs: packed files, and subfolders it could not list. */
interface Walk {
  readonly packed: Packed
  /** The first subfolders that could not be listed, with why (the walk went on past them), and how many in all. */
  readonly unlisted: { readonly messages: string[]; count: number }
}

/** Most unlistable subfolders named, each in its own problem. */
const MAX_UNLISTED_NAMED = 10

/**
 * Whether a symbolic link met in a walk leads to a regular file. One to a pipe or a device
 * (`/dev/zero`) is passed over as a pipe in the folder is: reading it could wait or run forever.
 * One whose target cannot be looked at is kept, and its read says why it fails.
 */
async function linksToFile(fs: Fs, link: string): Promise<boolean> {
  const target = await fs.stat(link).catch(() => undefined)
  return target === undefined || target.isFile()
}

/**
 * The `.evtx` files and ZIP archives under `dir`; packed files met (see {@link PACKED}) are counted
 * in `walk`, and a subfolder that cannot be listed is named there while the walk goes on.
 * @throws when `dir` itself cannot be listed
 */
async function listEvtx(fs: Fs, path: PathMod, dir: string, recursive: boolean, walk: Walk, depth = 0): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const out: string[] = []
  for (const e of entries) {
    const full = path.join(dir, e.name)
    if (e.isDirectory()) {
      // Symbolic links to folders are not followed: they can loop.
      if (!recursive || depth >= MAX_DEPTH) continue
      const below = await listEvtx(fs, path, full, true, walk, depth + 1).catch((error: Error) => error)
      if (!(below instanceof Error)) out.push(...below)
      else if (walk.unlisted.count++ < MAX_UNLISTED_NAMED) walk.unlisted.messages.push(`cannot list ${full}: ${below.message}`)
    } else if ((EVTX_NAME.test(e.name) || ZIP_NAME.test(e.name)) && (e.isFile() || (e.isSymbolicLink() && (await linksToFile(fs, full))))) {
      out.push(full)
    } else if (PACKED.test(e.name)) {
      const { packed } = walk
      if (packed.count++ < MAX_PACKED_NAMED) packed.names.push(e.name)
    }
  }
  return out
}

/** What a folder without .evtx files adds about the packed files it holds ('' when none). */
function packedNote(packed: Packed): string {
  if (packed.count === 0) return ''
  const names = [...packed.names]
  if (packed.count > MAX_PACKED_NAMED) names.push(`${packed.count - MAX_PACKED_NAMED} more`)
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return `; it holds ${listed}, which are not read as they are: extract or decompress the .evtx files they hold, or copy the logs themselves`
}

/**
 * Finds the log files named by `inputs`.
 * @param inputs - paths and in-memory logs, in any mix
 */
export async function discoverInputs(inputs: readonly AnalyzeInput[]): Promise<Discovery> {
  const files: InputFile[] = []
  const problems: DiscoveryProblem[] = []
  const seen = new Set<string>()
  const paths = inputs.filter((i): i is string => typeof i === 'string')
  const fs = paths.length > 0 ? await import('node:fs/promises') : undefined
  const path = paths.length > 0 ? await import('node:path') : undefined
  for (const input of inputs) {
    if (typeof input !== 'string') {
      files.push({ display: input.name, source: input.bytes, size: input.bytes.byteLength, origin: 'memory' })
      continue
    }
    if (fs === undefined || path === undefined) continue
    const stat = await fs.stat(input).catch((e: NodeJS.ErrnoException) => e)
    if (stat instanceof Error) {
      problems.push({ input, message: stat.code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${stat.message}` })
      continue
    }
    let found: Array<{ file: string; origin: InputOrigin }>
    if (stat.isDirectory()) {
      const logs = await findLogsFolder(fs, path, input)
      const walk: Walk = { packed: { names: [], count: 0 }, unlisted: { messages: [], count: 0 } }
      const list = await listEvtx(fs, path, logs ?? input, logs === undefined, walk).catch((e: Error) => e)
      if (list instanceof Error) {
        problems.push({ input, message: `cannot list: ${list.message}` })
        continue
      }
      const { unlisted } = walk
      for (const message of unlisted.messages) problems.push({ input, message: `${message}; the rest of the folder was read` })
      const more = unlisted.count - unlisted.messages.length
      if (more > 0) problems.push({ input, message: `${more} more ${more === 1 ? 'subfolder' : 'subfolders'} could not be listed` })
      found = list.map((file) => ({ file, origin: logs === undefined ? 'folder' : 'volume' }))
      if (found.length === 0) {
        problems.push({ input, message: `${logs === undefined ? 'no .evtx files in this folder or below it' : `no .evtx files in ${logs}`}${packedNote(walk.packed)}` })
      }
    } else {
      found = [{ file: input, origin: 'file' }]
    }
    const before = { files: files.length, problems: problems.length }
    let skipped = 0
    for (const f of found) {
      const real = await fs.realpath(f.file).catch(() => path.resolve(f.file))
      if (seen.has(real)) continue
      seen.add(real)
      const size = f.file === input ? stat.size : await fs.stat(f.file).then((s) => s.size, () => undefined)
      // Only a regular file is opened to look at its signature: a pipe read twice loses what the
      // first look took (and its writer may be gone by the second open, which then waits forever).
      if (ZIP_NAME.test(f.file) || (f.origin === 'file' && stat.isFile() && (await hasZipSignature(fs, f.file)))) {
        const listed = await listArchive(f.file, real, seen, f.origin !== 'file')
        if (listed === 'no logs') skipped++
        else {
          files.push(...listed.files)
          problems.push(...listed.problems)
        }
        continue
      }
      files.push({ display: f.file, source: f.file, size, origin: f.origin })
    }
    // A folder whose only archives hold no logs holds none either.
    if (skipped > 0 && files.length === before.files && problems.length === before.problems) {
      problems.push({ input, message: `no .evtx files in this folder or below it (${skipped === 1 ? 'its ZIP archive holds' : `its ${skipped} ZIP archives hold`} none)` })
    }
  }
  return { files, problems }
}

/** Whether a file starts as a ZIP archive does (a local header, or the end record of an empty one). */
async function hasZipSignature(fs: Fs, file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r').catch(() => undefined)
  if (handle === undefined) return false
  try {
    const bytes = new Uint8Array(4)
    const { bytesRead } = await handle.read(bytes, 0, 4, 0)
    return startsLikeZip(bytes.subarray(0, bytesRead))
  } catch {
    return false
  } finally {
    await handle.close()
  }
}

/**
 * An archive entry's path as reported: the `n`th entry of a name (a ZIP may hold several) gets
 * `#n` from the second on; a `.evtx` entry's own name never ends so, so no two are reported alike.
 */
function entryPath(name: string, n: number): string {
  return n === 1 ? name : `${name}#${n}`
}

/** The note on each of `count` entries of an archive named `name`. */
function sharedNameNote(name: string, count: number): string {
  const as = count === 2 ? `${name} and ${entryPath(name, 2)}` : `${name}, ${entryPath(name, 2)} … ${entryPath(name, count)}`
  return `one of ${count} entries named ${name} in the archive, each read (as ${as}); a tool that extracts the archive keeps only one of them`
}

/**
 * The `.evtx` entries of a ZIP archive as inputs (each entry once), and what could not be
 * listed: an archive whose directory cannot be read, damaged entries, entries that overlap
 * another (src/archive/zip-overlap.ts), one without logs. An archive met in a folder that reads
 * whole and holds neither logs nor packed files is `'no logs'`: it is skipped as the folder's
 * other files are (a stray archive of tools or documents is no problem of the evidence).
 */
async function listArchive(file: string, real: string, seen: Set<string>, inFolder: boolean): Promise<Discovery | 'no logs'> {
  const { openArchive } = await import('../archive/file-access.js')
  const { listZipEntries } = await import('../archive/zip-listing.js')
  const files: InputFile[] = []
  const problems: DiscoveryProblem[] = []
  let archive: Awaited<ReturnType<typeof openArchive>> | undefined
  try {
    archive = await openArchive(file)
    const directory = await listZipEntries(archive)
    const packed: Packed = { names: [], count: 0 }
    const logs: ZipEntry[] = []
    for (const entry of directory.entries) {
      const base = entry.name.slice(entry.name.lastIndexOf('/') + 1)
      if (EVTX_NAME.test(base)) logs.push(entry)
      else if (PACKED.test(base) || ZIP_NAME.test(base)) {
        if (packed.count++ < MAX_PACKED_NAMED) packed.names.push(base)
      }
    }
    // Entries that share bytes would inflate them once each (a zip bomb): only one is read.
    const { refuseOverlaps } = await import('../archive/zip-overlap.js')
    const checked = await refuseOverlaps(archive, logs)
    const named = new Map<string, number>()
    for (const entry of checked.kept) named.set(entry.name, (named.get(entry.name) ?? 0) + 1)
    const nth = new Map<string, number>()
    for (const entry of checked.kept) {
      const key = `${real}!${entry.localHeaderOffset}`
      if (seen.has(key)) continue
      seen.add(key)
      const n = (nth.get(entry.name) ?? 0) + 1
      nth.set(entry.name, n)
      const all = named.get(entry.name) ?? 1
      // A salvaged entry whose sizes followed its data has no known size.
      const size = entry.unchecked === true ? undefined : entry.size
      files.push({ display: `${file}!/${entryPath(entry.name, n)}`, source: { archive: file, entry }, size, origin: 'archive', ...(all > 1 ? { note: sharedNameNote(entry.name, all) } : {}) })
    }
    for (const message of directory.problems) problems.push({ input: file, message: `damaged ZIP archive: ${message}` })
    for (const message of checked.problems) problems.push({ input: file, message })
    if (directory.entriesLeftOut > 0) problems.push({ input: file, message: `${directory.entriesLeftOut} ${directory.entriesLeftOut === 1 ? 'entry' : 'entries'} past the first ${directory.entries.length} were not listed` })
    if (files.length === 0) {
      if (inFolder && packed.count === 0 && problems.length === 0 && logs.length === 0) return 'no logs'
      problems.push({ input: file, message: `no .evtx entries in this ZIP archive${packedNote(packed)}` })
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    problems.push({ input: file, message: `cannot read as a ZIP archive: ${message}` })
  } finally {
    await archive?.close()
  }
  return { files, problems }
}

/**
 * The entries of a ZIP archive: from its central directory (zip-directory.ts), else from its
 * local headers (zip-salvage.ts), with a problem saying so: when the archive has no end record (a
 * copy cut short), when its directory cannot be read, and when the directory is damaged and the
 * local headers give more entries than it does.
 */
import { type RandomAccess, readZipDirectory, type ZipDirectory, ZipError } from './zip-directory.js'
import { salvageLocalHeaders } from './zip-salvage.js'

/** The salvaged listing, its first problem saying why it was salvaged (and, for a cut archive, what the cut entry gives). */
function salvagedBecause(salvaged: ZipDirectory, why: string, cut = false): ZipDirectory {
  const n = salvaged.entries.length
  const found = n === 1 ? '1 entry found from its local header' : `${n} entries found from their local headers`
  return { ...salvaged, problems: [`${why}: ${found}${cut ? '; an entry the cut falls in is read up to it' : ''}`, ...salvaged.problems] }
}

/**
 * Lists an archive's entries, salvaging them from the local headers when its directory is lost or
 * damaged.
 * @throws {ZipError} for a split archive, and when neither the directory nor the local headers
 *   give an entry (not a ZIP archive, or one too damaged)
 */
export async function listZipEntries(file: RandomAccess): Promise<ZipDirectory> {
  let listed: ZipDirectory
  try {
    listed = await readZipDirectory(file)
  } catch (error) {
    if (!(error instanceof ZipError) || error.kind === 'split') throw error
    const salvaged = await salvageLocalHeaders(file)
    if (salvaged.entries.length === 0) throw error
    if (error.kind === 'no-end-record') return salvagedBecause(salvaged, 'no central directory (a copy cut short loses the directory at its end)', true)
    return salvagedBecause(salvaged, `the central directory cannot be read (${error.message})`)
  }
  if (listed.problems.length === 0) return listed
  // A damaged directory: the local headers may still lead to every entry.
  const salvaged = await salvageLocalHeaders(file)
  if (salvaged.entries.length <= listed.entries.length) return listed
  return salvagedBecause(salvaged, `the central directory is damaged (${listed.problems[0]})`)
}

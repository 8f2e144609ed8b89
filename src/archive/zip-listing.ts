/**
 * The entries of a ZIP archive: from its central directory (zip-directory.ts), else, when the
 * archive has no end record (a copy cut short), from its local headers (zip-salvage.ts), with a
 * problem saying so.
 */
import { type RandomAccess, readZipDirectory, type ZipDirectory, ZipError } from './zip-directory.js'
import { salvageLocalHeaders } from './zip-salvage.js'

/**
 * Lists an archive's entries, salvaging them from the local headers when its directory is lost.
 * @throws {ZipError} when neither gives an entry (not a ZIP archive) or the directory is unusable
 */
export async function listZipEntries(file: RandomAccess): Promise<ZipDirectory> {
  try {
    return await readZipDirectory(file)
  } catch (error) {
    if (!(error instanceof ZipError) || !error.noEndRecord) throw error
    const salvaged = await salvageLocalHeaders(file)
    if (salvaged.entries.length === 0) throw error
    const found = `${salvaged.entries.length} ${salvaged.entries.length === 1 ? 'entry' : 'entries'}`
    return {
      ...salvaged,
      problems: [
        `no central directory (a copy cut short loses the directory at its end): ${found} found from their local headers; an entry the cut falls in is read up to it`,
        ...salvaged.problems,
      ],
    }
  }
}

/**
 * A large synthetic System log for benchmarks, built with the EVTX writer from the same
 * Windows-shaped templates as the samples: a busy server's mix of service start/stop events,
 * start-type changes, time changes, uptime reports, boots, and now and then a burst of the RDP
 * certificate failure (RCM 1058 + Schannel 36870) so that `analyze` has work to do. Written chunk
 * by chunk, so generating hundreds of MB needs little memory. Deterministic for a given seed.
 */
import { closeSync, openSync, writeSync } from 'node:fs'
import { ChunkWriter, encodeFileHeader, type WriterRecord } from '../src/writer/index.js'
import * as E from '../src/writer/templates/index.js'
import { SERVICES } from '../scripts/samples/background.js'
import { mulberry32 } from '../scripts/samples/log-builder.js'

// A busy server also logs the Remote Desktop helper services starting and stopping.
const BUSY_SERVICES: ReadonlyArray<[string, string]> = [
  ...SERVICES,
  ['Remote Desktop Services UserMode Port Redirector', 'UmRdpService'],
  ['Remote Desktop Configuration', 'SessionEnv'],
]

const TICK = 10_000_000n

/** Writes about `targetBytes` of System log to `path`; returns what it wrote. */
export function writeSyntheticSystemLog(path: string, targetBytes: number, seed = 7): { records: number; bytes: number; chunks: number } {
  const r = mulberry32(seed)
  const target = { computer: 'rdsh01.contoso.local', channel: 'System' }
  const fd = openSync(path, 'w')
  let time = 134_060_000_000_000_000n // 2025-10-28
  let recordId = 1
  let chunks = 0
  let bytes = 4096
  writeSync(fd, new Uint8Array(4096), 0, 4096, 0)
  let writer = new ChunkWriter()
  const caller = { layout: 'newer', callerProcessId: 1184, callerProcessImageName: 'C:\\Windows\\System32\\svchost.exe' } as const
  const next = (): WriterRecord => {
    time += BigInt(Math.floor(r() * 4000 + 200)) * 10_000n
    const ctx = { target, recordId: recordId++, time, processId: 652, threadId: 4 * (100 + Math.floor(r() * 2400)) }
    const x = r()
    const [display, short] = BUSY_SERVICES[Math.floor(r() * BUSY_SERVICES.length)] as [string, string]
    if (x < 0.6) return E.scm7036(ctx, display, short, r() < 0.5)
    if (x < 0.7) return E.scm7040(ctx, display, 'auto start', 'demand start', short)
    if (x < 0.78) return E.kernelGeneral1({ ...ctx, processId: 1344 }, time + BigInt(Math.floor(r() * 4e6)), time, '\\Device\\HarddiskVolume4\\Windows\\System32\\svchost.exe', 1344)
    if (x < 0.84) return E.timeService37({ ...ctx, processId: 1344 }, 'VM IC Time Synchronization Provider')
    if (x < 0.88) return E.eventLog6013({ ...ctx, processId: 0 }, Number(time / TICK) % 864000)
    if (x < 0.9) return E.kernelGeneral12({ ...ctx, processId: 4 }, 20348, time)
    if (x < 0.93) return E.rcm1058({ ...ctx, processId: 1184 }, 'Access is denied.')
    if (x < 0.97) return E.schannel36870({ ...ctx, processId: 668 }, caller, 'server', 0x8009030d, 10001)
    return E.schannel36871({ ...ctx, processId: 668 }, caller, 'client', 10013)
  }
  let pending = next()
  while (bytes < targetBytes) {
    if (writer.tryAdd(pending)) {
      pending = next()
      continue
    }
    const { bytes: chunk } = writer.finish()
    writeSync(fd, chunk, 0, chunk.length, bytes)
    bytes += chunk.length
    chunks++
    writer = new ChunkWriter()
  }
  const header = encodeFileHeader({ firstChunkNumber: 0, lastChunkNumber: chunks - 1, nextRecordId: recordId - 1, minorVersion: 2, chunkCount: chunks, flags: 0 })
  writeSync(fd, header, 0, header.length, 0)
  closeSync(fd)
  return { records: recordId - 2, bytes, chunks }
}

/**
 * Log files and channels: the channel a file name stands for (Windows writes `/` as `%4`), and
 * the logs the scenarios read, with where to find each one when it is missing.
 */

/**
 * An automatic backup of a full log ("Back up log automatically when full"): Windows renames it
 * `Archive-<log file name>-YYYY-MM-DD-hh-mm-ss-nnn.evtx` (UTC) in the same folder.
 */
const ARCHIVE = /^Archive-(.+)-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}$/i

/**
 * The channel a log file's name stands for: `Microsoft-Windows-X%4Operational.evtx` →
 * `Microsoft-Windows-X/Operational` (`System.evtx#2`, a second entry of that name in an archive,
 * → `System`); an automatic backup stands for the log it was backed up from
 * (`Archive-System-2026-11-20-14-00-00-123.evtx` → `System`).
 */
export function channelFromFileName(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.evtx(#\d+)?$/i, '')
  return (ARCHIVE.exec(base)?.[1] ?? base).replace(/%4/g, '/')
}

/** The file name Windows gives a channel's log: `/` becomes `%4`. */
export function fileNameForChannel(channel: string): string {
  return `${channel.replace(/\//g, '%4')}.evtx`
}

const LOGS_FOLDER = 'Windows\\System32\\winevt\\Logs'

/** Where each log the built-in scenarios read lives, and what to do when it is missing (lowercase channel → hint). */
const HINTS: Readonly<Record<string, string>> = {
  system: `System.evtx is in ${LOGS_FOLDER} on the VM's OS disk (for example F:\\${LOGS_FOLDER} when the disk is attached to a rescue VM); every log collection copies it.`,
  'microsoft-windows-terminalservices-remoteconnectionmanager/operational': `In ${LOGS_FOLDER} on the OS disk. Its connection events (261) raise the confidence of scenario 2; RCM 1056-1058 may also be written here as well as in System.`,
  'microsoft-windows-terminalservices-remoteconnectionmanager/admin': `In ${LOGS_FOLDER} on the OS disk; RCM certificate events may also be written here as well as in System.`,
  'microsoft-windows-terminalservices-sessionbroker/operational': `In ${LOGS_FOLDER} on the OS disk, only on a VM with the RD Connection Broker role. Microsoft's standard disk log collection (az vm repair / win-collect-attached-disk-logs) does NOT copy this file: copy it by hand. Without it, SessionBroker 2056 (scenario 3) cannot be checked.`,
  'microsoft-windows-terminalservices-sessionbroker-client/operational': `In ${LOGS_FOLDER} on the OS disk, on a VM that is part of an RD deployment (RD Connection Broker or session host).`,
}

/** Where a channel's log lives and how to get it (a generic hint for channels without one). */
export function hintForChannel(channel: string): string {
  return HINTS[channel.toLowerCase()] ?? `Look for ${fileNameForChannel(channel)} in ${LOGS_FOLDER} on the VM's OS disk.`
}

/**
 * Templates modelled on Windows' own: the System envelope, payload layouts, and builders for the
 * RDP scenario events and ordinary System-log activity. See docs/samples.md.
 */
export * from './envelope.js'
export * from './payload.js'
export * from './event.js'
export * from './providers.js'
export * from './rdp-events.js'
export * from './background-events.js'

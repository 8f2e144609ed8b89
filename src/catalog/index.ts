/**
 * The built-in catalog of the events the RDP scenarios involve: message texts, providers and
 * their channels, and the standard display names Windows uses.
 */
export { insertionStrings, type InsertionStrings } from './insertion-strings.js'
export { findMessage, formatMessage, MESSAGES, type MessageEntry, missingDescription, renderMessage } from './messages.js'
export { KNOWN_PROVIDERS, type KnownProvider, knownProvider, taskName } from './providers.js'
export { keywordNames, levelName, opcodeName, wellKnownAccount } from './standard-names.js'

/**
 * Messages of the events the analyzer reports, from the one built-in catalog (src/catalog): an
 * .evtx file carries no message text (Event Viewer takes it from the provider's message DLL), so
 * reports on Linux would otherwise show bare fields. This module only turns a normalized event
 * into the catalog's insertion strings: named Data fields, then unnamed Data in order, then the
 * UserData fields, each with its name where it has one. Matching never uses these texts.
 */
import { findMessage, renderMessage as renderCatalogMessage } from '../catalog/messages.js'
import type { EventLike } from '../model/event.js'

function insertionStrings(event: EventLike): { values: string[]; names: Array<string | undefined> } {
  const values: string[] = []
  const names: Array<string | undefined> = []
  for (const [name, value] of Object.entries(event.data ?? {})) {
    values.push(value)
    names.push(name)
  }
  for (const value of event.unnamedData ?? []) {
    values.push(value)
    names.push(undefined)
  }
  for (const [name, value] of Object.entries(event.userData?.fields ?? {})) {
    values.push(value)
    names.push(name)
  }
  return { values, names }
}

function providerOf(event: EventLike): string | undefined {
  return event.provider ?? event.providerGuid
}

/**
 * The English message of a known event with its insertion strings (`%n` stays when the event
 * lacks that value), or undefined for events whose text the catalog does not have.
 * @param event - the event
 */
export function renderMessage(event: EventLike): string | undefined {
  const provider = providerOf(event)
  if (provider === undefined || event.eventId === undefined) return undefined
  const { values, names } = insertionStrings(event)
  return renderCatalogMessage(provider, event.eventId, values.map((v) => v.trim()), names, true)
}

/** Whether the catalog has a message for this provider and event id. */
export function hasMessage(event: EventLike): boolean {
  const provider = providerOf(event)
  if (provider === undefined || event.eventId === undefined) return false
  return findMessage(provider, event.eventId)?.text !== undefined
}

/**
 * Setting a property whose name comes from a log (an element, attribute or Data name). Plain
 * assignment treats `__proto__` as the object's prototype and silently drops the value; these
 * names are data, so such a key becomes an ordinary own property like any other.
 */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/**
 * The error a call throws, checked to be of the expected class (fails the test otherwise).
 */
export function thrown<T extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => T): T {
  try {
    fn()
  } catch (e) {
    if (e instanceof type) return e
    throw e
  }
  throw new Error(`expected ${type.name} to be thrown`)
}

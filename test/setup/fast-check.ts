/**
 * fast-check 4 generates at most about ten items for an array or string whatever its
 * `maxLength`, unless told otherwise: `fc.uint8Array({ maxLength: 200_000 })` gave 10 bytes at
 * most, so the hostile-input, CRC and value-decoding properties never saw the sizes they name.
 * With this setting an explicit `maxLength` (or `max` depth) is a real upper bound again;
 * arbitraries without one keep the small default.
 */
import fc from 'fast-check'

fc.configureGlobal({ ...fc.readConfigureGlobal(), defaultSizeToMaxWhenMaxSpecified: true })

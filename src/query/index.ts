/**
 * Event queries: the XPath subset of Windows event queries (and QueryList documents) compiled to
 * closures over parsed records, wevtutil's text layout, and hints about likely mistakes.
 */
export type { CompareOp, Expr, PathExpr, Step } from './ast.js'
export { compileQuery, type CompiledQuery } from './compile.js'
export { channelFromFileName, fileNameForChannel, parseLogPath, sameChannel } from './channels.js'
export { QueryError, QueryErrorCode } from './errors.js'
export { describeRecord, formatEventText } from './format-text.js'
export { correctQuery, describeTypo, findProviderTypos, providerNameLiterals, suggestProvider, type ProviderLiteral, type ProviderTypo } from './hints.js'
export { parseQuery } from './parser.js'
export { queryPrefilter } from './prefilter.js'
export { looksLikeQueryList, parseQueryList, type QueryList, type QueryListQuery, type Selector } from './query-list.js'
export { formatTicks, parseEventTime, ticksFromDate } from './time.js'

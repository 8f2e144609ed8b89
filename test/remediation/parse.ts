/**
 * The parser of record for generated scripts: tree-sitter with tree-sitter-powershell.
 * (Imported from its file: the package's "main" is a directory, which Node's ESM loader only
 * resolves with a deprecation warning.)
 */
import Parser from 'tree-sitter'
import PowerShell from 'tree-sitter-powershell/bindings/node/index.js'

let parser: Parser | undefined

export function parsePowerShell(source: string): Parser.Tree {
  if (parser === undefined) {
    parser = new Parser()
    parser.setLanguage(PowerShell as unknown as Parser.Language)
  }
  // The default 32 KiB buffer is too small for the longest scripts' lines and trees.
  return parser.parse(source, undefined, { bufferSize: Math.max(32 * 1024, source.length * 2 + 1024) })
}

/** ERROR and MISSING nodes, as "type line:column text" strings. */
export function syntaxProblems(tree: Parser.Tree): string[] {
  const out: string[] = []
  const walk = (n: Parser.SyntaxNode): void => {
    if (n.type === 'ERROR' || n.isMissing) out.push(`${n.isMissing ? 'MISSING ' : ''}${n.type} ${n.startPosition.row + 1}:${n.startPosition.column + 1} ${JSON.stringify(n.text.slice(0, 80))}`)
    for (const c of n.children) walk(c)
  }
  walk(tree.rootNode)
  return out
}

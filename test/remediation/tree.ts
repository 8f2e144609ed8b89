/**
 * Syntax-tree views of a generated script, for the safety tests. Everything here reads the tree
 * that tree-sitter-powershell builds, never the raw text.
 */
import type Parser from 'tree-sitter'

type Node = Parser.SyntaxNode

export function* nodes(root: Node): Generator<Node> {
  const stack: Node[] = [root]
  while (stack.length) {
    const n = stack.pop() as Node
    yield n
    for (let i = n.childCount - 1; i >= 0; i--) stack.push(n.child(i) as Node)
  }
}

/** Leaf node types whose text is data, not code: single-quoted string contents and comments. */
const INERT_LEAVES = new Set(['verbatim_string_characters', 'comment'])

/**
 * The code of a script with the data taken out: every node's type, and the text of every leaf
 * except single-quoted literals and comments. Two scripts with the same skeleton run the same
 * commands on the same code paths; only literal contents and comments can differ.
 */
export function skeleton(root: Node): string {
  // A tree cursor: walking with node objects crosses into the native binding for every child.
  const cursor = root.walk()
  const out: string[] = []
  for (;;) {
    const type = cursor.nodeType
    if (cursor.gotoFirstChild()) {
      out.push(type)
      continue
    }
    out.push(INERT_LEAVES.has(type) ? `${type}:*` : `${type}:${cursor.nodeText}`)
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return out.join('\n')
    }
  }
}

/** Single-quoted literal tokens in source order. */
export function verbatimLiterals(root: Node): Node[] {
  return root.descendantsOfType('verbatim_string_characters')
}

export function comments(root: Node): Node[] {
  return root.descendantsOfType('comment')
}

/** The value of a verbatim literal token ('it''s' is it's). ASCII scripts only, so only ' quotes. */
export function verbatimValue(token: string): string {
  if (!token.startsWith("'") || !token.endsWith("'") || token.length < 2) throw new Error(`not a verbatim literal: ${token}`)
  return token.slice(1, -1).replaceAll("''", "'")
}

/** True when `literal` is the argument of [Convert]::FromBase64String(...). */
export function isBase64Argument(literal: Node): boolean {
  let n: Node | null = literal.parent
  while (n !== null && n.type !== 'invokation_expression') n = n.parent
  if (n === null) return false
  const member = n.children.find((c) => c.type === 'member_name')
  const target = n.children[0]
  return member?.text === 'FromBase64String' && target?.type === 'type_literal' && target.text.toLowerCase() === '[convert]'
}

/** Decodes base64 of UTF-16LE into a JS string, code unit by code unit (lone surrogates kept). */
export function decodeUtf16Base64(b64: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new Error(`not base64: ${b64.slice(0, 40)}`)
  const bytes = Buffer.from(b64, 'base64')
  let out = ''
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i] as number) | ((bytes[i + 1] as number) << 8))
  return out
}

/** The name of a command node (`Remove-Item`), or its expression text for `& $x`. */
export function commandName(command: Node): string {
  return command.childForFieldName('command_name')?.text ?? ''
}

export function commandsNamed(root: Node, names: ReadonlySet<string>): Node[] {
  return [...nodes(root)].filter((n) => n.type === 'command' && names.has(commandName(n).toLowerCase()))
}

/** The name of the function a node is defined in, or undefined at script level. */
export function enclosingFunction(node: Node): string | undefined {
  for (let n = node.parent; n !== null; n = n.parent) {
    if (n.type === 'function_statement') return n.children.find((c) => c.type === 'function_name')?.text
  }
  return undefined
}

/** True when `node` sits in the script block passed as -ChangeAction to Invoke-Change. */
export function insideChangeAction(node: Node): boolean {
  for (let n = node.parent; n !== null; n = n.parent) {
    if (n.type !== 'script_block_expression') continue
    const elements = n.parent?.parent?.parent
    if (elements?.type !== 'command_elements') continue
    const command = elements.parent
    if (command?.type !== 'command' || commandName(command) !== 'Invoke-Change') continue
    // The argument right before the script block (after a separator) must be -ChangeAction.
    const kids = elements.children
    const at = kids.findIndex((k) => k.startIndex <= n.startIndex && n.endIndex <= k.endIndex)
    const parameter = kids.slice(0, at).reverse().find((k) => k.type === 'command_parameter')
    if (parameter?.text === '-ChangeAction') return true
  }
  return false
}

/** Top-level statements' text (the script's own lines, outside any function). */
export function topLevelStatements(root: Node): Node[] {
  const list = root.children.find((c) => c.type === 'statement_list')
  return list ? list.namedChildren : []
}

/**
 * The statements directly inside `node`: a script's top level, a function's body, the body of a
 * loop, try, catch or finally, or an if's first branch (never those of a script block in a
 * condition, such as `foreach ($v in @(Get-Volume | Where-Object { ... }))`).
 */
export function statementsOf(node: Node): Node[] {
  if (node.type === 'statement_list') return node.namedChildren
  const list = node.children.find((c) => c.type === 'statement_list')
  if (list !== undefined) return list.namedChildren
  const BODY = ['statement_block', 'script_block', 'script_block_body', 'catch_clause']
  const body = node.children.find((c) => BODY.includes(c.type))
  if (body !== undefined) return statementsOf(body)
  const wrapper = node.children.find((c) => c.type === 'catch_clauses')
  return wrapper === undefined ? [] : statementsOf(wrapper)
}

/** The condition text of an if, for or foreach statement: what stands between its parentheses. */
export function conditionOf(statement: Node): string {
  const open = statement.children.findIndex((c) => c.type === '(')
  const close = statement.children.findIndex((c) => c.type === ')')
  return statement.children
    .slice(open + 1, close)
    .map((c) => c.text)
    .join(' ')
}

/** The statements of an if's else branch (none when it has no else). */
export function elseStatementsOf(ifStatement: Node): Node[] {
  const clause = ifStatement.children.find((c) => c.type === 'else_clause')
  return clause ? statementsOf(clause) : []
}

/** Every function statement in a parsed script whose name passes `test`. */
export function functionsWhere(root: Node, test: (name: string) => boolean): Node[] {
  return root.descendantsOfType('function_statement').filter((f) => test(f.children.find((c) => c.type === 'function_name')?.text ?? ''))
}

/** The function named `name` in a parsed script, or throws. */
export function functionNamed(root: Node, name: string): Node {
  const found = functionsWhere(root, (n) => n === name)[0]
  if (found === undefined) throw new Error(`no function ${name}`)
  return found
}

/** Assignments `$Name = value` among `statements`, as name to value text, in order. */
export function assignmentsOf(statements: readonly Node[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const s of statements) {
    const m = /^\$([A-Za-z_][A-Za-z0-9_:]*) = ([\s\S]*)$/.exec(s.text)
    if (m && s.descendantsOfType('assignment_expression').length > 0) out.set(m[1] as string, m[2] as string)
  }
  return out
}

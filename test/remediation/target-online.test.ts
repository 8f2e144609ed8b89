/**
 * Online mode's own PowerShell (src/remediation/target-online.ts), read on the syntax tree: the
 * registry and ProgramData roots of the running Windows, and when and how the Remote Desktop
 * services are restarted (SessionEnv before TermService, a failed restart only warned about).
 */
import type Parser from 'tree-sitter'
import { describe, expect, test } from 'vitest'
import type { PsCode } from '../../src/remediation/powershell.js'
import { RESTART_RDP_SERVICES, USE_RUNNING_WINDOWS } from '../../src/remediation/target-online.js'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { assignmentsOf, commandName, conditionOf, insideChangeAction, statementsOf, topLevelStatements } from './tree.js'

type Node = Parser.SyntaxNode

function top(code: PsCode): Node[] {
  const tree = parsePowerShell(code.text)
  expect(syntaxProblems(tree)).toEqual([])
  return topLevelStatements(tree.rootNode)
}

const texts = (statements: readonly Node[]): string[] => statements.map((s) => s.text)

describe('USE_RUNNING_WINDOWS', () => {
  test("roots the registry at the running system's CurrentControlSet and SOFTWARE, and ProgramData at its own", () => {
    const set = assignmentsOf(top(USE_RUNNING_WINDOWS))
    expect(set.get('script:SystemRoot')).toBe("'Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet'")
    expect(set.get('script:SoftwareRoot')).toBe("'Registry::HKEY_LOCAL_MACHINE\\SOFTWARE'")
    expect(set.get('script:ProgramDataRoot')).toBe('$env:ProgramData')
    expect(set.get('os')).toBe('Get-CimInstance -ClassName Win32_OperatingSystem')
  })
})

describe('RESTART_RDP_SERVICES', () => {
  const statements = top(RESTART_RDP_SERVICES)
  const ifs = statements.filter((s) => s.type === 'if_statement')

  test('returns early when the restart is switched off, or when applying changed nothing', () => {
    expect(ifs.slice(0, 2).map(conditionOf)).toEqual(['-not $RestartRdpServices', '$Apply -and $script:ChangesMade -eq 0'])
    for (const early of ifs.slice(0, 2)) expect(statementsOf(early).at(-1)?.text).toBe('return')
    expect(statements.indexOf(ifs[1] as Node)).toBeLessThan(statements.findIndex((s) => s.text.startsWith('Invoke-Change')))
  })

  test('restarts SessionEnv, then TermService, with -Force inside Invoke-Change, and only warns when one fails', () => {
    const change = statements.find((s) => s.text.startsWith('Invoke-Change')) as Node
    const loop = change.descendantsOfType('foreach_statement')[0] as Node
    expect(conditionOf(loop)).toBe("$name in @('SessionEnv', 'TermService')")
    const attempt = loop.descendantsOfType('try_statement')[0] as Node
    const restart = attempt.descendantsOfType('command').filter((c) => commandName(c) === 'Restart-Service')
    expect(texts(restart)).toEqual(['Restart-Service -Name $name -Force'])
    expect(insideChangeAction(restart[0] as Node)).toBe(true)
    const handler = statementsOf(attempt.children.find((c) => c.type === 'catch_clauses') as Node)
    expect(handler.map((s) => s.text.split(' ')[0])).toEqual(['Log-Warning'])
  })

  test('after applying, shows each service state and the Remote Desktop certificates', () => {
    const report = ifs.at(-1) as Node
    expect(conditionOf(report)).toBe('$Apply')
    const body = texts(statementsOf(report))
    expect(body[0]).toMatch(/^foreach \(\$name in @\('SessionEnv', 'TermService'\)\)/)
    expect(body).toContain("$certificates = @(Get-ChildItem -LiteralPath 'Cert:\\LocalMachine\\Remote Desktop' -ErrorAction SilentlyContinue)")
  })
})

import { describe, expect, test } from 'vitest'
import { renderRemediationScript } from '../../src/remediation/index.js'
import type { RemediationEvidence, RemediationInput } from '../../src/remediation/input.js'
import { FIXTURE_REPORTS, report, S1_FINDING, S2_FINDING, S3_FINDING } from './fixtures.js'
import { parsePowerShell, syntaxProblems } from './parse.js'
import { assignmentsOf, commandName, commandsNamed, enclosingFunction, functionNamed, insideChangeAction, nodes, statementsOf, topLevelStatements, verbatimLiterals, verbatimValue } from './tree.js'

const MODES = ['online', 'offline'] as const
const cases = Object.entries(FIXTURE_REPORTS).flatMap(([name, r]) => MODES.map((mode) => ({ name, mode, r })))

function script(r: RemediationInput, mode: (typeof MODES)[number], tlsLegacy?: boolean): string {
  return renderRemediationScript(r, { mode, tlsLegacy })
}

/** Top-level assignments `$Name = value` as name to value text. */
function topLevelAssignments(source: string): Map<string, string> {
  return assignmentsOf(topLevelStatements(parsePowerShell(source).rootNode))
}

describe('every fixture script, both modes', () => {
  test.each(cases)('$name $mode parses with no ERROR or MISSING node', ({ r, mode }) => {
    expect(syntaxProblems(parsePowerShell(script(r, mode)))).toEqual([])
  })

  test.each(cases)('$name $mode is ASCII with LF line ends, and has no Param() block', ({ r, mode }) => {
    const s = script(r, mode)
    expect(s).toMatch(/^[\x09\x0a\x20-\x7e]*$/)
    expect(s.endsWith('\n')).toBe(true)
    const tree = parsePowerShell(s)
    expect(tree.rootNode.children.map((c) => c.type)).not.toContain('param_block')
    const names = [...nodes(tree.rootNode)].filter((n) => n.type === 'param_block' && enclosingFunction(n) === undefined)
    expect(names).toEqual([])
  })

  test.each(cases)('$name $mode is the same bytes every time, for equal reports', ({ r, mode }) => {
    const a = script(r, mode)
    expect(script(structuredClone(r) as RemediationInput, mode)).toBe(a)
    expect(script(r, mode)).toBe(a)
  })

  test.each(cases)('$name $mode starts strict, stops on errors, and is a dry run by default', ({ r, mode }) => {
    const s = script(r, mode)
    const top = topLevelStatements(parsePowerShell(s).rootNode).map((n) => n.text)
    expect(top.slice(0, 2)).toEqual(['Set-StrictMode -Version Latest', "$ErrorActionPreference = 'Stop'"])
    const settings = topLevelAssignments(s)
    expect(settings.get('Apply')).toBe('$false')
    expect(settings.get('Mode')).toBe(`'${mode}'`)
    expect(settings.has('WindowsDriveLetter')).toBe(mode === 'offline')
    expect(top.at(-1)).toBe('Invoke-Remediation')
    const main = statementsOf(functionNamed(parsePowerShell(s).rootNode, 'Invoke-Remediation')).map((n) => n.text)
    expect(main.at(-1)).toBe('Write-Output $STATUS_SUCCESS')
    expect(s).toContain("$STATUS_SUCCESS = '[STATUS]::SUCCESS'")
    expect(s).toContain("$STATUS_ERROR = '[STATUS]::ERROR'")
  })

  test.each(cases)('$name $mode defines every step it calls, in order', ({ r, mode }) => {
    const tree = parsePowerShell(script(r, mode))
    const defined = [...nodes(tree.rootNode)].filter((n) => n.type === 'function_statement').map((n) => n.children.find((c) => c.type === 'function_name')?.text ?? '')
    const steps = defined.filter((d) => d.startsWith('Step'))
    expect(steps.length).toBeGreaterThan(1)
    expect(steps.map((s) => s.slice(4, 6))).toEqual(steps.map((_, i) => String(i + 1).padStart(2, '0')))
    const called = [...nodes(tree.rootNode)].filter((n) => n.type === 'command' && commandName(n).startsWith('Step') && enclosingFunction(n) === 'Invoke-Remediation').map(commandName)
    expect(called).toEqual(steps)
  })

  /** Commands that change something. Each must run inside an Invoke-Change action, or in the backup/rollback machinery. */
  const MUTATING = new Set(['new-itemproperty', 'set-itemproperty', 'remove-itemproperty', 'remove-item', 'rename-item', 'restart-service', 'stop-service', 'uninstall-windowsfeature', 'install-windowsfeature', 'set-acl', 'copy-item', 'new-item'])
  const MACHINERY: Record<string, string> = {
    'Restore-RegistryValue': 'rollback',
    'Undo-Changes': 'rollback',
    'New-RegistryKey': 'creates keys, called only inside an Invoke-Change action (checked below)',
    'Restore-OfflineHiveFiles': 'rollback',
    'Complete-Offline': 'removes the dry-run scratch copies',
    'Initialize-BackupDirectory': 'creates the backup folder, only when $Apply',
    'Step02-LoadOfflineHives': 'copies hives into the backup or scratch folder',
  }

  test.each(cases)('$name $mode makes every change through Invoke-Change (so a dry run only prints it)', ({ r, mode }) => {
    const tree = parsePowerShell(script(r, mode))
    const loose = commandsNamed(tree.rootNode, MUTATING)
      .filter((c) => !insideChangeAction(c))
      .filter((c) => {
        return !((enclosingFunction(c) ?? '') in MACHINERY)
      })
      .map((c) => `${enclosingFunction(c)}: ${c.text.split('\n')[0]}`)
    expect(loose).toEqual([])
    const keyCalls = [...nodes(tree.rootNode)].filter((n) => n.type === 'command' && commandName(n) === 'New-RegistryKey')
    expect(keyCalls.length).toBeGreaterThan(0)
    expect(keyCalls.filter((n) => !insideChangeAction(n)).map((n) => n.text)).toEqual([])
    const natives = [...nodes(tree.rootNode)].filter((n) => n.type === 'command' && commandName(n) === 'Invoke-Native' && /'(takeown\.exe|icacls\.exe)'/.test(n.text))
    const ungatedAclChanges = natives.filter((n) => /\/grant|\/setowner|\/restore|takeown/.test(n.text) && !insideChangeAction(n) && enclosingFunction(n) !== 'Undo-Changes')
    expect(ungatedAclChanges.map((n) => n.text)).toEqual([])
  })
})

describe('mode differences', () => {
  test('offline never points at CurrentControlSet and loads hives under its own names', () => {
    const tree = parsePowerShell(script(FIXTURE_REPORTS.all, 'offline'))
    const values = verbatimLiterals(tree.rootNode).map((l) => verbatimValue(l.text))
    expect(values.filter((v) => v.startsWith('Registry::HKEY_LOCAL_MACHINE\\SYSTEM'))).toEqual([])
    expect(values).toContain('HKLM\\RDPTRIAGE_SYSTEM_')
    expect(values).toContain('HKLM\\RDPTRIAGE_SOFTWARE_')
    expect(values).toContain('ControlSet{0:D3}')
  })

  test('online uses CurrentControlSet and restarts the RDP services', () => {
    const s = script(FIXTURE_REPORTS.s1, 'online')
    const values = verbatimLiterals(parsePowerShell(s).rootNode).map((l) => verbatimValue(l.text))
    expect(values).toContain('Registry::HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet')
    expect(s).toContain("foreach ($name in @('SessionEnv', 'TermService'))")
    expect(s).toContain('Restart-Service -Name $name -Force')
    expect(topLevelAssignments(s).get('RestartRdpServices')).toBe('$true')
  })

  test('S3 offline says it cannot be fixed offline; online it is opt-in and two-phase', () => {
    const offline = script(FIXTURE_REPORTS.s3, 'offline')
    expect(offline).toContain('cannot be fixed offline')
    expect(offline).not.toContain('Uninstall-WindowsFeature -Name RDS-Connection-Broker |')
    const online = script(FIXTURE_REPORTS.s3, 'online')
    const settings = topLevelAssignments(online)
    expect(settings.get('ReinstallConnectionBroker')).toBe('$false')
    expect(settings.get('ConnectionBrokerPhase')).toBe("'Remove'")
    expect(online).toContain("Get-WindowsFeature -Name RDS-Connection-Broker")
    expect(online).toContain('C:\\Windows\\WID\\Data')
  })

  test('S1 settings: article grants by default, the default SDDL as the alternative, CNG folder opt-in', () => {
    for (const mode of MODES) {
      const s = script(FIXTURE_REPORTS.s1, mode)
      const settings = topLevelAssignments(s)
      expect(settings.get('FixMachineKeysAcl')).toBe('$true')
      expect(settings.get('MachineKeysAclMethod')).toBe("'AzureArticleGrant'")
      expect(settings.get('FixCngKeysAcl')).toBe('$false')
      expect(settings.get('RemoveCustomCertificateBinding')).toBe('$false')
      expect(settings.get('MachineKeysDefaultSddl')).toBe("'O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)'")
      expect(s).toContain("'/save'")
    }
    expect(script(FIXTURE_REPORTS.s1, 'offline')).toContain('INFERENCE')
    expect(script(FIXTURE_REPORTS.s1, 'online')).toContain("'Cert:\\LocalMachine\\Remote Desktop'")
  })

  test('S2: TLS 1.0/1.1 only with the explicit option', () => {
    expect(topLevelAssignments(script(FIXTURE_REPORTS.s2, 'online')).get('EnableLegacyTlsServer')).toBe('$false')
    expect(topLevelAssignments(script(FIXTURE_REPORTS.s2, 'online', true)).get('EnableLegacyTlsServer')).toBe('$true')
    const s = script(FIXTURE_REPORTS.s2, 'offline')
    expect(s).toContain("Set-RegistryDword -Path $key -Name 'DisabledByDefault' -Value 0")
    expect(s).toContain('domain Group Policy')
    expect(topLevelAssignments(s).get('EvidenceProtocols')).toBe("@(\n    'TLS 1.0'\n)")
  })
})

describe('findings to steps', () => {
  test('a stale finding keeps its steps but switches the repairs off', () => {
    const settings = topLevelAssignments(script(report([{ ...S1_FINDING, status: 'stale' }, { ...S2_FINDING, status: 'stale' }]), 'online'))
    expect(settings.get('FixMachineKeysAcl')).toBe('$false')
    expect(settings.get('RenewSelfSignedCertificate')).toBe('$false')
    expect(settings.get('EnableTls12Server')).toBe('$false')
  })

  test('a stale finding says, above each repair it switches off, why it is off', () => {
    const stale = script(report([{ ...S1_FINDING, status: 'stale' }, { ...S2_FINDING, status: 'stale' }]), 'online')
    const note = (n: string) => `# The ${n} finding is stale (not failing at the end of the logs), so this is off by default.\n`
    expect(stale).toContain(`# S2: SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1, DisabledByDefault=0.\n${note('S2')}$EnableTls12Server = $false\n`)
    expect(stale).toContain(`${note('S1')}$FixMachineKeysAcl = $false\n`)
    expect(stale).toContain(`${note('S1')}$RenewSelfSignedCertificate = $false\n`)
    expect(stale.split(note('S1'))).toHaveLength(3)
    expect(stale.split(note('S2'))).toHaveLength(2)
    const current = script(report([S1_FINDING, S2_FINDING]), 'online')
    expect(current).not.toContain('finding is stale')
  })

  test('current wins over stale for the same scenario', () => {
    const settings = topLevelAssignments(script(report([{ ...S1_FINDING, status: 'stale' }, S1_FINDING]), 'offline'))
    expect(settings.get('FixMachineKeysAcl')).toBe('$true')
  })

  test('stale wins over resolved for the same scenario, whatever their order: its steps stay, switched off', () => {
    for (const findings of [
      [{ ...S1_FINDING, status: 'resolved' as const }, { ...S1_FINDING, status: 'stale' as const }],
      [{ ...S1_FINDING, status: 'stale' as const }, { ...S1_FINDING, status: 'resolved' as const }],
    ]) {
      const s = script(report(findings), 'offline')
      expect(s).toContain('KeyFolderPermissions {')
      expect(topLevelAssignments(s).get('FixMachineKeysAcl')).toBe('$false')
    }
  })

  test('a resolved finding is listed but gets no step', () => {
    const s = script(report([{ ...S3_FINDING, status: 'resolved' }]), 'online')
    expect(s).toContain('# Findings (1):')
    expect(s).not.toContain('ConnectionBroker {')
    expect(topLevelAssignments(s).has('ReinstallConnectionBroker')).toBe(false)
  })

  test('no findings: a script that only checks', () => {
    const s = script(FIXTURE_REPORTS.none, 'offline')
    expect(s).toContain('none: the script only checks')
    expect(topLevelAssignments(s).get('ReportFindings')).toBe('@()')
  })

  test('only validated thumbprints reach the script as literals', () => {
    const good = 'A1'.repeat(20)
    const other = 'B2'.repeat(20)
    const r = report([
      {
        ...S1_FINDING,
        thumbprints: [other, `${other}0`, "'; Remove-Item C:\\ #"],
        evidence: [{ ...S1_FINDING.evidence[0]!, fields: [['Binary', good.toLowerCase()], ['Other', `${good}'`], ['Short', good.slice(1)]] }],
      },
    ])
    expect(topLevelAssignments(script(r, 'online')).get('EvidenceThumbprints')).toBe(`@(\n    '${good}'\n    '${other}'\n)`)
  })

  test('the report time appears only when the report carries one', () => {
    expect(script(FIXTURE_REPORTS.s1, 'online')).toContain('The report records no time, so this script carries no date.')
    expect(script(report([S1_FINDING], { reportTime: '2026-11-21T10:00:00Z' }), 'online')).toContain('# Logs analysed up to: 2026-11-21T10:00:00Z (from the report')
  })

  test('refuses an unknown mode, scenario or status', () => {
    expect(() => renderRemediationScript(FIXTURE_REPORTS.s1, { mode: 'both' as 'online' })).toThrow(TypeError)
    expect(() => script(report([{ ...S1_FINDING, scenario: 'S9' as 'S1' }]), 'online')).toThrow(TypeError)
    expect(() => script(report([{ ...S1_FINDING, status: 'open' as 'current' }]), 'online')).toThrow(TypeError)
    for (const eventId of ['1058\n# forged', 1058.5, Number.NaN, 2 ** 53, -(2 ** 53), Number.POSITIVE_INFINITY]) {
      const bad = report([{ ...S1_FINDING, evidence: [{ ...(S1_FINDING.evidence[0] as RemediationEvidence), eventId: eventId as number }] }])
      expect(() => script(bad, 'offline'), String(eventId)).toThrow(/^renderScript: event id [^]* is not an integer$/)
    }
    const forged = report([{ ...S1_FINDING, evidence: [{ ...(S1_FINDING.evidence[0] as RemediationEvidence), eventId: '1058\n# forged' as unknown as number }] }])
    expect(() => script(forged, 'offline')).toThrow('renderScript: event id "1058\\n# forged" is not an integer')
  })

  test('takes every safe integer as an event id, the largest too', () => {
    for (const eventId of [0, 2 ** 53 - 1, -(2 ** 53 - 1)]) {
      const r = report([{ ...S1_FINDING, evidence: [{ ...(S1_FINDING.evidence[0] as RemediationEvidence), eventId }] }])
      expect(script(r, 'offline'), String(eventId)).toContain(`event ${eventId} in System`)
    }
  })
})

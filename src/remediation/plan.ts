/**
 * Which steps a script has and what its settings default to, from the findings and the mode.
 * A scenario with a current finding gets its repair steps switched on; one with only stale
 * findings gets them switched off (the checks still run); a resolved one gets no step.
 */
import type { FindingStatus, RemediationInput, Scenario } from './input.js'
import { psBool, psLiteral, type PsCode } from './powershell.js'
import { CERTIFICATE_BINDING, KEY_FOLDER_PERMISSIONS, RENEW_CERTIFICATE_OFFLINE, RENEW_CERTIFICATE_ONLINE } from './scenario-s1.js'
import { TLS_POLICY_CHECKS, TLS_SERVER_PROTOCOLS } from './scenario-s2.js'
import { CONNECTION_BROKER_OFFLINE, CONNECTION_BROKER_ONLINE } from './scenario-s3.js'
import { COMPUTER_NAME_CHECK, OFFLINE_NEXT_STEPS } from './checks.js'
import { FIND_WINDOWS_VOLUME, LOAD_OFFLINE_HIVES } from './target-offline.js'
import { RESTART_RDP_SERVICES, USE_RUNNING_WINDOWS } from './target-online.js'

export const SCRIPT_MODES = ['online', 'offline'] as const
export type ScriptMode = (typeof SCRIPT_MODES)[number]

export interface ScriptOptions {
  readonly mode: ScriptMode
  /** Default of $EnableLegacyTlsServer: also enable TLS 1.0 and 1.1 for the server (S2). Off unless asked. */
  readonly tlsLegacy?: boolean | undefined
}

export interface Setting {
  readonly name: string
  readonly value: PsCode
  readonly comment: readonly string[]
}

export interface Step {
  /** PowerShell function name suffix, e.g. 'FindWindowsVolume'. */
  readonly name: string
  readonly title: string
  /** Checks first; a change behind a repair switch tests that switch itself, so a step run on its own honours it too. */
  readonly body: PsCode
}

export interface Plan {
  readonly settings: readonly Setting[]
  readonly steps: readonly Step[]
  /** Scenarios with a step, and whether their repair is on by default. */
  readonly scenarios: ReadonlyMap<Scenario, FindingStatus>
}

/** The most pressing status per scenario (current over stale over resolved). */
export function scenarioStatuses(input: RemediationInput): Map<Scenario, FindingStatus> {
  const rank: Record<FindingStatus, number> = { current: 3, stale: 2, resolved: 1 }
  const out = new Map<Scenario, FindingStatus>()
  for (const f of input.findings) {
    const had = out.get(f.scenario)
    if (had === undefined || rank[f.status] > rank[had]) out.set(f.scenario, f.status)
  }
  return out
}

const setting = (name: string, value: PsCode, ...comment: string[]): Setting => ({ name, value, comment })

export function buildPlan(input: RemediationInput, options: ScriptOptions): Plan {
  const { mode } = options
  const statuses = scenarioStatuses(input)
  const active = new Map([...statuses].filter(([, s]) => s !== 'resolved'))
  const on = (s: Scenario) => active.get(s) === 'current'
  const settings: Setting[] = [
    setting('Apply', psBool(false), '$false (default): dry run, prints every change and makes none. $true: make the changes.'),
    setting('BackupDirectory', psLiteral(''), 'Where each run makes its backup folder rdp-triage-backup-<time>; empty means %PUBLIC%\\Desktop.'),
    setting('StopOnComputerNameMismatch', psBool(true), 'Stop when this Windows is not the computer the logs came from.'),
  ]
  if (mode === 'offline') {
    settings.push(setting('WindowsDriveLetter', psLiteral(''), "Drive letter of the attached Windows volume, e.g. 'F'. Empty: find it (stops if several qualify)."))
  }
  const steps: Step[] =
    mode === 'offline'
      ? [
          { name: 'FindWindowsVolume', title: 'Find the attached Windows volume (not this rescue VM)', body: FIND_WINDOWS_VOLUME },
          { name: 'LoadOfflineHives', title: 'Back up and load its SYSTEM and SOFTWARE hives; pick the control set from Select\\Current', body: LOAD_OFFLINE_HIVES },
        ]
      : [{ name: 'UseRunningWindows', title: 'Use the running Windows (CurrentControlSet)', body: USE_RUNNING_WINDOWS }]
  steps.push({ name: 'CheckComputerName', title: 'Check that this is the computer the logs came from', body: COMPUTER_NAME_CHECK })

  if (active.has('S1')) {
    const note = on('S1') ? [] : ['The S1 finding is stale (not failing at the end of the logs), so this is off by default.']
    settings.push(
      setting('FixMachineKeysAcl', psBool(on('S1')), 'S1: back up, then repair the permissions of ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys.', ...note),
      setting(
        'MachineKeysAclMethod',
        psLiteral('AzureArticleGrant'),
        "S1: 'AzureArticleGrant' (Azure article: Administrators take ownership; SYSTEM and Administrators Full, NETWORK SERVICE Read,",
        "recursively) or 'DefaultSddl' (Microsoft's default for the folder only: O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)).",
      ),
      setting('FixCngKeysAcl', psBool(false), 'S1: apply the same grants to the CNG folder ProgramData\\Microsoft\\Crypto\\Keys (newer builds may keep the', 'RDP key there; the logs do not say which). Its permissions are shown either way.'),
      setting('RenewSelfSignedCertificate', psBool(on('S1')), 'S1: remove the Remote Desktop certificate so Windows makes a new self-signed one.', ...note),
      setting('RemoveCustomCertificateBinding', psBool(false), 'S1: delete RDP-Tcp\\SSLCertificateSHA1Hash so RDP falls back to the self-signed certificate.'),
    )
    steps.push(
      { name: 'KeyFolderPermissions', title: 'S1: back up and repair the MachineKeys (and CNG Keys) permissions', body: KEY_FOLDER_PERMISSIONS },
      {
        name: 'RenewSelfSignedCertificate',
        title: mode === 'online' ? 'S1: remove the Remote Desktop certificate so a new self-signed one is made' : 'S1: delete the offline Remote Desktop certificate keys (inferred from the store location)',
        body: mode === 'online' ? RENEW_CERTIFICATE_ONLINE : RENEW_CERTIFICATE_OFFLINE,
      },
      { name: 'CertificateBinding', title: 'S1: check SSLCertificateSHA1Hash (remove it only on request)', body: CERTIFICATE_BINDING },
    )
  }
  if (active.has('S2')) {
    const note = on('S2') ? [] : ['The S2 finding is stale (not failing at the end of the logs), so this is off by default.']
    settings.push(
      setting('EnableTls12Server', psBool(on('S2')), 'S2: SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1, DisabledByDefault=0.', ...note),
      setting('EnableLegacyTlsServer', psBool(options.tlsLegacy === true), 'S2: also enable TLS 1.0 and TLS 1.1 for the server (obsolete; only for clients that need them).'),
      setting('DisableFipsPolicy', psBool(false), 'S2: set Lsa\\FIPSAlgorithmPolicy\\Enabled to 0 when it is 1.'),
      setting('LowerMinEncryptionLevel', psBool(false), 'S2: set RDP-Tcp MinEncryptionLevel to 2 (client compatible) when it is 3 or 4.'),
    )
    steps.push(
      { name: 'TlsServerProtocols', title: 'S2: enable TLS 1.2 for the server (1.0/1.1 only on request)', body: TLS_SERVER_PROTOCOLS },
      { name: 'TlsPolicyChecks', title: 'S2: check FIPS, MinEncryptionLevel and the Terminal Services policy values', body: TLS_POLICY_CHECKS },
    )
  }
  if (active.has('S3')) {
    if (mode === 'online') {
      settings.push(
        setting('ReinstallConnectionBroker', psBool(false), 'S3: reinstall the RD Connection Broker role and the Windows Internal Database (always opt-in).'),
        setting('ConnectionBrokerPhase', psLiteral('Remove'), "S3: 'Remove' (back up, uninstall, restart), then 'Install' after the restart."),
      )
    }
    steps.push({
      name: 'ConnectionBroker',
      title: mode === 'online' ? 'S3: check the RD Connection Broker role; guided reinstall on request' : 'S3: cannot be fixed offline; what to do on the running VM',
      body: mode === 'online' ? CONNECTION_BROKER_ONLINE : CONNECTION_BROKER_OFFLINE,
    })
  }
  if (mode === 'online' && (active.has('S1') || active.has('S2'))) {
    settings.push(setting('RestartRdpServices', psBool(true), 'Restart SessionEnv and TermService after the changes (disconnects sessions on this VM).'))
    steps.push({ name: 'RestartRdpServices', title: 'Restart the Remote Desktop services', body: RESTART_RDP_SERVICES })
  }
  if (mode === 'offline') steps.push({ name: 'NextSteps', title: 'Say what to do next (the hives are unloaded at the end, whatever happens)', body: OFFLINE_NEXT_STEPS })
  return { settings, steps, scenarios: active }
}

// Short labels and colours for the shortfall check's per-material findings, and the labels of its
// overall outcomes (whose colours are format/state.ts's, with the states').
import type { FindingKindView, FindingView, Outcome, ShortfallDecisionView, ShortfallPolicy } from '@/api/bindings'

type Translate = (key: string, named?: Record<string, unknown>) => string
export type Severity = 'success' | 'warning' | 'danger' | 'info'

export const FINDING_KINDS: readonly FindingKindView[] = [
  'present',
  'satisfied_by_e_certificate',
  'satisfied_by_reuse',
  'missing_tolerated',
  'missing_blocking',
  'optional_missing',
  'not_applicable',
]

export const OUTCOMES: readonly Outcome[] = ['accept', 'accept_with_shortfall', 'one_time_notice', 'refuse']

const FINDING_SEVERITY: Record<FindingKindView, Severity> = {
  present: 'success',
  satisfied_by_e_certificate: 'success',
  satisfied_by_reuse: 'success',
  missing_tolerated: 'warning',
  missing_blocking: 'danger',
  optional_missing: 'info',
  not_applicable: 'info',
}

/** The el-alert an outcome is announced in, for its icon (its colour is the outcome's own): a tick for either acceptance. */
const OUTCOME_ALERT: Record<Outcome, 'success' | 'warning' | 'error'> = {
  accept: 'success',
  accept_with_shortfall: 'success',
  one_time_notice: 'warning',
  refuse: 'error',
}

/** The short label of a finding, e.g. 容缺至 2025-06-10. */
export function findingLabel(t: Translate, f: Pick<FindingView, 'finding' | 'until'>): string {
  if (f.finding === 'missing_tolerated' && !f.until) return t('finding.missing_tolerated_open')
  return t(`finding.${f.finding}`, { until: f.until ?? '' })
}

export function findingSeverity(kind: FindingKindView): Severity {
  return FINDING_SEVERITY[kind] ?? 'info'
}

export function outcomeAlertType(outcome: Outcome): 'success' | 'warning' | 'error' {
  return OUTCOME_ALERT[outcome] ?? 'warning'
}

/**
 * Whether the applicant's signature on the 容缺受理承诺书 is all that keeps the decision from 容缺受理:
 * a one-time notice only because tolerable materials are missing and the commitment is not signed.
 * The check names that reason (rule `commitment_not_signed`) on every tolerable gap it blocks, but a
 * gap in a form short of the catalog's says `wrong_form` instead: such a gap counts as one of those
 * when its material is tolerable (`policyOf`), since the check blocks all tolerable gaps for one
 * reason. Any other gap still blocking (a core material) means signing would change nothing.
 */
export function signingWouldTolerate(
  decision: Pick<ShortfallDecisionView, 'decision' | 'findings'> | null | undefined,
  policyOf: (materialCode: string) => ShortfallPolicy | undefined,
): boolean {
  if (decision?.decision !== 'one_time_notice') return false
  const blocking = decision.findings.filter((f) => f.finding === 'missing_blocking')
  return (
    blocking.some((f) => f.rule === 'commitment_not_signed') &&
    blocking.every((f) => f.rule === 'commitment_not_signed' || (f.rule === 'wrong_form' && policyOf(f.material_code) === 'tolerable'))
  )
}

/** The label key of the submit button for the decision on screen. */
export function submitLabelKey(outcome: Outcome | null | undefined): string {
  switch (outcome) {
    case 'accept_with_shortfall':
      return 'intake.submit.accept_with_shortfall'
    case 'one_time_notice':
      return 'intake.submit.one_time_notice'
    case 'refuse':
      return 'intake.submit.refuse'
    default:
      return 'intake.submit.accept'
  }
}

// The live decisions of a 一件事 bundle read for the clerk: each merged material's findings across the
// member items that ask for it (worst first), what each member still lacks, and what the submit will
// do with all of them.
import type { BundleMemberDecision, FindingKindView, MergedMaterialView, Outcome } from '@/api/bindings'
import { outcomeColour } from '@/format/state'
import { OUTCOMES, submitLabelKey } from './finding'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** Worst first: what blocks, what may follow later, what is merely absent, then what is in hand. */
const FINDING_RANK: Record<FindingKindView, number> = {
  missing_blocking: 0,
  missing_tolerated: 1,
  optional_missing: 2,
  satisfied_by_reuse: 3,
  satisfied_by_e_certificate: 4,
  present: 5,
  not_applicable: 6,
}

/** One finding of a merged material, shared by one or more member items. */
export interface MergedFinding {
  finding: FindingKindView
  until: string | null
  /** The explanation given for the first member with this finding. */
  message: string
  /** The member items with this finding, in the bundle's order. */
  items: string[]
}

/**
 * The findings of a merged material from the members that ask for it, alike ones together, worst
 * first. Empty before there is a decision.
 */
export function mergedFindings(
  members: readonly BundleMemberDecision[],
  m: Pick<MergedMaterialView, 'name' | 'service_item_codes'>,
): MergedFinding[] {
  const groups: MergedFinding[] = []
  for (const member of members) {
    if (m.service_item_codes.length > 0 && !m.service_item_codes.includes(member.service_item_code)) continue
    const f = member.decision.findings.find((x) => x.material_name === m.name)
    if (!f) continue
    const same = groups.find((g) => g.finding === f.finding && g.until === f.until)
    if (same) same.items.push(member.service_item_name)
    else groups.push({ finding: f.finding, until: f.until, message: f.message, items: [member.service_item_name] })
  }
  // Array.prototype.sort is stable: alike ranks keep the bundle's order.
  return groups.sort((a, b) => (FINDING_RANK[a.finding] ?? 9) - (FINDING_RANK[b.finding] ?? 9))
}

/** The names of a member's required materials still missing, tolerated or not. */
export function missingOf(member: Pick<BundleMemberDecision, 'decision'>): string[] {
  return member.decision.findings.filter((f) => f.finding === 'missing_blocking' || f.finding === 'missing_tolerated').map((f) => f.material_name)
}

type Decided = { decision: { decision: Outcome } }

/** How many members end in each outcome, in the order accept → refuse, leaving out the ones none does. */
export function outcomeCounts(members: readonly Decided[]): { outcome: Outcome; count: number }[] {
  return OUTCOMES.map((outcome) => ({ outcome, count: members.filter((m) => m.decision.decision === outcome).length })).filter((c) => c.count > 0)
}

/** The outcome every member shares, `mixed` when they differ; null while there is none. */
export function bundleOutcome(members: readonly Decided[]): Outcome | 'mixed' | null {
  const counts = outcomeCounts(members)
  if (counts.length === 0) return null
  return counts.length === 1 ? counts[0]!.outcome : 'mixed'
}

/** “受理3件，一次性告知1件”: the outcomes and how many members end in each. */
export function outcomeSummary(t: Translate, members: readonly Decided[]): string {
  return outcomeCounts(members)
    .map((c) => t('bundle.submit.part', { outcome: t(`outcome.${c.outcome}`), count: c.count }))
    .join(t('bundle.submit.separator'))
}

/** The submit button says what will happen: “受理（4件）” when all members share it, each part otherwise. */
export function bundleSubmitLabel(t: Translate, members: readonly Decided[]): string {
  const outcome = bundleOutcome(members)
  if (outcome === null) return t(submitLabelKey(null))
  if (outcome === 'mixed') return outcomeSummary(t, members)
  return t('bundle.submit.all', { action: t(submitLabelKey(outcome)), count: members.length })
}

/**
 * The colour of the submit: the shared outcome's; none (the plain primary) before a decision and when
 * the members differ, since no one outcome's colour would tell the truth.
 */
export function bundleColour(outcome: Outcome | 'mixed' | null): string | null {
  return outcome === null || outcome === 'mixed' ? null : outcomeColour(outcome)
}

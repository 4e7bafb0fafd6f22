import { describe, expect, it } from 'vitest'
import type { BundleMemberDecision, FindingView, Outcome, ShortfallDecisionView } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import { OUTCOME_COLOURS } from '@/format/state'
import { bundleColour, bundleOutcome, bundleSubmitLabel, mergedFindings, missingOf, outcomeCounts, outcomeSummary } from './bundleDecision'

function finding(name: string, kind: FindingView['finding'], until: string | null = null): FindingView {
  return { material_code: `M-${name}`, material_name: name, finding: kind, rule: kind, message: `${name}:${kind}`, until, source: null }
}

function member(code: string, name: string, outcome: Outcome, findings: FindingView[]): BundleMemberDecision {
  const decision: ShortfallDecisionView = {
    decision: outcome,
    findings,
    refusal: outcome === 'refuse' ? '不属于本大厅受理范围' : null,
    due: '2026-12-10',
    shortfall_supplement_due: null,
    catalog_version: 1,
    calendar_warning: null,
  }
  return { service_item_code: code, service_item_name: name, department: { code: 'D', name: '部门' }, decision }
}

const members = [
  member('A', '出生医学证明签发', 'accept', [finding('居民身份证', 'present'), finding('结婚证', 'not_applicable')]),
  member('B', '出生登记', 'one_time_notice', [finding('居民身份证', 'present'), finding('户口簿', 'missing_blocking')]),
  member('C', '医保参保登记', 'accept_with_shortfall', [
    finding('居民身份证', 'satisfied_by_reuse'),
    finding('户口簿', 'missing_tolerated', '2026-12-05'),
  ]),
  member('D', '社保卡申领', 'accept', [finding('居民身份证', 'present')]),
]

describe("a merged material's findings", () => {
  it('come from the members that ask for it, alike ones together, worst first', () => {
    const id = mergedFindings(members, { name: '居民身份证', service_item_codes: ['A', 'B', 'C'] })
    expect(id).toEqual([
      { finding: 'satisfied_by_reuse', until: null, message: '居民身份证:satisfied_by_reuse', items: ['医保参保登记'] },
      { finding: 'present', until: null, message: '居民身份证:present', items: ['出生医学证明签发', '出生登记'] },
    ])
    const book = mergedFindings(members, { name: '户口簿', service_item_codes: ['B', 'C'] })
    expect(book.map((f) => [f.finding, f.until, f.items])).toEqual([
      ['missing_blocking', null, ['出生登记']],
      ['missing_tolerated', '2026-12-05', ['医保参保登记']],
    ])
    expect(mergedFindings([], { name: '户口簿', service_item_codes: ['B'] })).toEqual([])
    expect(mergedFindings(members, { name: '不存在', service_item_codes: ['A'] })).toEqual([])
  })

  it('name what each member still lacks', () => {
    expect(missingOf(members[1]!)).toEqual(['户口簿'])
    expect(missingOf(members[2]!)).toEqual(['户口簿'])
    expect(missingOf(members[0]!)).toEqual([])
  })
})

describe('the bundle submit', () => {
  const zh = createAppI18n('zh-CN').global.t
  const en = createAppI18n('en').global.t

  it('counts the outcomes in the order accept → refuse', () => {
    expect(outcomeCounts(members)).toEqual([
      { outcome: 'accept', count: 2 },
      { outcome: 'accept_with_shortfall', count: 1 },
      { outcome: 'one_time_notice', count: 1 },
    ])
    expect(outcomeSummary(zh, members)).toBe('受理2件，容缺受理1件，一次性告知1件')
  })

  it('says what will happen to all of them', () => {
    const all = (o: Outcome) => members.map((m) => ({ decision: { ...m.decision, decision: o } }))
    expect(bundleSubmitLabel(zh, all('accept'))).toBe('受理（4件）')
    expect(bundleSubmitLabel(zh, all('one_time_notice'))).toBe('出具一次性告知书（4件）')
    expect(bundleSubmitLabel(zh, all('refuse'))).toBe('不予受理（4件）')
    const mixed = [...all('accept').slice(0, 3), { decision: { decision: 'one_time_notice' as const } }]
    expect(bundleSubmitLabel(zh, mixed)).toBe('受理3件，一次性告知1件')
    expect(bundleSubmitLabel(zh, [])).toBe('受理')
    expect(bundleSubmitLabel(en, all('accept'))).toBe('Accept (4)')
    expect(bundleSubmitLabel(en, mixed)).toBe('Accept 3, One-time notice 1')
  })

  it('is marked accept, mixed or the one outcome all members share', () => {
    expect(bundleOutcome(members)).toBe('mixed')
    expect(bundleOutcome([members[0]!, members[3]!])).toBe('accept')
    expect(bundleOutcome([members[1]!])).toBe('one_time_notice')
    expect(bundleOutcome([])).toBeNull()
    expect(bundleColour('mixed')).toBeNull()
    expect(bundleColour('accept')).toBe(OUTCOME_COLOURS.accept)
    expect(bundleColour('refuse')).toBe(OUTCOME_COLOURS.refuse)
    expect(bundleColour(null)).toBeNull()
  })
})

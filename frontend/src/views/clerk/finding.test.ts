import { describe, expect, it } from 'vitest'
import type { FindingKindView, FindingView, ShortfallPolicy } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import { FINDING_KINDS, OUTCOMES, findingLabel, findingSeverity, outcomeAlertType, signingWouldTolerate, submitLabelKey } from './finding'

const zh = createAppI18n('zh-CN').global.t as (key: string, named?: Record<string, unknown>) => string
const en = createAppI18n('en').global.t as (key: string, named?: Record<string, unknown>) => string

describe('finding labels', () => {
  it('labels every finding kind in zh-CN', () => {
    const labels = Object.fromEntries(
      FINDING_KINDS.map((finding) => [finding, findingLabel(zh, { finding, until: finding === 'missing_tolerated' ? '2025-06-10' : null })]),
    )
    expect(labels).toEqual({
      present: '已收取',
      satisfied_by_e_certificate: '电子证照',
      satisfied_by_reuse: '沿用',
      missing_tolerated: '容缺至 2025-06-10',
      missing_blocking: '缺失(须补齐)',
      optional_missing: '非必要未交',
      not_applicable: '不适用',
    })
  })

  it('covers the whole FindingKindView union', () => {
    // A new kind in bindings.ts must be added here and to the catalogs.
    const all: Record<FindingKindView, true> = {
      present: true,
      satisfied_by_reuse: true,
      satisfied_by_e_certificate: true,
      missing_tolerated: true,
      missing_blocking: true,
      optional_missing: true,
      not_applicable: true,
    }
    expect([...FINDING_KINDS].sort()).toEqual(Object.keys(all).sort())
  })

  it('labels every finding kind in en, without leftover placeholders', () => {
    for (const finding of FINDING_KINDS) {
      const label = findingLabel(en, { finding, until: '2025-06-10' })
      expect(label.length).toBeGreaterThan(0)
      expect(label).not.toMatch(/[{}]|^finding\./)
    }
    expect(findingLabel(en, { finding: 'missing_tolerated', until: '2025-06-10' })).toBe('Tolerated until 2025-06-10')
  })

  it('does not print an empty date for a tolerated material without one', () => {
    expect(findingLabel(zh, { finding: 'missing_tolerated', until: null })).toBe('容缺')
  })

  it('colours findings by severity', () => {
    expect(findingSeverity('present')).toBe('success')
    expect(findingSeverity('satisfied_by_e_certificate')).toBe('success')
    expect(findingSeverity('satisfied_by_reuse')).toBe('success')
    expect(findingSeverity('missing_tolerated')).toBe('warning')
    expect(findingSeverity('missing_blocking')).toBe('danger')
    expect(findingSeverity('optional_missing')).toBe('info')
    expect(findingSeverity('not_applicable')).toBe('info')
  })

  it('names and colours every outcome', () => {
    expect(OUTCOMES.map((o) => zh(`outcome.${o}`))).toEqual(['受理', '容缺受理', '一次性告知', '不予受理'])
    // Both acceptances are announced with a tick; their colours are their own (format/state.ts).
    expect(OUTCOMES.map(outcomeAlertType)).toEqual(['success', 'success', 'warning', 'error'])
  })
})

describe('the submit button', () => {
  it('is labelled after the decision on screen', () => {
    expect(zh(submitLabelKey('accept'))).toBe('受理')
    expect(zh(submitLabelKey('accept_with_shortfall'))).toBe('容缺受理')
    expect(zh(submitLabelKey('one_time_notice'))).toBe('出具一次性告知书')
    expect(zh(submitLabelKey('refuse'))).toBe('不予受理')
    expect(zh(submitLabelKey(null))).toBe('受理')
  })
})

describe('whether signing the commitment would allow 容缺受理', () => {
  const POLICIES: Record<string, ShortfallPolicy> = { M1: 'core', M2: 'tolerable', M3: 'tolerable' }
  const policyOf = (code: string) => POLICIES[code]

  function finding(material_code: string, finding: FindingKindView, rule: string): FindingView {
    return { material_code, material_name: material_code, finding, rule, message: '', until: null, source: null }
  }

  const present = finding('M1', 'present', 'present')
  const unsigned = finding('M2', 'missing_blocking', 'commitment_not_signed')

  it('is so when the tolerable gaps wait only for the signature', () => {
    expect(signingWouldTolerate({ decision: 'one_time_notice', findings: [present, unsigned] }, policyOf)).toBe(true)
    // A tolerable material handed in as a copy where the original is asked for is one of those gaps.
    const copy = finding('M3', 'missing_blocking', 'wrong_form')
    expect(signingWouldTolerate({ decision: 'one_time_notice', findings: [present, unsigned, copy] }, policyOf)).toBe(true)
  })

  it('is not so when a core material is missing too, or in the wrong form', () => {
    const core = finding('M1', 'missing_blocking', 'core_missing')
    expect(signingWouldTolerate({ decision: 'one_time_notice', findings: [core, unsigned] }, policyOf)).toBe(false)
    const coreCopy = finding('M1', 'missing_blocking', 'wrong_form')
    expect(signingWouldTolerate({ decision: 'one_time_notice', findings: [coreCopy, unsigned] }, policyOf)).toBe(false)
  })

  it('is not so when the gaps are blocked for another reason, or nothing is blocked', () => {
    for (const rule of ['tolerable_limit_exceeded', 'dishonest_applicant', 'broken_commitment']) {
      expect(signingWouldTolerate({ decision: 'one_time_notice', findings: [present, finding('M2', 'missing_blocking', rule)] }, policyOf)).toBe(
        false,
      )
    }
    const tolerated = finding('M2', 'missing_tolerated', 'tolerated')
    expect(signingWouldTolerate({ decision: 'accept_with_shortfall', findings: [present, tolerated] }, policyOf)).toBe(false)
    expect(signingWouldTolerate({ decision: 'accept', findings: [present] }, policyOf)).toBe(false)
    expect(signingWouldTolerate({ decision: 'refuse', findings: [unsigned] }, policyOf)).toBe(false)
    expect(signingWouldTolerate(null, policyOf)).toBe(false)
  })
})

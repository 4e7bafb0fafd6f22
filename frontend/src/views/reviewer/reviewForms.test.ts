import { describe, expect, it } from 'vitest'
import { reviewView } from '@/test/reviewFixtures'
import { correctionItems, isDialogAction, missingChoice, newRow, requestFor, startForm } from './reviewForms'

describe('review forms', () => {
  it('starts the approval with the result name, the denial with the only ground, the extension with the allowance', () => {
    const review = reviewView()
    expect(startForm('approve', review).result_name).toBe('食品经营许可证')
    expect(startForm('deny', review).ground).toBe('')
    expect(startForm('deny', reviewView({ denial_grounds: ['不符合法定条件'] })).ground).toBe('不符合法定条件')
    expect(startForm('extend', review).days).toBe(10)
    expect(startForm('request_correction', review).items.map((i) => [i.code, i.picked])).toEqual([
      ['M01', false],
      ['M02', false],
    ])
  })

  it('leaves blank optional fields out of the approval', () => {
    const form = { ...startForm('approve', reviewView()), certificate_number: 'JY14407030001', result_name: '  ' }
    expect(requestFor('approve', form)).toEqual({ action: 'approve', certificate_number: 'JY14407030001' })
    expect(requestFor('approve', { ...form, valid_until: '2031-12-01', note: '现场核查合格' })).toEqual({
      action: 'approve',
      certificate_number: 'JY14407030001',
      valid_until: '2031-12-01',
      note: '现场核查合格',
    })
  })

  it('asks a correction for the ticked materials and every named new one, each with its reason', () => {
    const form = startForm('request_correction', reviewView())
    form.items[1]!.picked = true
    form.items[1]!.reason = '复印件不清晰'
    form.items.push({ ...newRow(), name: '场地租赁合同', reason: '未提交' }, newRow())
    form.deadline = '2026-12-20'
    expect(requestFor('request_correction', form)).toEqual({
      action: 'request_correction',
      items: [
        { material_code: 'M02', reason: '复印件不清晰' },
        { name: '场地租赁合同', reason: '未提交' },
      ],
      deadline: '2026-12-20',
    })
    // An empty added row is not sent; a half-filled one is, for the backend to name what is missing.
    expect(correctionItems([{ ...newRow(), reason: '须原件' }])).toEqual([{ name: '', reason: '须原件' }])
  })

  it('sends the other moves with their fields', () => {
    const form = {
      ...startForm('start_special_procedure', reviewView()),
      procedure: 'on_site_check' as const,
      limit_days: 10,
      reason: '核查经营场所',
    }
    expect(requestFor('start_special_procedure', form)).toEqual({
      action: 'start_special_procedure',
      procedure: 'on_site_check',
      limit_days: 10,
      reason: '核查经营场所',
    })
    expect(requestFor('extend', { ...form, days: 5 })).toEqual({ action: 'extend', days: 5, reason: '核查经营场所' })
    expect(requestFor('reassign', { ...form, to: 'reviewer2' })).toEqual({ action: 'reassign', to: 'reviewer2', reason: '核查经营场所' })
    expect(requestFor('deny', { ...form, ground: '申请材料虚假' })).toEqual({ action: 'deny', ground: '申请材料虚假', reason: '核查经营场所' })
    expect(requestFor('end_special_procedure', { ...form, outcome: '合格' })).toEqual({ action: 'end_special_procedure', outcome: '合格' })
    expect(requestFor('extend_correction', { ...form, deadline: '2027-01-05' })).toEqual({
      action: 'extend_correction',
      deadline: '2027-01-05',
      reason: '核查经营场所',
    })
  })

  it('wants the kind of procedure and the reviewer chosen before sending', () => {
    const form = startForm('start_special_procedure', reviewView())
    expect(missingChoice('start_special_procedure', form)).toBe('procedure')
    expect(missingChoice('reassign', form)).toBe('to')
    expect(missingChoice('deny', form)).toBeNull()
  })

  it('opens a dialog for every move but the claim and the window’s supply', () => {
    expect(isDialogAction('approve')).toBe(true)
    expect(isDialogAction('claim')).toBe(false)
    expect(isDialogAction('submit_correction')).toBe(false)
  })
})

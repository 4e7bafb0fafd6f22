import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  reviewAction: vi.fn(),
  reviewCase: vi.fn(),
  departmentReviewers: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError, showErrorText } from '@/api/errors'
import type { ReviewView } from '@/api/bindings'
import { reviewView, summary } from '@/test/reviewFixtures'
import ReviewActionDialog from './ReviewActionDialog.vue'
import type { DialogAction } from './reviewForms'

const NUMBER = '4407030002026120200001'
let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.mocked(ipc.reviewAction).mockReset()
  vi.mocked(ipc.reviewCase).mockReset().mockResolvedValue(reviewView())
  vi.mocked(ipc.departmentReviewers)
    .mockReset()
    .mockResolvedValue([
      { username: 'reviewer', display_name: '李审批', role: 'reviewer' },
      { username: 'reviewer2', display_name: '陈审批', role: 'reviewer' },
    ])
  vi.mocked(showError).mockReset()
  vi.mocked(showErrorText).mockReset()
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function open(action: DialogAction, review: ReviewView = reviewView()) {
  wrapper = mount(ReviewActionDialog, {
    attachTo: document.body,
    props: { action: null, review },
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await wrapper.setProps({ action })
  await flushPromises()
  return wrapper
}

function $(testid: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-testid="${testid}"]`)
  if (!el) throw new Error(`no ${testid}`)
  return el
}

async function type(testid: string, value: string) {
  const el = $(testid) as HTMLInputElement
  el.value = value
  el.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function submit() {
  $('dialog-submit').click()
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
}

describe('ReviewActionDialog', () => {
  it('approves with the result name prefilled and closes with the outcome', async () => {
    const w = await open('approve')
    expect(($('input-result_name') as HTMLInputElement).value).toBe('食品经营许可证')
    vi.mocked(ipc.reviewAction).mockResolvedValue({ case: summary({ state: 'approved' }), action: 'approve', documents: ['approval-decision'] })
    await type('input-certificate_number', 'JY14407030001')
    await submit()
    expect(ipc.reviewAction).toHaveBeenCalledWith(NUMBER, { action: 'approve', result_name: '食品经营许可证', certificate_number: 'JY14407030001' })
    expect(w.emitted('done')?.[0]?.[0]).toMatchObject({ action: 'approve', documents: ['approval-decision'] })
  })

  it('focuses the field a refusal names and keeps what was typed', async () => {
    const w = await open('approve')
    await type('input-certificate_number', 'JY1')
    await type('input-note', '核查合格')
    vi.mocked(ipc.reviewAction).mockRejectedValue({ code: 'invalid_input', message: '有效期应晚于今天', field: 'valid_until' })
    await submit()
    expect(showError).toHaveBeenCalledTimes(1)
    expect(w.emitted('done')).toBeUndefined()
    const validUntil = $('input-valid_until')
    const input = validUntil.matches('input') ? validUntil : validUntil.querySelector('input')
    expect(document.activeElement).toBe(input)
    expect(($('input-certificate_number') as HTMLInputElement).value).toBe('JY1')
    expect(($('input-note') as HTMLTextAreaElement).value).toBe('核查合格')

    vi.mocked(ipc.reviewAction).mockRejectedValue({ code: 'invalid_input', message: '请填写证照编号', field: 'certificate_number' })
    await submit()
    expect(document.activeElement).toBe($('input-certificate_number'))
  })

  it('denies on a legal ground and states the remedies', async () => {
    await open('deny')
    expect($('deny-remedies').textContent).toContain('60 日内申请行政复议')
    expect($('deny-remedies').textContent).toContain('6 个月内提起行政诉讼')
    vi.mocked(ipc.reviewAction).mockRejectedValue({ code: 'invalid_input', message: '请选择不予许可的法定理由', field: 'ground' })
    await type('input-reason', '经营场所与申报不符')
    await submit()
    expect(ipc.reviewAction).toHaveBeenCalledWith(NUMBER, { action: 'deny', ground: '', reason: '经营场所与申报不符' })
    expect(document.activeElement).toBe($('input-ground').querySelector('input'))
  })

  it('asks a correction of ticked materials, and focuses the first reason still missing', async () => {
    await open('request_correction')
    $('input-item-M02').querySelector('input')!.click()
    await flushPromises()
    $('add-item').click()
    await flushPromises()
    await type('input-new-item-0-name', '场地租赁合同')
    await type('input-new-item-0-reason', '未提交')
    vi.mocked(ipc.reviewAction).mockRejectedValue({ code: 'invalid_input', message: '请填写“营业执照”的补正原因', field: 'items' })
    await submit()
    expect(ipc.reviewAction).toHaveBeenCalledWith(NUMBER, {
      action: 'request_correction',
      items: [
        { material_code: 'M02', reason: '' },
        { name: '场地租赁合同', reason: '未提交' },
      ],
      deadline: '',
    })
    expect(document.activeElement).toBe($('input-item-M02-reason'))
  })

  it('wants a reviewer chosen before reassigning, and offers only those not holding the case', async () => {
    await open('reassign')
    await submit()
    expect(ipc.reviewAction).not.toHaveBeenCalled()
    expect(showErrorText).toHaveBeenCalledWith('请选择改派给哪位审批人员')
    expect(document.activeElement).toBe($('input-to').querySelector('input'))
    $('input-to').querySelector<HTMLElement>('.el-select__wrapper')!.click()
    await flushPromises()
    const options = [...document.querySelectorAll('.el-select-dropdown__item')].map((o) => o.textContent)
    expect(options.some((o) => o?.includes('陈审批'))).toBe(true)
    expect(options.some((o) => o?.includes('李审批'))).toBe(false)
  })

  it('caps the extension at what the item allows', async () => {
    await open('extend')
    expect(document.body.textContent).toContain('本事项最多可延长 10 个工作日')
    expect(($('input-days').querySelector('input') as HTMLInputElement).value).toBe('10')
  })
})

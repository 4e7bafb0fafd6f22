import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  ...(await import('@/test/ipcMocks')).scanIpc(),
  reviewCase: vi.fn(),
  supplyCorrection: vi.fn(),
  supplyShortfall: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { reviewView, shortfallStatus, summary } from '@/test/reviewFixtures'
import { JPEG, inbox } from '@/test/scanFixtures'
import CorrectionSupplyView from './CorrectionSupplyView.vue'

const NUMBER = '4407030002026120200001'
const QR = `OW:${NUMBER}:K7Q2`
const WAITING = reviewView({
  detail: { ...reviewView().detail, summary: summary({ state: 'correction_requested', claimed_by: '李审批', claimed_by_username: 'reviewer' }) },
  actions: ['submit_correction'],
  correction: {
    items: [
      { material_code: 'M02', name: '营业执照', reason: '复印件不清晰' },
      { material_code: null, name: '场地租赁合同', reason: '未提交' },
    ],
    deadline: '2026-12-20',
    requested_by: '李审批',
  },
})

let wrapper: VueWrapper | null = null

beforeEach(() => {
  vi.mocked(ipc.reviewCase).mockReset().mockResolvedValue(WAITING)
  vi.mocked(ipc.supplyCorrection).mockReset()
  vi.mocked(ipc.supplyShortfall).mockReset()
  vi.mocked(ipc.scanInbox)
    .mockReset()
    .mockResolvedValue(inbox([JPEG]))
  vi.mocked(ipc.scanThumbnail).mockReset().mockResolvedValue(null)
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

async function mountView(initial: string | null = null) {
  wrapper = mount(CorrectionSupplyView, {
    attachTo: document.body,
    props: { initial },
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  return wrapper
}

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
}

describe('CorrectionSupplyView', () => {
  it('finds the case from the number typed, shows what was asked, takes what was brought and sends it back', async () => {
    const w = await mountView()
    const input = w.get('[data-testid="supply-case-input"]')
    expect(document.activeElement).toBe(input.element)
    await input.setValue(NUMBER)
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(ipc.reviewCase).toHaveBeenCalledWith(NUMBER)
    expect(w.get('[data-testid="supply-case"]').attributes('data-number')).toBe(NUMBER)
    const asked = w.findAll('[data-testid="supply-request-item"]')
    expect(asked.map((a) => a.text())).toEqual(['营业执照：复印件不清晰', '场地租赁合同：未提交'])
    expect(w.get('[data-testid="supply-deadline"]').text()).toBe('2026-12-20')
    expect(w.text()).toContain('须补正：复印件不清晰')
    // The focus is on the first material asked for.
    expect(document.activeElement?.closest('[data-testid="supply-material-M02"]')).not.toBeNull()

    expect(w.get('[data-testid="supply-submit"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="supply-material-M02"] input').setValue(true)
    await w.get('[data-testid="supply-inbox-attach"]').trigger('click')
    vi.mocked(ipc.supplyCorrection).mockResolvedValue({
      case: summary({ state: 'corrected', claimed_by: '李审批', claimed_by_username: 'reviewer' }),
      action: 'submit_correction',
      documents: [],
    })
    await w.get('[data-testid="supply-submit"]').trigger('click')
    await settle()
    expect(ipc.supplyCorrection).toHaveBeenCalledWith({
      case: NUMBER,
      materials: [{ material_code: 'M02', form: 'copy', copies: 1, pages: 1, scans: [JPEG.sha256] }],
    })
    const result = w.get('[data-testid="supply-result"]')
    expect(result.attributes('data-state')).toBe('corrected')
    expect(result.text()).toContain('补正材料已收取，办件已退回李审批审查')
    expect(result.text()).toContain('已补正')
    expect(document.activeElement).toBe(w.get('[data-testid="supply-next"]').element)

    await w.get('[data-testid="supply-next"]').trigger('click')
    await settle()
    expect(w.find('[data-testid="supply-case"]').exists()).toBe(false)
    expect(document.activeElement).toBe(input.element)
  })

  it('looks the case up from a QR code scanned anywhere on the screen', async () => {
    await mountView()
    ;(document.activeElement as HTMLElement | null)?.blur()
    let t = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5))
    for (const key of [...QR, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    await settle()
    expect(ipc.reviewCase).toHaveBeenCalledWith(QR)
  })

  it('focuses the case input when the code does not match, and says when the case awaits no correction', async () => {
    const w = await mountView()
    vi.mocked(ipc.reviewCase).mockResolvedValueOnce(reviewView())
    const input = w.get('[data-testid="supply-case-input"]')
    await input.setValue(NUMBER)
    await w.get('[data-testid="supply-find"]').trigger('click')
    await settle()
    expect(w.get('[data-testid="supply-cannot"]').text()).toContain('该办件当前没有待补正的材料（状态：审查中）')
    expect(w.find('[data-testid="supply-submit"]').exists()).toBe(false)

    vi.mocked(ipc.reviewCase).mockRejectedValueOnce({ code: 'invalid_input', message: '办件编号格式不正确', field: 'case' })
    await input.setValue('OW:??')
    await w.get('[data-testid="supply-find"]').trigger('click')
    await settle()
    expect(document.activeElement).toBe(input.element)
  })

  it('looks up the case it was opened for from the case screen', async () => {
    const w = await mountView(NUMBER)
    expect(ipc.reviewCase).toHaveBeenCalledWith(NUMBER)
    expect((w.get('[data-testid="supply-case-input"]').element as HTMLInputElement).value).toBe(NUMBER)
    expect(w.get('[data-testid="supply-case"]').attributes('data-number')).toBe(NUMBER)
  })

  it('takes the tolerated materials still to come as 容缺材料补交, only those, each with its date', async () => {
    const tolerated = reviewView({
      detail: { ...reviewView().detail, summary: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: '2026-12-09' }) },
      actions: ['supply_shortfall'],
      shortfall: shortfallStatus({ supplied: ['场地证明'] }),
    })
    vi.mocked(ipc.reviewCase).mockResolvedValue(tolerated)
    const w = await mountView(NUMBER)
    const root = w.get('[data-testid="correction-supply"]')
    expect(root.attributes('data-mode')).toBe('shortfall')
    expect(w.get('h2').text()).toBe('容缺材料补交')
    expect(w.find('[data-testid="supply-correction"]').exists()).toBe(false)
    const card = w.get('[data-testid="supply-shortfall"]')
    expect(card.get('[data-testid="supply-shortfall-due"]').text()).toBe('2026-12-09')
    expect(card.get('[data-testid="supply-shortfall-outstanding"]').text()).toBe('营业执照（2026-12-09 前）')
    expect(card.text()).toContain('已补交：场地证明')
    expect(w.findAll('[data-testid="supply-row"]')).toHaveLength(1)
    expect(w.find('[data-testid="supply-material-M01"]').exists()).toBe(false)
    expect(w.get('[data-testid="supply-material-until"]').text()).toBe('须于 2026-12-09 前补交')
    expect(w.get('[data-testid="supply-submit"]').text()).toBe('确认收取容缺材料')
    expect(document.activeElement?.closest('[data-testid="supply-material-M02"]')).not.toBeNull()

    await w.get('[data-testid="supply-material-M02"] input').setValue(true)
    vi.mocked(ipc.supplyShortfall).mockResolvedValue({
      case: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: null }),
      action: 'supply_shortfall',
      documents: [],
    })
    await w.get('[data-testid="supply-submit"]').trigger('click')
    await settle()
    expect(ipc.supplyShortfall).toHaveBeenCalledWith({ case: NUMBER, materials: [{ material_code: 'M02', form: 'copy', copies: 1, pages: 1 }] })
    expect(ipc.supplyCorrection).not.toHaveBeenCalled()
    const result = w.get('[data-testid="supply-shortfall-result"]')
    expect(result.text()).toBe('容缺材料已补齐')
    expect(result.attributes('data-done')).toBe('true')
  })

  it('says what is still to come when the applicant brought only part of it', async () => {
    const tolerated = reviewView({
      materials: [
        ...reviewView().materials,
        {
          material: { code: 'M03', name: '场地证明', policy: 'tolerable', form: 'copy', received: false, scans: [] },
          received_form: null,
          copies: 0,
          pages: 0,
        },
      ],
      actions: ['supply_shortfall'],
      shortfall: shortfallStatus({
        outstanding: [
          { name: '营业执照', until: '2026-12-09', why: '容缺补交' },
          { name: '场地证明', until: '2026-12-09', why: '容缺补交' },
        ],
        broken_on: '2026-12-10',
      }),
    })
    vi.mocked(ipc.reviewCase).mockResolvedValue(tolerated)
    const w = await mountView(NUMBER)
    expect(w.findAll('[data-testid="supply-row"]')).toHaveLength(2)
    expect(w.get('[data-testid="supply-shortfall-broken"]').text()).toBe('未履行容缺承诺（2026-12-10）')
    await w.get('[data-testid="supply-material-M03"] input').setValue(true)
    vi.mocked(ipc.supplyShortfall).mockResolvedValue({
      case: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: '2026-12-09' }),
      action: 'supply_shortfall',
      documents: [],
    })
    await w.get('[data-testid="supply-submit"]').trigger('click')
    await settle()
    const result = w.get('[data-testid="supply-shortfall-result"]')
    expect(result.text()).toBe('尚有材料待补交')
    expect(result.attributes('data-done')).toBe('false')
  })

  it('stays in correction mode for a correction', async () => {
    const w = await mountView(NUMBER)
    expect(w.get('[data-testid="correction-supply"]').attributes('data-mode')).toBe('correction')
    expect(w.get('h2').text()).toBe('补正收件')
  })
})

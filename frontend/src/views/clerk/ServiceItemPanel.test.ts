import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { FindingView, ShortfallDecisionView } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { serviceItem } from '@/test/catalogFixtures'
import { mountOptions, pressCtrlEnter, resetIntakeIpc } from '@/test/intakeFixtures'
import ServiceItemPanel from './ServiceItemPanel.vue'

const item = serviceItem({
  guide: { conditions: '依法取得营业执照', basis: '《食品安全法》', process: '受理→审查→发证', faq: '' },
  materials: [
    {
      code: 'A',
      name: '营业执照',
      form: 'e_certificate',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: '营业执照',
      applies_to: 'all',
      note: '',
    },
    {
      code: 'B',
      name: '经营场所平面图',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'tolerable',
      supplement_days: 5,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'C',
      name: '法定代表人身份证',
      form: 'copy',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'organisation',
      note: '',
    },
    {
      code: 'D',
      name: '委托书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'agent',
      note: '',
    },
  ],
})

function finding(code: string, kind: FindingView['finding'], message: string, until: string | null = null): FindingView {
  const m = item.materials.find((x) => x.code === code)!
  return { material_code: code, material_name: m.name, finding: kind, rule: kind, message, until, source: null }
}

function decision(overrides: Partial<ShortfallDecisionView>): ShortfallDecisionView {
  return {
    decision: 'accept',
    findings: [
      finding('A', 'present', '已收取电子证照1份'),
      finding('B', 'present', '已收取原件1份'),
      finding('C', 'present', '已收取复印件1份'),
      finding('D', 'not_applicable', '非代办，无需提供'),
    ],
    refusal: null,
    due: '2025-07-01',
    shortfall_supplement_due: null,
    catalog_version: 7,
    calendar_warning: null,
    ...overrides,
  }
}

let wrapper: VueWrapper | null = null

async function mountPanel() {
  wrapper = mount(ServiceItemPanel, { ...mountOptions(createPinia()), props: { item } })
  await flushPromises()
  return wrapper
}

function outcome(w: VueWrapper) {
  return w.get('[data-testid="shortfall-decision"] [data-testid="shortfall-outcome"]')
}

describe('ServiceItemPanel decision', () => {
  beforeEach(() => {
    resetIntakeIpc()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  it('asks once on opening, with nothing ticked and default facts', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    await mountPanel()
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    expect(ipc.checkShortfall).toHaveBeenCalledWith({
      service_item_code: '11440700MB2C777',
      present_codes: [],
      applicant_kind: 'person',
      has_agent: false,
      commitment_signed: false,
      dishonest: false,
      e_certificates: [],
      applicant: null,
      forms: {},
    })
    // The scan inbox under the checklist loads quietly.
    expect(ipc.scanInbox).toHaveBeenCalled()
    expect(showError).not.toHaveBeenCalled()
  })

  it('shows 受理 with the promised completion date', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    const o = outcome(w)
    expect(o.attributes('data-outcome')).toBe('accept')
    expect(o.find('.el-alert--success').exists()).toBe(true)
    expect(o.attributes('style')).toContain('--el-color-success: #2e7d32')
    expect(o.text()).toContain('受理')
    const panel = w.get('[data-testid="shortfall-decision"]')
    expect(panel.get('[data-testid="shortfall-due"]').text()).toContain('承诺办结日期')
    expect(panel.get('[data-testid="shortfall-due"]').text()).toContain('2025-07-01')
    expect(panel.get('[data-testid="shortfall-missing-count"]').text()).toBe('所需材料已齐全')
    expect(panel.find('[data-testid="shortfall-calendar-warning"]').exists()).toBe(false)
  })

  it('shows 容缺受理 with the supplement deadline and what is missing', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(
      decision({
        decision: 'accept_with_shortfall',
        shortfall_supplement_due: '2025-06-10',
        findings: [
          finding('A', 'satisfied_by_e_certificate', '已调取电子证照“营业执照”，免于提交'),
          finding('B', 'missing_tolerated', '容缺受理，须于2025-06-10前补齐', '2025-06-10'),
          finding('C', 'present', '已收取复印件1份'),
          finding('D', 'not_applicable', '非代办，无需提供'),
        ],
      }),
    )
    const w = await mountPanel()
    const o = outcome(w)
    expect(o.attributes('data-outcome')).toBe('accept_with_shortfall')
    // An acceptance (a tick), in 容缺受理's own teal.
    expect(o.find('.el-alert--success').exists()).toBe(true)
    expect(o.attributes('style')).toContain('--el-color-success: #00838f')
    expect(o.text()).toContain('容缺受理')
    expect(o.get('[data-testid="shortfall-supplement-due"]').text()).toBe('容缺补交期限：2025-06-10')
    expect(o.text()).toContain('须补齐：经营场所平面图')
    expect(w.get('[data-testid="shortfall-missing-count"]').text()).toBe('尚缺材料 1 项')
    expect(w.get('[data-testid="shortfall-due"]').text()).toContain('2025-07-01')
  })

  it('shows 一次性告知 listing everything missing', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(
      decision({
        decision: 'one_time_notice',
        findings: [
          finding('A', 'missing_blocking', '核心材料，缺少不予受理'),
          finding('B', 'missing_blocking', '可容缺材料，但申请人未签署容缺承诺书'),
          finding('C', 'missing_blocking', '核心材料，缺少不予受理'),
          finding('D', 'not_applicable', '非代办，无需提供'),
        ],
      }),
    )
    const w = await mountPanel()
    const o = outcome(w)
    expect(o.attributes('data-outcome')).toBe('one_time_notice')
    // Orange, not the refusal's red.
    expect(o.find('.el-alert--warning').exists()).toBe(true)
    expect(o.attributes('style')).toContain('--el-color-success: #e65100')
    // The submit says it in the same colour.
    expect(w.get('[data-testid="intake-submit"]').attributes('style')).toContain('#e65100')
    expect(o.text()).toContain('一次性告知')
    expect(o.text()).toContain('须补齐：营业执照、经营场所平面图、法定代表人身份证')
    expect(o.find('[data-testid="shortfall-supplement-due"]').exists()).toBe(false)
    expect(w.get('[data-testid="shortfall-missing-count"]').text()).toBe('尚缺材料 3 项')
  })

  it('shows 不予受理 with the refusal, and no completion date', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(
      decision({
        decision: 'refuse',
        refusal: '“食品经营许可”仅受理法人或其他组织的申请，申请人不具备申请资格',
      }),
    )
    const w = await mountPanel()
    const o = outcome(w)
    expect(o.attributes('data-outcome')).toBe('refuse')
    expect(o.find('.el-alert--error').exists()).toBe(true)
    expect(o.attributes('style')).toContain('--el-color-success: #c62828')
    expect(o.text()).toContain('不予受理')
    expect(o.get('[data-testid="shortfall-refusal"]').text()).toBe('“食品经营许可”仅受理法人或其他组织的申请，申请人不具备申请资格')
    expect(w.find('[data-testid="shortfall-due"]').exists()).toBe(false)
  })

  it('shows the calendar warning as a warning alert', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({ calendar_warning: '尚未导入2027年节假日安排，办结日期仅按周末推算' }))
    const w = await mountPanel()
    const warning = w.get('[data-testid="shortfall-calendar-warning"]')
    expect(warning.find('.el-alert--warning').exists()).toBe(true)
    expect(warning.text()).toContain('尚未导入2027年节假日安排，办结日期仅按周末推算')
  })

  it('labels each material row with its finding and the backend message; lists apart what is not asked of this applicant', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(
      decision({
        decision: 'accept_with_shortfall',
        shortfall_supplement_due: '2025-06-10',
        findings: [
          finding('A', 'satisfied_by_e_certificate', '已调取电子证照“营业执照”，免于提交'),
          finding('B', 'missing_tolerated', '容缺受理，须于2025-06-10前补齐', '2025-06-10'),
          finding('C', 'not_applicable', '非法人申请，无需提供'),
          finding('D', 'not_applicable', '非代办，无需提供'),
        ],
      }),
    )
    const w = await mountPanel()
    await new Promise((r) => setTimeout(r, 20))
    // A person applies, without an agent: the organisation's and the agent's papers are not rows.
    const rows = w.findAll('[data-testid="material-row"]')
    expect(rows).toHaveLength(2)
    const cells = rows.map((r) => r.get('[data-testid="material-finding"]'))
    expect(cells.map((c) => c.attributes('data-finding'))).toEqual(['satisfied_by_e_certificate', 'missing_tolerated'])
    expect(cells[0]!.text()).toContain('电子证照')
    expect(cells[0]!.text()).toContain('已调取电子证照“营业执照”，免于提交')
    expect(cells[1]!.text()).toContain('容缺至 2025-06-10')
    expect(cells[1]!.find('.el-tag--warning').exists()).toBe(true)
    expect(w.findAll('[data-testid="material-not-applicable"]').map((r) => r.text())).toEqual([
      '法定代表人身份证（法人申请时提交）',
      '委托书（代办时提交）',
    ])
    expect(w.get('[data-testid="checklist-count"]').text()).toBe('已收取 0 / 2')
    // One verdict on whether the papers are enough: the decision's.
    expect(w.text()).not.toContain('核心材料已齐全')
    expect(w.get('[data-testid="shortfall-missing-count"]').text()).toBe('尚缺材料 1 项')
  })

  it('unticks an agent’s paper when the agent is switched off, and neither sends nor counts it', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    await w.get('[data-testid="applicant-agent"] input').trigger('change')
    await flushPromises()
    const rows = () => w.findAll('[data-testid="material-row"]')
    expect(rows().map((r) => r.text().includes('委托书'))).toEqual([false, false, true])
    for (const r of rows()) await r.get('input[type="checkbox"]').setValue(true)
    expect(w.get('[data-testid="checklist-count"]').text()).toBe('已收取 3 / 3')
    await w.get('[data-testid="applicant-agent"] input').trigger('change')
    await new Promise((r) => setTimeout(r, 150))
    await flushPromises()
    expect(rows()).toHaveLength(2)
    expect(w.get('[data-testid="checklist-count"]').text()).toBe('已收取 2 / 2')
    expect(ipc.checkShortfall).toHaveBeenLastCalledWith(expect.objectContaining({ has_agent: false, present_codes: ['A', 'B'] }))
  })

  it('translates the item level', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    expect(w.get('[data-testid="item-detail"]').text()).toContain('区（县）级')
  })

  it('asks again, once, 100 ms after a burst of ticks and fact changes', async () => {
    vi.useFakeTimers()
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    await vi.advanceTimersByTimeAsync(50)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    const rows = w.findAll('[data-testid="material-row"]')
    await rows[0]!.get('input[type="checkbox"]').setValue(true)
    await rows[1]!.get('input[type="checkbox"]').setValue(true)
    await w.get('[data-testid="applicant-kind"] input[value="organisation"]').setValue(true)
    await w.get('[data-testid="applicant-agent"] input').trigger('change')
    await w.get('[data-testid="applicant-commitment"] input').setValue(true)
    await w.get('[data-testid="applicant-dishonest"] input').setValue(true)
    await vi.advanceTimersByTimeAsync(90)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(20)
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    expect(ipc.checkShortfall).toHaveBeenLastCalledWith({
      service_item_code: '11440700MB2C777',
      present_codes: ['A', 'B'],
      applicant_kind: 'organisation',
      has_agent: true,
      commitment_signed: true,
      dishonest: true,
      e_certificates: [],
      applicant: null,
      forms: {},
    })
  })

  it('keeps the answer to the latest request when an earlier one comes back later', async () => {
    vi.useFakeTimers()
    const resolvers: ((d: ShortfallDecisionView) => void)[] = []
    vi.mocked(ipc.checkShortfall).mockImplementation(() => new Promise((resolve) => resolvers.push(resolve)))
    const w = await mountPanel()
    resolvers[0]!(decision({ decision: 'one_time_notice' }))
    await flushPromises()
    await w.findAll('[data-testid="material-row"]')[0]!.get('input[type="checkbox"]').setValue(true)
    await vi.advanceTimersByTimeAsync(110)
    await w.findAll('[data-testid="material-row"]')[1]!.get('input[type="checkbox"]').setValue(true)
    await vi.advanceTimersByTimeAsync(110)
    expect(resolvers).toHaveLength(3)
    resolvers[2]!(decision({ decision: 'accept' }))
    await flushPromises()
    resolvers[1]!(decision({ decision: 'refuse', refusal: '过时的答复' }))
    await flushPromises()
    expect(outcome(w).attributes('data-outcome')).toBe('accept')
    expect(w.text()).not.toContain('过时的答复')
  })

  it('reports a failed check through showError', async () => {
    const err = { code: 'invalid_input', message: '事项“食品经营许可”没有编码为“X”的材料' }
    vi.mocked(ipc.checkShortfall).mockRejectedValue(err)
    const w = await mountPanel()
    expect(showError).toHaveBeenCalledWith(err)
    expect(w.get('[data-testid="shortfall-decision"]').text()).toContain('暂无判定结果')
  })
})

describe('ServiceItemPanel received details', () => {
  beforeEach(() => {
    resetIntakeIpc()
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    vi.mocked(ipc.intake).mockReturnValue(new Promise(() => {}))
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    document.body.innerHTML = ''
  })

  function row(w: VueWrapper, index: number) {
    return w.findAll('[data-testid="material-row"]')[index]!
  }

  async function tickRow(w: VueWrapper, index: number) {
    await row(w, index).get('input[type="checkbox"]').setValue(true)
    await flushPromises()
  }

  /** Picks a form from the select of a row, as a clerk would from its menu. */
  async function pickForm(w: VueWrapper, index: number, form: string) {
    await row(w, index).get('[data-testid="material-form"] .el-select__wrapper').trigger('click')
    await flushPromises()
    const options = [...document.querySelectorAll<HTMLElement>(`[data-testid="material-form-${form}"]`)]
    const visible = options.filter(
      (o) => o.closest('.el-select-dropdown') && (o.closest('.el-popper') as HTMLElement | null)?.style.display !== 'none',
    )
    ;(visible.at(-1) ?? options.at(-1))!.click()
    await flushPromises()
  }

  it('shows the catalog values for unticked rows and editors with them once ticked', async () => {
    const w = await mountPanel()
    expect(w.find('[data-testid="material-form"]').exists()).toBe(false)
    expect(row(w, 1).text()).toContain('原件')
    await tickRow(w, 1)
    const r = row(w, 1)
    expect(r.get('[data-testid="material-form"]').text()).toContain('原件')
    expect(r.get<HTMLInputElement>('[data-testid="material-copies"] input').element.value).toBe('1')
    expect(r.get<HTMLInputElement>('[data-testid="material-pages"] input').element.value).toBe('1')
    expect(r.find('[data-testid="material-form-hint"]').exists()).toBe(false)
    // The other rows stay as the catalog says.
    expect(row(w, 0).find('[data-testid="material-form"]').exists()).toBe(false)
  })

  it('puts the editors right after the checkbox in Tab order', async () => {
    const w = await mountPanel()
    await tickRow(w, 1)
    const inputs = row(w, 1)
      .findAll('input')
      .map((i) => i.element)
    const labelled = inputs.map((i) => (i.getAttribute('type') === 'checkbox' ? 'checkbox' : i.getAttribute('aria-label')))
    expect(labelled).toEqual(['checkbox', '经营场所平面图 形式', '经营场所平面图 份数', '经营场所平面图 页数'])
    expect(inputs.every((i) => !i.disabled && i.tabIndex >= 0)).toBe(true)
  })

  it('warns in amber when the form chosen is weaker than the catalog asks', async () => {
    const w = await mountPanel()
    await tickRow(w, 1)
    await pickForm(w, 1, 'copy')
    expect(row(w, 1).get('[data-testid="material-form-hint"]').text()).toBe('须原件')
    await pickForm(w, 1, 'e_certificate')
    expect(row(w, 1).get('[data-testid="material-form-hint"]').text()).toBe('无电子证照')
    await pickForm(w, 1, 'original')
    expect(row(w, 1).find('[data-testid="material-form-hint"]').exists()).toBe(false)
    // The business licence has an e-certificate: taking it so is no weaker.
    await tickRow(w, 0)
    await pickForm(w, 0, 'original')
    expect(row(w, 0).find('[data-testid="material-form-hint"]').exists()).toBe(false)
  })

  it('asks for a new decision with the form chosen, since a copy may not do', async () => {
    const w = await mountPanel()
    await tickRow(w, 1)
    await new Promise((r) => setTimeout(r, 150))
    const before = vi.mocked(ipc.checkShortfall).mock.calls.length
    await pickForm(w, 1, 'copy')
    await new Promise((r) => setTimeout(r, 150))
    await flushPromises()
    expect(vi.mocked(ipc.checkShortfall).mock.calls.length).toBe(before + 1)
    expect(Object.values(vi.mocked(ipc.checkShortfall).mock.lastCall![0].forms ?? {})).toEqual(['copy'])
  })

  it('keeps copies and pages within 1–99 and 1–9999', async () => {
    const w = await mountPanel()
    await tickRow(w, 1)
    const copies = row(w, 1).get<HTMLInputElement>('[data-testid="material-copies"] input')
    const pages = row(w, 1).get<HTMLInputElement>('[data-testid="material-pages"] input')
    await copies.setValue('150')
    await copies.trigger('change')
    await pages.setValue('0')
    await pages.trigger('change')
    await flushPromises()
    expect(copies.element.value).toBe('99')
    expect(pages.element.value).toBe('1')
    await pages.setValue('12')
    await pages.trigger('change')
    // Emptied for retyping, the last count stands.
    await copies.setValue('')
    await copies.trigger('change')
    await flushPromises()
    expect(copies.element.value).toBe('99')
    expect(pages.element.value).toBe('12')
  })

  it('submits what the clerk entered with Ctrl+Enter, even from the form select', async () => {
    const w = await mountPanel()
    await tickRow(w, 0)
    await tickRow(w, 1)
    await pickForm(w, 1, 'copy')
    const copies = row(w, 1).get<HTMLInputElement>('[data-testid="material-copies"] input')
    await copies.setValue('2')
    const select = row(w, 1).get<HTMLInputElement>('[data-testid="material-form"] input')
    select.element.focus()
    const key = pressCtrlEnter(select.element)
    await flushPromises()
    expect(key.defaultPrevented).toBe(true)
    expect(ipc.intake).toHaveBeenCalledTimes(1)
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].received).toEqual([
      { material_code: 'A', form: 'e_certificate', copies: 1, pages: 1 },
      { material_code: 'B', form: 'copy', copies: 2, pages: 1 },
    ])
    // The key went to the submit, not to the select: its menu stays shut.
    expect(row(w, 1).get('[data-testid="material-form"] .el-select__wrapper').classes()).not.toContain('is-focused-open')
    expect(select.element.getAttribute('aria-expanded')).not.toBe('true')
  })

  it('drops the details with the tick: ticked again, the catalog applies', async () => {
    const w = await mountPanel()
    await tickRow(w, 1)
    await pickForm(w, 1, 'copy')
    await row(w, 1).get('input[type="checkbox"]').setValue(false)
    await flushPromises()
    expect(row(w, 1).find('[data-testid="material-form"]').exists()).toBe(false)
    await tickRow(w, 1)
    expect(row(w, 1).get('[data-testid="material-form"]').text()).toContain('原件')
    expect(row(w, 1).get('[data-testid="material-form"]').text()).not.toContain('复印件')
  })
})

describe('ServiceItemPanel layout', () => {
  beforeEach(() => {
    resetIntakeIpc()
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  /** Whether `a` comes before `b` in the document. */
  function before(a: Element, b: Element): boolean {
    return (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
  }

  it('puts the applicant first, the guide folded under it, and the decision with the submit in the dock at the foot', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    const applicant = w.get('[data-testid="intake-applicant"]').element
    const guide = w.get('[data-testid="item-guide"]').element
    const checklist = w.get('[data-testid="material-checklist"]').element
    const dock = w.get('[data-testid="intake-dock"]')
    expect(before(applicant, guide)).toBe(true)
    expect(before(guide, checklist)).toBe(true)
    expect(before(checklist, dock.element)).toBe(true)
    expect(dock.find('[data-testid="shortfall-decision"]').exists()).toBe(true)
    expect(dock.find('[data-testid="intake-submit"]').exists()).toBe(true)
    expect(dock.classes()).toContain('ow-intake-dock')
    // Beneath the scrolling form, not over it: nothing scrolled into view can end up behind it.
    expect(w.get('.ow-intake-scroll').element.contains(checklist)).toBe(true)
    expect(w.get('.ow-intake-scroll').element.contains(dock.element)).toBe(false)
    // The department and the time limit stay in sight; the rest of the facts are in the guide.
    expect(w.get('[data-testid="item-summary"]').text()).toBe('江门市市场监督管理局 · 承诺 10 个工作日')
  })

  it('folds the guide by default; F1 opens and closes it, and its header is no Tab stop', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    const body = () => w.get<HTMLElement>('[data-testid="item-guide-body"]').element
    const toggle = w.get('[data-testid="item-guide-toggle"]')
    expect(body().style.display).toBe('none')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    expect(toggle.attributes('tabindex')).toBe('-1')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(body().style.display).toBe('')
    expect(toggle.attributes('aria-expanded')).toBe('true')
    // Only the sections the catalog fills in.
    expect(w.findAll('.ow-guide-section').map((s) => s.attributes('data-section'))).toEqual(['conditions', 'basis', 'process'])
    expect(w.get('[data-testid="item-guide-body"]').text()).toContain('依法取得营业执照')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', bubbles: true, cancelable: true }))
    await flushPromises()
    expect(body().style.display).toBe('none')
    await toggle.trigger('click')
    expect(body().style.display).toBe('')
  })

  it('goes from the applicant straight to the checklist with Tab', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    const root = w.get('[data-testid="item-detail"]').element
    const tabbable = [...root.querySelectorAll<HTMLElement>('input, button, select, textarea, a[href], [tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !(el as HTMLInputElement).disabled,
    )
    const dishonest = tabbable.indexOf(w.get<HTMLElement>('[data-testid="applicant-dishonest"] input').element)
    const firstTick = tabbable.indexOf(w.get<HTMLElement>('[data-testid="material-row"] input[type="checkbox"]').element)
    expect(firstTick).toBe(dishonest + 1)
  })

  it('flags a refusal at the top the moment the item opens, before anything is typed', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(
      decision({ decision: 'refuse', findings: [], refusal: '“食品经营许可”未纳入全城通办，须向蓬江区的政务服务中心申请，本大厅不予受理' }),
    )
    const w = await mountPanel()
    const flag = w.get('[data-testid="item-refused"]')
    expect(flag.text()).toContain('本大厅将不予受理此申请')
    expect(flag.text()).toContain('须向蓬江区的政务服务中心申请')
    expect(before(flag.element, w.get('[data-testid="intake-applicant"]').element)).toBe(true)
  })

  it('shows no flag for an item this hall takes', async () => {
    vi.mocked(ipc.checkShortfall).mockResolvedValue(decision({}))
    const w = await mountPanel()
    expect(w.find('[data-testid="item-refused"]').exists()).toBe(false)
  })
})

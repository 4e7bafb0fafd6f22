import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CatalogHit, FindingView, ServiceItemDetail, ShortfallDecisionView, ShortfallRequest } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))
vi.mock('@/api/events', () => ({ onScanIngested: vi.fn(() => () => {}) }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { bundleDetail } from '@/test/catalogFixtures'
import { fillApplicant, input, mountOptions, resetIntakeIpc } from '@/test/intakeFixtures'
import IntakeStartView from './IntakeStartView.vue'
import { useIntakeStore } from '@/stores/intake'
import { useCatalogStore } from '@/stores/catalog'

const department = { code: 'JMGA', name: '江门市公安局' }

const results: CatalogHit[] = [
  {
    kind: 'item',
    code: '11440700MB2C123',
    name: '港澳通行证签注',
    department,
    promised_days: 7,
    on_the_spot: false,
    citywide: true,
    service_item_codes: [],
    score: 90,
  },
  {
    kind: 'item',
    code: '11440700MB2C456',
    name: '户籍证明开具',
    department,
    promised_days: 0,
    on_the_spot: true,
    citywide: false,
    service_item_codes: [],
    score: 80,
  },
  {
    kind: 'bundle',
    code: 'JMYJS001',
    name: '新生儿出生一件事',
    department: null,
    promised_days: 7,
    on_the_spot: false,
    citywide: false,
    service_item_codes: ['11440700MB2C456', '11440700MB2C789', '11440700MB2C999'],
    score: 70,
  },
]

const bundle = bundleDetail({
  description: '出生医学证明、户口登记、医保参保一次办',
  items: [
    { code: '11440700MB2C456', name: '户籍证明开具', department, kind: '公共服务', promised_days: 0, on_the_spot: true, citywide: false },
    { code: '11440700MB2C789', name: '出生登记', department, kind: '行政确认', promised_days: 5, on_the_spot: false, citywide: false },
    {
      code: '11440700MB2C999',
      name: '城乡居民医保参保登记',
      department: { code: 'JMYB', name: '江门市医疗保障局' },
      kind: '公共服务',
      promised_days: 3,
      on_the_spot: false,
      citywide: true,
    },
  ],
  materials: [
    {
      name: '居民身份证',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      applies_to: 'person',
      service_item_codes: ['11440700MB2C456', '11440700MB2C789', '11440700MB2C999'],
    },
    { name: '出生医学证明', form: 'copy', copies: 2, pages: 1, policy: 'tolerable', applies_to: 'all', service_item_codes: ['11440700MB2C789'] },
  ],
})

const detail: ServiceItemDetail = {
  code: '11440700MB2C456',
  name: '户籍证明开具',
  department,
  level: '市级',
  kind: '公共服务',
  statutory_days: 20,
  promised_days: 0,
  on_the_spot: true,
  fee: '不收费',
  delivery: ['window', 'post'],
  citywide: false,
  commitment_approval: true,
  guide: { conditions: '本市户籍人员', basis: '《户口登记条例》', process: '受理→审核→出证', faq: '可以代办' },
  materials: [
    {
      code: 'M1',
      name: '居民身份证',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: '居民身份证电子证照',
      applies_to: 'person',
      note: '',
    },
    {
      code: 'M2',
      name: '委托书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'tolerable',
      supplement_days: 5,
      e_certificate: null,
      applies_to: 'agent',
      note: '代办时提供',
    },
    {
      code: 'M3',
      name: '户口簿复印件',
      form: 'copy',
      copies: 1,
      pages: 2,
      policy: 'optional',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
}

/** A stand-in for the rule engine over `detail`: enough to exercise every finding the screen shows. */
function decide(req: ShortfallRequest): ShortfallDecisionView {
  const has = (code: string) => req.present_codes.includes(code)
  const f = (
    material_code: string,
    material_name: string,
    finding: FindingView['finding'],
    message: string,
    until: string | null = null,
  ): FindingView => ({
    material_code,
    material_name,
    finding,
    rule: finding,
    message,
    until,
    source: null,
  })
  const findings: FindingView[] = [
    has('M1') ? f('M1', '居民身份证', 'present', '已收取原件1份') : f('M1', '居民身份证', 'missing_blocking', '核心材料，缺少不予受理'),
    !req.has_agent
      ? f('M2', '委托书', 'not_applicable', '非代办，无需提供')
      : has('M2')
        ? f('M2', '委托书', 'present', '已收取原件1份')
        : f('M2', '委托书', 'missing_tolerated', '容缺受理，须于2025-06-10前补齐', '2025-06-10'),
    has('M3') ? f('M3', '户口簿复印件', 'present', '已收取复印件1份') : f('M3', '户口簿复印件', 'optional_missing', '非必要材料，未提交'),
  ]
  const blocking = findings.some((x) => x.finding === 'missing_blocking')
  const tolerated = findings.some((x) => x.finding === 'missing_tolerated')
  return {
    decision: blocking ? 'one_time_notice' : tolerated ? 'accept_with_shortfall' : 'accept',
    findings,
    refusal: null,
    due: '2025-06-20',
    shortfall_supplement_due: tolerated ? '2025-06-10' : null,
    catalog_version: 3,
    calendar_warning: null,
  }
}

let wrapper: VueWrapper | null = null

async function mountView() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/clerk', name: 'clerk', component: IntakeStartView },
      { path: '/cases/:number', name: 'case', component: { template: '<div />' } },
    ],
  })
  await router.push('/clerk')
  await router.isReady()
  wrapper = mount(IntakeStartView, mountOptions(createPinia(), router))
  await flushPromises()
  return { wrapper, router }
}

function searchInput(w: VueWrapper) {
  return w.get<HTMLInputElement>('input[data-testid="item-search"]')
}

describe('IntakeStartView', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    resetIntakeIpc()
    vi.mocked(ipc.searchCatalog).mockResolvedValue(results)
    vi.mocked(ipc.getBundle).mockResolvedValue(bundle)
    vi.mocked(ipc.checkShortfall).mockImplementation(async (req) => decide(req))
    vi.mocked(ipc.getServiceItem).mockResolvedValue(detail)
    vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: bundle.code, members: [] })
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
    vi.useRealTimers()
  })

  it('focuses the search box on arrival', async () => {
    const { wrapper } = await mountView()
    expect(document.activeElement).toBe(searchInput(wrapper).element)
  })

  it('searches after a 150 ms pause, once, with limit 20', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('h')
    await vi.advanceTimersByTimeAsync(50)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(100)
    expect(ipc.searchCatalog).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(60)
    await flushPromises()
    expect(ipc.searchCatalog).toHaveBeenCalledTimes(1)
    expect(ipc.searchCatalog).toHaveBeenCalledWith('hj', 20)
    const rows = wrapper.findAll('[data-testid="item-result"]')
    expect(rows).toHaveLength(3)
    expect(rows[0]!.text()).toContain('港澳通行证签注')
    expect(rows[0]!.text()).toContain('承诺件')
    expect(rows[0]!.text()).toContain('承诺 7 个工作日')
    expect(rows[0]!.text()).toContain('全城通办')
    expect(rows[0]!.find('[data-testid="bundle-tag"]').exists()).toBe(false)
    expect(rows[1]!.text()).toContain('即办件')
    expect(rows[1]!.text()).toContain('江门市公安局')
  })

  it('moves with ↓ and opens the item with Enter, showing its checklist', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(wrapper.findAll('[data-testid="item-result"]')[1]!.attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C456')
    const panel = wrapper.get('[data-testid="item-detail"]')
    expect(panel.text()).toContain('户籍证明开具')
    expect(panel.text()).toContain('江门市公安局')
    expect(panel.text()).toContain('不收费')
    expect(panel.text()).toContain('窗口领取、邮政寄递')
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    // The power of attorney is the agent's: without one it is listed apart, with nothing to tick.
    const rows = wrapper.findAll('[data-testid="material-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.text()).toContain('居民身份证')
    expect(rows[0]!.text()).toContain('原件')
    expect(rows[0]!.text()).toContain('核心(不可容缺)')
    expect(rows[0]!.text()).toContain('自然人')
    expect(rows[0]!.text()).toContain('居民身份证电子证照')
    expect(rows[1]!.text()).toContain('复印件')
    expect(rows[1]!.text()).toContain('非必要')
    const apart = wrapper.findAll('[data-testid="material-not-applicable"]')
    expect(apart.map((r) => r.text())).toEqual(['委托书（代办时提交）'])
    expect(apart[0]!.find('input').exists()).toBe(false)
    expect(panel.get('[data-testid="checklist-count"]').text()).toBe('已收取 0 / 2')
    // With an agent it is asked, and counted.
    await wrapper.get('[data-testid="applicant-agent"] input').trigger('change')
    await flushPromises()
    const withAgent = wrapper.findAll('[data-testid="material-row"]')
    expect(withAgent).toHaveLength(3)
    expect(withAgent[1]!.text()).toContain('可容缺(5个工作日内补交)')
    expect(withAgent[1]!.text()).toContain('代办时')
    expect(wrapper.find('[data-testid="material-not-applicable"]').exists()).toBe(false)
    expect(panel.get('[data-testid="checklist-count"]').text()).toBe('已收取 0 / 3')
  })

  it('ticks a material as received', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await wrapper.findAll('[data-testid="item-result"]')[1]!.trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    const first = wrapper.findAll('[data-testid="material-row"]')[0]!
    await first.get('input[type="checkbox"]').setValue(true)
    await flushPromises()
    const panel = wrapper.get('[data-testid="item-detail"]')
    expect(panel.get('[data-testid="checklist-count"]').text()).toBe('已收取 1 / 2')
    // Whether that is enough is the decision's to say, once: one 齐全 or 尚缺 on the panel.
    await vi.advanceTimersByTimeAsync(150)
    await flushPromises()
    expect(panel.findAll('.el-tag').filter((t) => /齐全|尚缺/.test(t.text()))).toHaveLength(1)
    expect(panel.get('[data-testid="shortfall-missing-count"]').text()).toBe('所需材料已齐全')
  })

  it('searches at once when Enter comes before the pause ends', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('gat')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.searchCatalog).toHaveBeenCalledWith('gat', 20)
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C123')
  })

  it('does not search for blank text and shows errors through showError', async () => {
    const err = { code: 'storage', message: '事项目录暂不可用' }
    vi.mocked(ipc.searchCatalog).mockRejectedValue(err)
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('   ')
    await vi.advanceTimersByTimeAsync(200)
    expect(ipc.searchCatalog).not.toHaveBeenCalled()
    await input.setValue('x')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    expect(showError).toHaveBeenCalledWith(err)
    expect(wrapper.text()).toContain('未找到匹配的事项')
  })

  it('lists 一件事 bundles with their tag and number of items', async () => {
    const { wrapper } = await mountView()
    await searchInput(wrapper).setValue('xsr')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="item-result"]')
    expect(rows).toHaveLength(3)
    const row = rows[2]!
    expect(row.attributes('data-kind')).toBe('bundle')
    expect(row.get('[data-testid="bundle-tag"]').text()).toBe('一件事')
    expect(row.text()).toContain('新生儿出生一件事')
    expect(row.text()).toContain('含 3 个事项')
    expect(row.text()).toContain('JMYJS001')
    expect(row.text()).not.toContain('即办件')
  })

  it('opens a bundle with Enter: members and the merged materials list', async () => {
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('xsr')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(wrapper.findAll('[data-testid="item-result"]')[2]!.attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(ipc.getBundle).toHaveBeenCalledWith('JMYJS001')
    expect(ipc.getServiceItem).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="item-detail"]').exists()).toBe(false)
    const panel = wrapper.get('[data-testid="bundle-intake"]')
    // Opening a bundle, like an item, puts the cursor in the applicant's ID number; its decisions are asked for.
    expect(document.activeElement).toBe(panel.get('input[data-testid="applicant-id-number"]').element)
    expect(ipc.checkBundle).toHaveBeenCalledWith(expect.objectContaining({ bundle_code: 'JMYJS001', present_names: [] }))
    expect(ipc.checkShortfall).not.toHaveBeenCalled()
    expect(panel.text()).toContain('新生儿出生一件事')
    expect(panel.text()).toContain('出生医学证明、户口登记、医保参保一次办')
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    const members = panel.findAll('[data-testid="bundle-item-row"]')
    expect(members).toHaveLength(3)
    expect(members[1]!.text()).toContain('11440700MB2C789')
    expect(members[1]!.text()).toContain('出生登记')
    expect(members[1]!.text()).toContain('江门市公安局')
    expect(members[1]!.text()).toContain('5 个工作日')
    expect(members[2]!.text()).toContain('江门市医疗保障局')
    const materials = panel.findAll('[data-testid="bundle-material-row"]')
    expect(materials).toHaveLength(2)
    expect(materials[0]!.text()).toContain('居民身份证')
    expect(materials[0]!.text()).toContain('原件')
    expect(materials[0]!.text()).toContain('核心(不可容缺)')
    expect(materials[0]!.text()).toContain('户籍证明开具、出生登记、城乡居民医保参保登记')
    expect(materials[1]!.text()).toContain('复印件')
    expect(materials[1]!.text()).toContain('可容缺')
    expect(materials[1]!.text()).toContain('出生登记')

    // A member item opens from the bundle.
    await members[0]!.get('[data-testid="bundle-open-item"]').trigger('click')
    await flushPromises()
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C456')
    expect(wrapper.find('[data-testid="bundle-intake"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="item-detail"]').text()).toContain('户籍证明开具')
  })

  it('opens a member item with the applicant and the materials the clerk already took in for the bundle', async () => {
    const { wrapper } = await mountView()
    await searchInput(wrapper).setValue('xsr')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await wrapper.findAll('[data-testid="item-result"]')[2]!.trigger('click')
    await flushPromises()
    const panel = wrapper.get('[data-testid="bundle-intake"]')
    await fillApplicant(wrapper, '11010519491231002X', '𠮷祥云', '13812345678')
    const merged = panel.findAll('[data-testid="bundle-material-row"]')
    // 居民身份证, which the item asks for too, and 出生医学证明, which it does not.
    await merged[0]!.get('input[type="checkbox"]').setValue(true)
    await merged[1]!.get('input[type="checkbox"]').setValue(true)
    await vi.advanceTimersByTimeAsync(150)
    await flushPromises()

    await panel.findAll('[data-testid="bundle-open-item"]')[0]!.trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="bundle-intake"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="item-detail"]').text()).toContain('户籍证明开具')
    expect(input(wrapper, 'applicant-name').element.value).toBe('𠮷祥云')
    expect(input(wrapper, 'applicant-id-number').element.value).toBe('11010519491231002X')
    expect(input(wrapper, 'applicant-phone').element.value).toBe('13812345678')
    const ticks = wrapper.findAll('[data-testid="material-row"]').map((r) => r.get<HTMLInputElement>('input[type="checkbox"]').element.checked)
    expect(ticks).toEqual([true, false])
    expect(ipc.checkShortfall).toHaveBeenLastCalledWith(expect.objectContaining({ service_item_code: '11440700MB2C456', present_codes: ['M1'] }))
    // The clerk carries on in the item's panel.
    expect(document.activeElement).toBe(input(wrapper, 'applicant-id-number').element)
  })

  it('decides once on opening an item and shows the finding of every material', async () => {
    const { wrapper } = await mountView()
    await searchInput(wrapper).setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await wrapper.findAll('[data-testid="item-result"]')[1]!.trigger('click')
    await flushPromises()
    await vi.advanceTimersByTimeAsync(150)
    await flushPromises()
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(1)
    expect(ipc.checkShortfall).toHaveBeenCalledWith(expect.objectContaining({ service_item_code: '11440700MB2C456', present_codes: [] }))
    const decision = wrapper.get('[data-testid="shortfall-decision"]')
    expect(decision.get('[data-testid="shortfall-outcome"]').attributes('data-outcome')).toBe('one_time_notice')
    expect(decision.text()).toContain('一次性告知')
    expect(decision.text()).toContain('尚缺材料 1 项')
    expect(decision.text()).toContain('2025-06-20')
    const findings = wrapper.findAll('[data-testid="material-finding"]').map((c) => c.text())
    expect(findings[0]).toContain('缺失(须补齐)')
    expect(findings[1]).toContain('非必要未交')
    // The raw level has no translation: shown as it is.
    expect(wrapper.get('[data-testid="item-detail"]').text()).toContain('市级')

    // Ticking the core material and switching to an agent: accepted with the power of attorney tolerated.
    await wrapper.findAll('[data-testid="material-row"]')[0]!.get('input[type="checkbox"]').setValue(true)
    await wrapper.get('[data-testid="applicant-agent"] input').trigger('change')
    await vi.advanceTimersByTimeAsync(110)
    await flushPromises()
    expect(ipc.checkShortfall).toHaveBeenCalledTimes(2)
    expect(decision.get('[data-testid="shortfall-outcome"]').attributes('data-outcome')).toBe('accept_with_shortfall')
    expect(decision.text()).toContain('容缺补交期限：2025-06-10')
    const after = wrapper.findAll('[data-testid="material-finding"]').map((c) => c.text())
    expect(after[0]).toContain('已收取')
    expect(after[1]).toContain('容缺至 2025-06-10')
  })

  it('flags an item this hall cannot accept as soon as the clerk is on it in the list, naming the halls that can', async () => {
    vi.mocked(ipc.itemRemit).mockImplementation(async (code) =>
      code === '11440700MB2C456'
        ? {
            service_item_code: code,
            accepted_here: false,
            halls: [
              { code: '440703000', name: '蓬江区政务服务中心' },
              { code: '440703001', name: '白沙街道便民服务中心' },
            ],
          }
        : { service_item_code: code, accepted_here: true, halls: [] },
    )
    const { wrapper } = await mountView()
    const input = searchInput(wrapper)
    await input.setValue('hj')
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    // On the first hit: asked, within remit, nothing shown.
    expect(ipc.itemRemit).toHaveBeenCalledWith('11440700MB2C123')
    expect(wrapper.find('[data-testid="item-result-remit"]').exists()).toBe(false)
    await input.trigger('keydown', { key: 'ArrowDown' })
    await vi.advanceTimersByTimeAsync(200)
    await flushPromises()
    const hits = wrapper.findAll('[data-testid="item-result"]')
    expect(hits[1]!.get('[data-testid="item-result-remit"]').text()).toBe('本厅不能受理可到：蓬江区政务服务中心、白沙街道便民服务中心')
    // Nothing was opened or typed for it; a bundle is not asked about.
    expect(ipc.getServiceItem).not.toHaveBeenCalled()
    await input.trigger('keydown', { key: 'ArrowDown' })
    await vi.advanceTimersByTimeAsync(200)
    expect(ipc.itemRemit).toHaveBeenCalledTimes(2)
    // Opened, it says so at the top of the panel too.
    await wrapper.findAll('[data-testid="item-result"]')[1]!.trigger('click')
    await flushPromises()
    const flag = wrapper.get('[data-testid="item-refused"]')
    expect(flag.text()).toContain('本大厅不能受理此事项（未纳入全城通办）')
    expect(flag.get('[data-testid="item-refused-halls"]').text()).toBe('可到：蓬江区政务服务中心、白沙街道便民服务中心')
  })

  it('offers to carry on with the newest unfinished intake, naming the applicant, and says no more once answered', async () => {
    const payload = (name: string) =>
      JSON.stringify({
        version: 2,
        service_item_code: '11440700MB2C456',
        service_item_name: '户籍证明开具',
        form: { applicant: { name, id_kind: 'resident_id', id_number: '' } },
      })
    vi.mocked(ipc.drafts).mockResolvedValue([
      { id: 7, title: '户籍证明开具 陈嘉欣', payload: payload('陈嘉欣'), updated_at: '2026-11-28T01:00:00Z' },
      { id: 8, title: '户籍证明开具 何嘉仪', payload: payload('何嘉仪'), updated_at: '2026-11-28T03:00:00Z' },
    ])
    const { wrapper } = await mountView()
    const offer = wrapper.get('[data-testid="draft-resume"]')
    expect(offer.attributes('data-id')).toBe('8')
    expect(offer.get('[data-testid="draft-resume-applicant"]').text()).toBe('何嘉仪')
    expect(offer.text()).toContain('户籍证明开具')
    // The search box keeps the focus: a clerk may just as well start a new intake.
    expect(document.activeElement).toBe(searchInput(wrapper).element)
    await offer.get('[data-testid="draft-resume-open"]').trigger('click')
    await flushPromises()
    expect(ipc.getServiceItem).toHaveBeenCalledWith('11440700MB2C456')
    expect(input(wrapper, 'applicant-name').element.value).toBe('何嘉仪')
    expect(useIntakeStore().draftId).toBe(8)
    // Closed again, the panel does not offer it twice.
    useCatalogStore().selected = null
    await flushPromises()
    expect(wrapper.find('[data-testid="draft-resume"]').exists()).toBe(false)
  })

  it('puts the offer away on 稍后', async () => {
    vi.mocked(ipc.drafts).mockResolvedValue([{ id: 7, title: '户籍证明开具', payload: '{}', updated_at: '2026-11-28T01:00:00Z' }])
    const { wrapper } = await mountView()
    await wrapper.get('[data-testid="draft-resume-later"]').trigger('click')
    expect(wrapper.find('[data-testid="draft-resume"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="draft"]').exists()).toBe(true)
  })

  it('refocuses the search box on F2', async () => {
    const { wrapper } = await mountView()
    ;(document.activeElement as HTMLElement).blur()
    expect(document.activeElement).not.toBe(searchInput(wrapper).element)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2' }))
    expect(document.activeElement).toBe(searchInput(wrapper).element)
  })
})

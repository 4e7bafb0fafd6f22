import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { IssuanceListView, IssuanceRowView, ReviewOutcome } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  issuanceQueue: vi.fn(),
  issueResult: vi.fn(),
  printDocument: vi.fn(),
  printJobs: vi.fn(),
  printerProfiles: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showErrorText } from '@/api/errors'
import { resetMocks } from '@/test/mocks'
import { job } from '@/test/printFixtures'
import { summary } from '@/test/reviewFixtures'
import IssuanceView from './IssuanceView.vue'

const READY = '4407030002026120200001'
const BLOCKED = '4407030002026120200002'
const INSTANT = '4407030002026120200003'
const QR = `OW:${READY}:K7Q2`

function row(number: string, overrides: Partial<IssuanceRowView> = {}): IssuanceRowView {
  return {
    case: summary({ number, state: 'ready_for_issuance', applicant_name: '欧阳𠮷', applicant_id_masked: '4407**********123X' }),
    result: '食品经营许可证（JY14407030012345）',
    ready_since: '2026-11-01T02:05:00Z',
    waiting_days: 31,
    uncollected: true,
    blocked: null,
    agent_name: null,
    instant: false,
    ...overrides,
  }
}

const LIST: IssuanceListView = {
  hall: { code: '440703000', name: '蓬江区政务服务中心' },
  uncollected_days: 30,
  rows: [
    row(READY),
    row(BLOCKED, { waiting_days: 2, uncollected: false, blocked: '容缺材料“经营场所使用证明”尚未补齐，补齐后方可出件' }),
    row(INSTANT, { waiting_days: 0, uncollected: false, instant: true, agent_name: '陈志强', result: '个体工商户营业执照（92440703MA5E2E0001）' }),
  ],
}

function outcome(): ReviewOutcome {
  return { case: summary({ number: READY, state: 'closed' }), action: 'collect', documents: ['collection-receipt'] }
}

let wrapper: VueWrapper | null = null

beforeEach(() => {
  setActivePinia(createPinia())
  resetMocks(ipc)
  vi.mocked(showErrorText).mockReset()
  vi.mocked(ipc.issuanceQueue).mockResolvedValue(LIST)
  vi.mocked(ipc.printJobs).mockResolvedValue([])
  vi.mocked(ipc.printerProfiles).mockResolvedValue([])
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

async function settle() {
  await flushPromises()
  await new Promise((r) => setTimeout(r, 0))
  await flushPromises()
}

async function mountView(props: Record<string, unknown> = {}) {
  wrapper = mount(IssuanceView, {
    props,
    attachTo: document.body,
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), ElementPlus] },
  })
  await settle()
  return wrapper
}

/** What the dialog shows, in the document (it is appended to the body). */
function inDialog<T extends HTMLElement = HTMLElement>(testid: string): T | null {
  return document.body.querySelector<T>(`[data-testid="issue-dialog"] [data-testid="${testid}"]`)
}

function field(testid: string): HTMLInputElement {
  return document.body.querySelector<HTMLInputElement>(`input[data-testid="${testid}"]`)!
}

async function type(testid: string, value: string) {
  const input = field(testid)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

async function find(w: VueWrapper, text: string) {
  const input = w.get('input[data-testid="issuance-case-input"]')
  await input.setValue(text)
  await input.trigger('keydown', { key: 'Enter' })
  await settle()
}

describe('IssuanceView', () => {
  it('lists the results waiting at the hall: how long, uncollected, blocked or approved at once', async () => {
    const w = await mountView()
    expect(w.get('[data-testid="issuance-title"]').text()).toContain('蓬江区政务服务中心')
    expect(w.get('[data-testid="issuance-limit"]').text()).toContain('30 天')
    const rows = w.findAll('[data-testid="issuance-row"]')
    expect(rows.map((r) => r.attributes('data-number'))).toEqual([READY, BLOCKED, INSTANT])
    expect(rows.map((r) => r.attributes('data-blocked'))).toEqual(['false', 'true', 'false'])

    expect(rows[0]!.text()).toContain('欧阳𠮷')
    expect(rows[0]!.text()).toContain('4407**********123X')
    expect(rows[0]!.text()).toContain('食品经营许可证（JY14407030012345）')
    expect(rows[0]!.get('[data-testid="issuance-waiting"]').text()).toBe('31 天')
    expect(rows[0]!.get('[data-testid="issuance-uncollected"]').text()).toBe('超期未领')
    expect(rows[1]!.find('[data-testid="issuance-uncollected"]').exists()).toBe(false)
    expect(rows[1]!.get('[data-testid="issuance-blocked"]').text()).toBe('容缺材料“经营场所使用证明”尚未补齐，补齐后方可出件')
    expect(rows[2]!.get('[data-testid="issuance-instant"]').text()).toBe('智能审批')
    expect(rows[2]!.text()).toContain('代办人：陈志强')
  })

  it('says so when nothing is waiting', async () => {
    vi.mocked(ipc.issuanceQueue).mockResolvedValue({ ...LIST, rows: [] })
    const w = await mountView()
    expect(w.findAll('[data-testid="issuance-row"]')).toHaveLength(0)
    expect(w.get('[data-testid="issuance-table"]').text()).toContain('本大厅暂无待领取的办理结果')
    await w.get('[data-testid="issuance-refresh"]').trigger('click')
    await settle()
    expect(ipc.issuanceQueue).toHaveBeenCalledTimes(2)
  })

  it('does not hand out a result that cannot go out yet', async () => {
    const w = await mountView()
    const blocked = w.findAll('[data-testid="issuance-row"]')[1]!
    const button = blocked.get<HTMLButtonElement>('[data-testid="issuance-issue"]')
    expect(button.element.disabled).toBe(true)
    expect(w.findAll('[data-testid="issuance-row"]')[0]!.get<HTMLButtonElement>('[data-testid="issuance-issue"]').element.disabled).toBe(false)
    // Scanned all the same: the form says why and does not hand it out.
    await find(w, BLOCKED)
    expect(inDialog('issue-blocked')!.textContent).toContain('尚未补齐')
    const submit = inDialog<HTMLButtonElement>('issue-submit')!
    expect(submit.disabled).toBe(true)
    submit.click()
    await settle()
    expect(ipc.issueResult).not.toHaveBeenCalled()
  })

  it('says a case that is not waiting here is unknown', async () => {
    const w = await mountView()
    await find(w, '4407030002026120299999')
    expect(showErrorText).toHaveBeenCalledWith('本大厅的待出件办件中没有“4407030002026120299999”：请核对办件编号，或该办件不在本大厅领取')
    expect(document.body.querySelector('[data-testid="issue-result"]')).toBeNull()
    expect(document.activeElement).toBe(w.get('input[data-testid="issuance-case-input"]').element)
  })

  it('opens the form of a scanned receipt, shows a mismatch of the ID and focuses it, nothing cleared', async () => {
    const w = await mountView()
    await find(w, QR)
    expect(document.body.querySelector('[data-testid="issue-dialog"]')).not.toBeNull()
    expect(inDialog('issue-applicant')!.textContent).toContain('欧阳𠮷')
    expect(inDialog('issue-applicant')!.textContent).toContain('4407**********123X')
    expect(document.activeElement).toBe(field('collector-id-number'))
    expect(document.body.querySelector('[data-testid="collector-id-kind"]')!.textContent).toContain('居民身份证')

    vi.mocked(ipc.issueResult).mockRejectedValue({
      code: 'invalid_input',
      message: '领取人证件与申请人证件不符：本人领取须出示申请时所用的证件，他人代领请选择“代领”',
      field: 'collector.id_number',
    })
    await type('collector-id-number', '440703198001011234')
    field('collector-id-number').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    await settle()
    // The QR code's text is sent as it was scanned, so its check code is checked.
    expect(ipc.issueResult).toHaveBeenCalledWith({
      case: QR,
      collector: { kind: 'applicant', id_kind: 'resident_id', id_number: '440703198001011234' },
    })
    expect(inDialog('issue-error')!.textContent).toContain('领取人证件与申请人证件不符')
    expect(document.activeElement).toBe(field('collector-id-number'))
    expect(field('collector-id-number').value).toBe('440703198001011234')
    expect(document.body.querySelector('[data-testid="issue-done"]')).toBeNull()
  })

  it('hands a result to an agent and offers the 领取签收单 for printing', async () => {
    vi.mocked(ipc.issueResult).mockResolvedValue(outcome())
    vi.mocked(ipc.issuanceQueue)
      .mockResolvedValueOnce(LIST)
      .mockResolvedValue({ ...LIST, rows: LIST.rows.slice(1) })
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 7, case_number: READY, document: 'collection-receipt', state: 'done' }))
    const w = await mountView()
    await w.findAll('[data-testid="issuance-row"]')[0]!.get('[data-testid="issuance-issue"]').trigger('click')
    await settle()
    document.body.querySelector<HTMLElement>('[data-testid="collector-kind-agent"]')!.click()
    await settle()
    expect(document.activeElement).toBe(field('collector-name'))
    await type('collector-name', '陈志强')
    await type('collector-id-number', '440703198001011234')
    await type('collector-applicant-id', '44070319900101123X')
    document.body.querySelector<HTMLInputElement>('[data-testid="collector-authorisation"] input')!.click()
    await flushPromises()
    document.body.querySelector<HTMLButtonElement>('[data-testid="issue-submit"]')!.click()
    await settle()
    expect(ipc.issueResult).toHaveBeenCalledWith({
      case: READY,
      collector: {
        kind: 'agent',
        name: '陈志强',
        id_kind: 'resident_id',
        id_number: '440703198001011234',
        applicant_id_number: '44070319900101123X',
        authorisation: true,
      },
    })

    const done = inDialog('issue-done')!
    expect(done.textContent).toContain('代领人陈志强已代领办理结果，办件已办结')
    expect(done.getAttribute('data-state')).toBe('closed')
    // Handed out: the list as it is now.
    expect(w.findAll('[data-testid="issuance-row"]').map((r) => r.attributes('data-number'))).toEqual([BLOCKED, INSTANT])

    const print = document.body.querySelector<HTMLButtonElement>('[data-testid="outcome-print-collection-receipt"]')!
    expect(print.textContent).toContain('办理结果领取签收单')
    print.click()
    await settle()
    expect(ipc.printDocument).toHaveBeenCalledWith({
      document: 'collection-receipt',
      case_number: READY,
      profile: null,
      lang: null,
      queue: null,
      demo: false,
    })
  })

  it('opens the form of a receipt scanned anywhere on the screen, and 下一位 closes it', async () => {
    vi.mocked(ipc.issueResult).mockResolvedValue(outcome())
    vi.mocked(ipc.printDocument).mockResolvedValue(job({ id: 7, case_number: READY, document: 'collection-receipt', state: 'done' }))
    const w = await mountView()
    ;(document.activeElement as HTMLElement | null)?.blur()
    let t = 0
    vi.spyOn(performance, 'now').mockImplementation(() => (t += 5))
    for (const key of [...QR, 'Enter']) document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    await settle()
    expect(w.get<HTMLInputElement>('input[data-testid="issuance-case-input"]').element.value).toBe(QR)
    expect(inDialog('issue-case')!.textContent).toContain(READY)

    await type('collector-id-number', '44070319900101123X')
    inDialog<HTMLButtonElement>('issue-submit')!.click()
    await settle()
    expect(vi.mocked(ipc.issueResult).mock.lastCall![0]).toEqual({
      case: QR,
      collector: { kind: 'applicant', id_kind: 'resident_id', id_number: '44070319900101123X' },
    })
    expect(inDialog('issue-done')!.textContent).toContain('申请人欧阳𠮷本人已领取办理结果，办件已办结')
    // The print offer closed: the done state offers it again, and 下一位.
    document.body.querySelector<HTMLButtonElement>('[data-testid="outcome-close"]')!.click()
    await settle()
    expect(inDialog('issue-print')).not.toBeNull()
    inDialog<HTMLButtonElement>('issue-next')!.click()
    await settle()
    expect(document.body.querySelector('[data-testid="issue-done"]')).toBeNull()
    expect(document.body.querySelector('[data-testid="issue-case"]')).toBeNull()
  })

  it('names the agent recorded at intake', async () => {
    const w = await mountView()
    await w.findAll('[data-testid="issuance-row"]')[2]!.get('[data-testid="issuance-issue"]').trigger('click')
    await settle()
    expect(inDialog('issue-recorded-agent')!.textContent).toBe('办件登记的代办人：陈志强（凭身份证件即可代领）')
  })

  it('opens the case it was sent to (?case=) as the screen opens', async () => {
    await mountView({ initial: INSTANT })
    expect(inDialog('issue-result')!.textContent).toBe('个体工商户营业执照（92440703MA5E2E0001）')
    expect(document.activeElement).toBe(field('collector-id-number'))
  })
})

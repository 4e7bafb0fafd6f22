import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', async (importOriginal) => ({
  toIpcError: (await importOriginal<typeof import('@/api/ipc')>()).toIpcError,
  dispatchWork: vi.fn(),
  printJobs: vi.fn(),
  printLabels: vi.fn(),
  resumeLabelRun: vi.fn(),
  cancelLabelRun: vi.fn(),
  labelRuns: vi.fn(),
}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { LabelRunProgress, LabelRunView } from '@/api/bindings'
import { useCourierStore } from '@/stores/courier'
import { resetMocks } from '@/test/mocks'
import { work } from '@/test/courierFixtures'
import CourierShipments from './CourierShipments.vue'

let wrapper: VueWrapper | null = null

function labelRun(overrides: Partial<LabelRunView> = {}): LabelRunView {
  return {
    id: 7,
    state: 'finished',
    profile: 'label-100x150',
    queue: null,
    total: 2,
    printed: 2,
    failed: 0,
    remaining: 0,
    note: '',
    created_by: '寄递员小陈',
    created_at: '2026-12-02T02:30:00Z',
    items: [],
    ...overrides,
  }
}

function progress(overrides: Partial<LabelRunProgress> = {}): LabelRunProgress {
  return { run: 7, done: 1, total: 2, waybill: '1189202600007', state: 'printed', reprint: false, error: null, ...overrides }
}

/** A promise the test settles, and the progress callback the command was given. */
function pending() {
  let resolve: (run: LabelRunView) => void = () => {}
  const promise = new Promise<LabelRunView>((r) => (resolve = r))
  return { promise, resolve }
}

beforeEach(() => {
  resetMocks(ipc)
  vi.mocked(showError).mockReset()
  vi.mocked(ipc.dispatchWork).mockResolvedValue(work())
  vi.mocked(ipc.labelRuns).mockResolvedValue([])
  vi.mocked(ipc.printJobs).mockResolvedValue([])
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

async function mountShipments() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useCourierStore().work = work()
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { template: '<div />' } }] })
  await router.push('/')
  wrapper = mount(CourierShipments, { attachTo: document.body, global: { plugins: [pinia, createAppI18n('zh-CN'), ElementPlus, router] } })
  await settle()
}

function q<T extends HTMLElement = HTMLElement>(selector: string): T | null {
  return document.body.querySelector<T>(selector)
}

function all(selector: string): HTMLElement[] {
  return [...document.body.querySelectorAll<HTMLElement>(selector)]
}

function button(testid: string): HTMLButtonElement {
  return q<HTMLButtonElement>(`button[data-testid="${testid}"]`)!
}

async function click(testid: string) {
  button(testid).click()
  await settle()
}

async function tickAll() {
  for (const box of all('[data-testid="shipment-select"] input')) {
    box.click()
    await settle()
  }
}

describe('the batch label run', () => {
  it('prints the envelopes ticked, counting each label, and stops with the reason and 续打', async () => {
    await mountShipments()
    expect(button('batch-labels').disabled).toBe(true)
    // The envelopes not handed over can be ticked; the one handed over is not listed here.
    expect(all('[data-testid="shipment-select"]')).toHaveLength(2)
    await tickAll()
    expect(button('batch-labels').textContent).toContain('批量打印面单（2）')

    const first = pending()
    let report: (p: LabelRunProgress) => void = () => {}
    vi.mocked(ipc.printLabels).mockImplementation((_request, onProgress) => {
      report = onProgress
      return first.promise
    })
    await click('batch-labels')
    expect(ipc.printLabels).toHaveBeenCalledWith({ waybills: ['1189202600007', '1189202600008'], profile: null, queue: null }, expect.any(Function))
    expect(q('[data-testid="label-run-count"]')!.textContent).toBe('已打印 0 / 2')
    expect(q('[data-testid="label-run-progress"]')).not.toBeNull()

    report(progress({ done: 1, reprint: true }))
    await settle()
    expect(q('[data-testid="label-run-count"]')!.textContent).toBe('已打印 1 / 2')
    expect(q('[data-testid="label-run-current"]')!.textContent).toContain('1189202600007')
    expect(q('[data-testid="label-run-reprints"]')!.textContent).toBe('其中补打 1 张')
    expect(q('[data-testid="label-run-progress"]')!.getAttribute('aria-valuenow')).toBe('50')

    vi.mocked(ipc.cancelLabelRun).mockResolvedValue(labelRun({ state: 'printing', printed: 1, remaining: 1 }))
    await click('label-run-cancel')
    expect(ipc.cancelLabelRun).toHaveBeenCalledWith(7)

    report(progress({ done: 1, waybill: '1189202600008', state: 'failed', error: '打印机“面单机”已停用' }))
    first.resolve(
      labelRun({
        state: 'stopped',
        printed: 1,
        failed: 1,
        remaining: 1,
        note: '调度员取消',
        items: [
          { position: 0, waybill: '1189202600007', state: 'printed', print_job: 61, error: null },
          { position: 1, waybill: '1189202600008', state: 'failed', print_job: 62, error: '打印机“面单机”已停用' },
        ],
      }),
    )
    await settle()
    expect(q('[data-testid="label-run-stopped"]')!.textContent).toContain('调度员取消')
    expect(q('[data-testid="label-run-cancel"]')).toBeNull()
    expect(button('label-run-resume')).not.toBeNull()
    expect(all('[data-testid="label-run-failed"]').map((f) => [f.dataset.waybill, f.textContent!.includes('已停用')])).toEqual([
      ['1189202600008', true],
    ])
    // The run ended: the envelopes and the runs as they are now.
    expect(ipc.dispatchWork).toHaveBeenCalledTimes(1)
    expect(ipc.labelRuns).toHaveBeenCalledTimes(2)

    vi.mocked(ipc.resumeLabelRun).mockImplementation((_id, onProgress) => {
      onProgress(progress({ done: 2, waybill: '1189202600008' }))
      return Promise.resolve(labelRun())
    })
    await click('label-run-resume')
    expect(ipc.resumeLabelRun).toHaveBeenCalledWith(7, expect.any(Function))
    expect(q('[data-testid="label-run-count"]')!.textContent).toBe('已打印 2 / 2')
    expect(q('[data-testid="label-run-finished"]')!.textContent).toContain('全部打印完成')
    expect(q('[data-testid="label-run-failed"]')).toBeNull()
    expect(q('[data-testid="label-run-resume"]')).toBeNull()
    expect(ipc.dispatchWork).toHaveBeenCalledTimes(2)
    expect(showError).not.toHaveBeenCalled()
  })

  it('lists the runs that did not finish, and resumes one where it was cut off', async () => {
    vi.mocked(ipc.labelRuns).mockResolvedValue([
      labelRun({ id: 9, state: 'printing', total: 300, printed: 37, remaining: 263 }),
      labelRun({ id: 8, state: 'stopped', total: 10, printed: 4, remaining: 6, note: '部分面单未能打印' }),
      labelRun({ id: 5 }),
    ])
    await mountShipments()
    const rows = all('[data-testid="label-run-row"]')
    expect(rows.map((r) => r.dataset.id)).toEqual(['9', '8'])
    expect(rows[0]!.textContent).toContain('已打印 37 / 300')
    expect(rows[1]!.textContent).toContain('部分面单未能打印')
    expect(q('[data-testid="label-run-resume-5"]')).toBeNull()

    const run = pending()
    vi.mocked(ipc.resumeLabelRun).mockReturnValue(run.promise)
    await click('label-run-resume-9')
    expect(ipc.resumeLabelRun).toHaveBeenCalledWith(9, expect.any(Function))
    expect(q('[data-testid="label-run-count"]')!.textContent).toBe('已打印 37 / 300')
    // Another run cannot start while this one prints.
    expect(button('label-run-resume-8').disabled).toBe(true)
    await click('label-run-cancel')
    expect(ipc.cancelLabelRun).toHaveBeenCalledWith(9)

    vi.mocked(ipc.labelRuns).mockResolvedValue([labelRun({ id: 9, state: 'stopped', total: 300, printed: 38, note: '调度员取消' })])
    run.resolve(labelRun({ id: 9, state: 'stopped', total: 300, printed: 38, remaining: 262, note: '调度员取消' }))
    await settle()
    expect(q('[data-testid="label-run-count"]')!.textContent).toBe('已打印 38 / 300')
    expect(q('[data-testid="label-run-stopped"]')!.textContent).toContain('调度员取消')
    expect(all('[data-testid="label-run-row"]').map((r) => r.dataset.state)).toEqual(['stopped'])
  })

  it('shows a refused run the way errors are shown', async () => {
    await mountShipments()
    await tickAll()
    vi.mocked(ipc.printLabels).mockRejectedValue({ code: 'conflict', message: '邮件1189202600008已交寄，不能再打印面单' })
    await click('batch-labels')
    expect(showError).toHaveBeenCalledTimes(1)
    expect(q('[data-testid="label-run-cancel"]')).toBeNull()
    expect(q('[data-testid="label-run-resume"]')).toBeNull()
  })
})

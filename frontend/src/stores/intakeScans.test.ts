// Scans attached at the intake window: saved with the draft, sent with the intake, and gone from the
// inbox once it is taken in; a refused intake changes nothing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BundleIntakeResult, IntakeResult } from '@/api/bindings'

vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { bundleDetail, serviceItem } from '@/test/catalogFixtures'
import { resetIntakeIpc, signInClerk } from '@/test/intakeFixtures'
import { JPEG, PDF, TIFF, inbox } from '@/test/scanFixtures'
import { DRAFT_DEBOUNCE_MS, useIntakeStore } from './intake'
import { useShortfallStore } from './shortfall'
import { useScanInboxStore } from './scanInbox'

const item = serviceItem({
  code: 'ITEM',
  materials: [
    {
      code: 'M01',
      name: '营业执照',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'M02',
      name: '居民身份证',
      form: 'copy',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
})

const bundle = bundleDetail({
  materials: [
    { name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', applies_to: 'all', service_item_codes: ['A', 'B'] },
    { name: '出生医学证明', form: 'original', copies: 1, pages: 2, policy: 'core', applies_to: 'all', service_item_codes: ['B'] },
  ],
})

const result = { number: 'JM2026000001' } as IntakeResult

describe('scans attached at the intake window', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    signInClerk()
    resetIntakeIpc()
    vi.mocked(ipc.saveDraft).mockResolvedValue(31)
    vi.mocked(ipc.getServiceItem).mockResolvedValue(item)
    vi.mocked(ipc.getBundle).mockResolvedValue(bundle)
    vi.mocked(ipc.checkShortfall).mockResolvedValue(null as never)
    vi.mocked(ipc.checkBundle).mockResolvedValue({ bundle_code: bundle.code, members: [] })
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox())
  })

  afterEach(() => vi.useRealTimers())

  it('are saved with the item draft and come back with it', async () => {
    vi.useFakeTimers()
    const intake = useIntakeStore()
    const shortfall = useShortfallStore()
    await intake.begin(item)
    shortfall.attach('M02', PDF.sha256)
    shortfall.attach('M02', JPEG.sha256)
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
    expect(ipc.saveDraft).toHaveBeenCalledTimes(1)
    const [, , text] = vi.mocked(ipc.saveDraft).mock.calls[0]!
    expect(JSON.parse(text)).toMatchObject({ present: ['M02'], scans: { M02: [PDF.sha256, JPEG.sha256] } })

    // Another item, then the draft again: its ticks and scans are back.
    await intake.begin({ ...item, code: 'OTHER' })
    expect(shortfall.attached).toEqual({})
    expect(await intake.openDraft({ id: 31, title: '食品经营许可', payload: text, updated_at: '' })).toBe(true)
    expect([...shortfall.present]).toEqual(['M02'])
    expect(shortfall.attached).toEqual({ M02: [PDF.sha256, JPEG.sha256] })
  })

  it('go with the item intake; once it is taken in, they leave the inbox', async () => {
    const intake = useIntakeStore()
    const shortfall = useShortfallStore()
    const scans = useScanInboxStore()
    await scans.loadInbox()
    await intake.begin(item)
    shortfall.toggle('M01', true)
    shortfall.attach('M02', TIFF.sha256)
    shortfall.attach('M02', JPEG.sha256)
    vi.mocked(ipc.intake).mockResolvedValue(result)
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([PDF]))
    expect(await intake.submit()).toBe(result)
    expect(vi.mocked(ipc.intake).mock.calls[0]![0].received).toEqual([
      { material_code: 'M01', form: 'original', copies: 1, pages: 1 },
      { material_code: 'M02', form: 'copy', copies: 1, pages: 1, scans: [TIFF.sha256, JPEG.sha256] },
    ])
    // Off the list at once, and the inbox asked for again.
    expect(scans.inbox.map((s) => s.sha256)).toEqual([PDF.sha256])
    expect(ipc.scanInbox).toHaveBeenCalledTimes(2)
    await vi.waitFor(() => expect(scans.loadingInbox).toBe(false))
    expect(scans.inbox.map((s) => s.sha256)).toEqual([PDF.sha256])

    // 下一位: nothing attached any more.
    await intake.next()
    expect(shortfall.attached).toEqual({})
  })

  it('stay as they were when the intake is refused, the scan inbox pointed at', async () => {
    const intake = useIntakeStore()
    const shortfall = useShortfallStore()
    const scans = useScanInboxStore()
    await scans.loadInbox()
    await intake.begin(item)
    shortfall.attach('M01', PDF.sha256)
    const refusal = { code: 'invalid_input', message: '材料“营业执照”的扫描件不存在，请重新扫描', field: 'received.scans', suggested_id_kind: null }
    vi.mocked(ipc.intake).mockRejectedValue(refusal)
    expect(await intake.submit()).toBeNull()
    expect(showError).toHaveBeenCalledWith(refusal)
    expect(intake.errorField).toBe('intake-inbox')
    expect(intake.result).toBeNull()
    expect(shortfall.attached).toEqual({ M01: [PDF.sha256] })
    expect(scans.inbox.map((s) => s.sha256)).toEqual([JPEG.sha256, PDF.sha256, TIFF.sha256])
    expect(ipc.scanInbox).toHaveBeenCalledTimes(1)
  })

  it('do not trouble the inbox when none were attached', async () => {
    const intake = useIntakeStore()
    await intake.begin(item)
    useShortfallStore().toggle('M01', true)
    vi.mocked(ipc.intake).mockResolvedValue(result)
    await intake.submit()
    expect(ipc.scanInbox).not.toHaveBeenCalled()
  })

  it('go with the bundle intake by merged name, are saved with its draft, and leave the inbox once taken in', async () => {
    vi.useFakeTimers()
    const intake = useIntakeStore()
    const shortfall = useShortfallStore()
    const scans = useScanInboxStore()
    await scans.loadInbox()
    await intake.beginBundle(bundle)
    shortfall.attach('出生医学证明', PDF.sha256)
    shortfall.attach('居民身份证', JPEG.sha256)
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
    const [, , text] = vi.mocked(ipc.saveDraft).mock.calls[0]!
    expect(JSON.parse(text)).toMatchObject({ kind: 'bundle', scans: { 出生医学证明: [PDF.sha256], 居民身份证: [JPEG.sha256] } })

    const answer: BundleIntakeResult = { bundle_code: bundle.code, bundle_name: bundle.name, cases: [], lead: null, prints: [] }
    vi.mocked(ipc.intakeBundle).mockResolvedValue(answer)
    vi.mocked(ipc.scanInbox).mockResolvedValue(inbox([TIFF]))
    expect(await intake.submit()).toBe(answer)
    expect(vi.mocked(ipc.intakeBundle).mock.calls[0]![0]).toMatchObject({
      draft_id: 31,
      received: [
        { name: '居民身份证', form: 'original', copies: 1, pages: 1, scans: [JPEG.sha256] },
        { name: '出生医学证明', form: 'original', copies: 1, pages: 2, scans: [PDF.sha256] },
      ],
    })
    expect(scans.inbox.map((s) => s.sha256)).toEqual([TIFF.sha256])
    expect(ipc.scanInbox).toHaveBeenCalledTimes(2)
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { DraftView } from '@/api/bindings'
import { createAppI18n } from '@/locales'

vi.mock('@/api/ipc', () => ({ drafts: vi.fn(), deleteDraft: vi.fn(), getServiceItem: vi.fn() }))
vi.mock('@/api/errors', () => ({ showError: vi.fn() }))

import * as ipc from '@/api/ipc'
import { useIntakeStore } from '@/stores/intake'
import DraftsList from './DraftsList.vue'

const drafts: DraftView[] = [
  { id: 3, title: '个体工商户设立登记 𠮷祥云', payload: '{}', updated_at: '2026-11-28T01:00:00Z' },
  { id: 4, title: '个体工商户变更登记', payload: '{}', updated_at: '2026-11-28T02:00:00Z' },
]

let wrapper: VueWrapper | null = null

describe('DraftsList', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.drafts).mockReset().mockResolvedValue(drafts)
    vi.mocked(ipc.deleteDraft).mockReset().mockResolvedValue(null)
  })

  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  it("marks a 一件事 bundle's draft", async () => {
    const bundleDraft: DraftView = {
      id: 9,
      title: '新生儿出生一件事 𠮷祥云',
      payload: JSON.stringify({ version: 2, kind: 'bundle', bundle_code: 'JMYJS001', bundle_name: '新生儿出生一件事', present: [], form: {} }),
      updated_at: '2026-11-28T03:00:00Z',
    }
    const itemDraft: DraftView = { ...drafts[0]!, payload: JSON.stringify({ version: 2, service_item_code: 'X', form: {} }) }
    vi.mocked(ipc.drafts).mockResolvedValue([bundleDraft, itemDraft])
    wrapper = mount(DraftsList, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="draft"]')
    expect(rows.map((r) => r.attributes('data-kind'))).toEqual(['bundle', 'item'])
    expect(rows[0]!.get('.ow-draft-title').text()).toBe('一件事 新生儿出生一件事')
    expect(rows[0]!.get('[data-testid="draft-applicant"]').text()).toBe('未填申请人')
    expect(rows[1]!.find('.el-tag').exists()).toBe(false)
  })

  it('names the applicant apart from the item, from the form the draft holds, and the notice a return visit continues', async () => {
    const form = (name: string, id = '') => ({ applicant: { name, id_kind: 'resident_id', id_number: id } })
    vi.mocked(ipc.drafts).mockResolvedValue([
      {
        id: 1,
        title: '港澳台居民居住证申领（首次申领及换补领）非常长的事项名称 何嘉仪',
        payload: JSON.stringify({
          version: 2,
          service_item_code: 'X',
          service_item_name: '港澳台居民居住证申领（首次申领及换补领）非常长的事项名称',
          form: form('何嘉仪'),
        }),
        updated_at: '2026-11-28T01:00:00Z',
      },
      {
        id: 2,
        title: '个体工商户设立登记',
        payload: JSON.stringify({
          version: 2,
          service_item_code: 'Y',
          service_item_name: '个体工商户设立登记',
          form: form('', '440524188001010014'),
        }),
        updated_at: '2026-11-28T02:00:00Z',
      },
      {
        id: 3,
        title: '个体工商户设立登记 何嘉仪',
        payload: JSON.stringify({
          version: 2,
          service_item_code: 'Y',
          service_item_name: '个体工商户设立登记',
          form: form('何嘉仪'),
          continues: '4407030002026112900003',
        }),
        updated_at: '2026-11-28T03:00:00Z',
      },
    ])
    wrapper = mount(DraftsList, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="draft"]')
    expect(rows.map((r) => r.get('[data-testid="draft-applicant"]').text())).toEqual(['何嘉仪', '4405**********0014', '何嘉仪'])
    expect(rows[0]!.get('.ow-draft-title').text()).toBe('港澳台居民居住证申领（首次申领及换补领）非常长的事项名称')
    expect(rows[0]!.find('[data-testid="draft-continues"]').exists()).toBe(false)
    expect(rows[2]!.get('[data-testid="draft-continues"]').text()).toBe('续办一次性告知 440703000\u202F·\u202F20261129\u202F·\u202F00003')
  })

  it('does not bring back a draft taken in while the list was on its way', async () => {
    let answer: (list: DraftView[]) => void = () => {}
    vi.mocked(ipc.drafts).mockReturnValue(new Promise((r) => (answer = r)))
    wrapper = mount(DraftsList, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
    const intake = useIntakeStore()
    intake.draftId = 3
    // What the intake does once it is taken in (its draft removed by the backend).
    vi.mocked(ipc.deleteDraft).mockResolvedValue(null)
    await intake.removeDraft(3)
    answer(drafts)
    await flushPromises()
    expect(wrapper.findAll('[data-testid="draft"]').map((r) => r.attributes('data-id'))).toEqual(['4'])
  })

  it("lists the clerk's drafts and deletes one", async () => {
    wrapper = mount(DraftsList, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
    await flushPromises()
    expect(ipc.drafts).toHaveBeenCalledTimes(1)
    const rows = wrapper.findAll('[data-testid="draft"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['3', '4'])
    expect(rows[0]!.text()).toContain('个体工商户设立登记 𠮷祥云')
    await rows[0]!.get('[data-testid="draft-delete"]').trigger('click')
    await flushPromises()
    expect(ipc.deleteDraft).toHaveBeenCalledWith(3)
    expect(wrapper.findAll('[data-testid="draft"]').map((r) => r.attributes('data-id'))).toEqual(['4'])
    expect(useIntakeStore().drafts).toHaveLength(1)
  })
})

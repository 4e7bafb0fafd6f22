// The case history on the review screen: what each kind of event detail adds under its event.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { CaseEventView } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import { reviewView } from '@/test/reviewFixtures'

vi.mock('@/api/ipc', () => ({}))
vi.mock('@/api/errors', () => ({ showError: vi.fn(), showErrorText: vi.fn() }))

import ReviewHistory from './ReviewHistory.vue'

const NOTICE = '4407030002026112800007'

let wrapper: VueWrapper | null = null

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

function mountHistory(events: CaseEventView[], locale: 'zh-CN' | 'en' = 'zh-CN') {
  wrapper = mount(ReviewHistory, {
    props: { events, materials: reviewView().materials },
    global: { plugins: [createPinia(), createAppI18n(locale), ElementPlus] },
  })
  return wrapper
}

/** The event that created the case, on a return visit of the one-time notice. */
function returnVisit(): CaseEventView {
  const created = reviewView().detail.events[0]!
  return { ...created, reason: `受理（续办一次性告知书${NOTICE}）`, detail: { kind: 'return_visit', notice: NOTICE } }
}

describe('ReviewHistory', () => {
  it('says which one-time notice a return visit continues, its number grouped as it is read out', () => {
    const w = mountHistory([returnVisit()])
    const lines = w.findAll('[data-testid="case-event-detail"]')
    expect(lines).toHaveLength(1)
    expect(lines[0]!.text()).toBe('续办：一次性告知书 440703000\u202F·\u202F20261128\u202F·\u202F00007')
  })

  it('says it in English too', () => {
    const w = mountHistory([returnVisit()], 'en')
    expect(w.get('[data-testid="case-event-detail"]').text()).toBe('Continues: One-time notice 440703000\u202F·\u202F20261128\u202F·\u202F00007')
  })
})

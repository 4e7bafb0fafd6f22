import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createAppI18n } from '@/locales'
import DueDate from './DueDate.vue'

let wrapper: VueWrapper | null = null

function note(props: { date: string | null; open: boolean; today?: string }, locale: 'zh-CN' | 'en' = 'zh-CN') {
  wrapper = mount(DueDate, { props, global: { plugins: [createAppI18n(locale)] } })
  const n = wrapper.find('[data-testid="due-note"]')
  return n.exists() ? n.text() : null
}

describe('DueDate', () => {
  afterEach(() => {
    wrapper?.unmount()
    wrapper = null
  })

  it('writes lateness out for an open case', () => {
    const today = '2026-03-10'
    expect(note({ date: '2026-03-07', open: true, today })).toBe('已超期 3 天')
    expect(note({ date: '2026-03-09', open: true, today })).toBe('已超期 1 天')
    expect(note({ date: '2026-03-10', open: true, today })).toBe('今天到期')
    expect(note({ date: '2026-03-12', open: true, today })).toBe('剩 2 天')
    expect(note({ date: '2026-03-13', open: true, today })).toBeNull()
    expect(wrapper!.text()).toBe('2026-03-13')
  })

  it('says nothing of lateness for a finished case, and nothing at all without a date', () => {
    expect(note({ date: '2026-03-07', open: false, today: '2026-03-10' })).toBeNull()
    expect(wrapper!.text()).toBe('2026-03-07')
    note({ date: null, open: true, today: '2026-03-10' })
    expect(wrapper!.text()).toBe('')
  })

  it('counts days in English too', () => {
    expect(note({ date: '2026-03-09', open: true, today: '2026-03-10' }, 'en')).toBe('1 day overdue')
    expect(note({ date: '2026-03-07', open: true, today: '2026-03-10' }, 'en')).toBe('3 days overdue')
  })
})

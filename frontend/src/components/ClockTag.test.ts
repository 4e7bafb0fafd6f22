import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { LimitStatus } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import ClockTag from './ClockTag.vue'

function render(status: LimitStatus | null, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return mount(ClockTag, { props: { status }, global: { plugins: [createAppI18n(locale), ElementPlus] } })
}

describe('ClockTag', () => {
  it.each<[LimitStatus, string, string]>([
    [{ status: 'on_track', remaining: 8 }, '剩 8 个工作日', 'el-tag--success'],
    [{ status: 'warning', remaining: 2 }, '预警 剩 2 个工作日', 'el-tag--warning'],
    [{ status: 'overdue', days: 3 }, '超期 3 个工作日', 'el-tag--danger'],
    [{ status: 'paused' }, '已暂停', 'el-tag--info'],
  ])('writes %o out in its colour', (status, text, type) => {
    const tag = render(status).get('[data-testid="clock-tag"]')
    expect(tag.text()).toBe(text)
    expect(tag.classes()).toContain(type)
    expect(tag.attributes('data-status')).toBe(status.status)
  })

  it('counts in the plural where English has one', () => {
    expect(render({ status: 'on_track', remaining: 1 }, 'en').text()).toBe('1 working day left')
    expect(render({ status: 'overdue', days: 4 }, 'en').text()).toBe('4 working days overdue')
  })

  it('shows nothing before the clock starts', () => {
    expect(render(null).find('[data-testid="clock-tag"]').exists()).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'
import { OUTCOME_COLOURS, STATE_COLOURS, tint } from '@/format/state'
import StateTag from './StateTag.vue'
import OutcomeTag from './OutcomeTag.vue'

const plugins = [createAppI18n('zh-CN'), ElementPlus]

describe('StateTag and OutcomeTag', () => {
  it('label a state in its own colour', () => {
    const w = mount(StateTag, { props: { state: 'notice_issued' }, global: { plugins } })
    expect(w.text()).toBe('一次性告知')
    const style = w.get('.el-tag').attributes('style')!
    expect(style).toContain(`--el-tag-text-color: ${STATE_COLOURS.notice_issued}`)
    expect(style).toContain(`--el-tag-bg-color: ${tint(STATE_COLOURS.notice_issued, 0.9)}`)
  })

  it('fill an outcome with its own colour', () => {
    const w = mount(OutcomeTag, { props: { outcome: 'refuse' }, global: { plugins } })
    expect(w.text()).toBe('不予受理')
    expect(w.get('.el-tag').attributes('data-outcome')).toBe('refuse')
    expect(w.get('.el-tag').attributes('style')).toContain(`--el-tag-bg-color: ${OUTCOME_COLOURS.refuse}`)
    const notice = mount(OutcomeTag, { props: { outcome: 'one_time_notice' }, global: { plugins } })
    expect(notice.get('.el-tag').attributes('style')).toContain(`--el-tag-bg-color: ${OUTCOME_COLOURS.one_time_notice}`)
  })
})

import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createAppI18n } from '@/locales'
import BrokenCommitmentTag from './BrokenCommitmentTag.vue'

describe('BrokenCommitmentTag', () => {
  it('names the day a 容缺 commitment was broken, in red', () => {
    const w = mount(BrokenCommitmentTag, {
      props: { summary: { shortfall_broken_on: '2026-11-20' } },
      global: { plugins: [createAppI18n('zh-CN'), ElementPlus] },
    })
    const tag = w.get('[data-testid="case-broken-commitment"]')
    expect(tag.text()).toBe('未履行容缺承诺 2026-11-20')
    expect(tag.classes()).toContain('el-tag--danger')
  })

  it('shows nothing for a case whose commitments were kept', () => {
    const w = mount(BrokenCommitmentTag, { props: { summary: {} }, global: { plugins: [createAppI18n('zh-CN'), ElementPlus] } })
    expect(w.find('[data-testid="case-broken-commitment"]').exists()).toBe(false)
  })
})

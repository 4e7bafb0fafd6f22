import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { createAppI18n } from '.'

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value]
  return Object.values(value).flatMap(leaves)
}

describe('locale catalogs', () => {
  it('zh-CN and en have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })

  it('every message is a non-empty string', () => {
    for (const v of [...leaves(zhCN), ...leaves(en)]) {
      expect(typeof v).toBe('string')
      expect((v as string).length).toBeGreaterThan(0)
    }
  })

  it('uses the glossary for case states', () => {
    const i18n = createAppI18n('zh-CN')
    const t = i18n.global.t
    expect(t('state.approved')).toBe('已办结(准予)')
    expect(t('state.accepted_with_shortfall')).toBe('容缺受理')
    expect(t('state.notice_issued')).toBe('一次性告知')
    expect(t('material.policies.tolerableDays', { days: 5 })).toBe('可容缺(5个工作日内补齐)')
    expect(t('role.dispatcher')).toBe('寄递调度员')
    expect(t('item.levels.city')).toBe('市级')
    expect(t('item.levels.district')).toBe('区（县）级')
    expect(t('item.levels.town')).toBe('镇（街）级')
    expect(t('outcome.accept_with_shortfall')).toBe('容缺受理')
    expect(t('finding.missing_tolerated', { until: '2025-06-10' })).toBe('容缺至 2025-06-10')
    expect(t('print.documents.receipt')).toBe('受理回执')
    expect(t('print.documents.shortfall-notice')).toBe('容缺受理通知书')
    expect(t('print.documents.commitment')).toBe('容缺受理承诺书')
    expect(t('print.documents.one-time-notice')).toBe('一次性告知书')
    expect(t('print.documents.refusal-notice')).toBe('不予受理通知书')
    expect(t('print.documents.supplement-notice')).toBe('补正材料告知书')
    expect(t('print.documents.label')).toBe('电子面单')
    expect(t('print.documents.manifest')).toBe('交接清单')
    expect(t('print.documents.test-page')).toBe('打印测试页')
    expect(t('print.jobState.queued')).toBe('排队中')
    expect(t('print.jobState.printing')).toBe('打印中')
    expect(t('print.jobState.held')).toBe('已暂停（打印机停用/离线）')
    expect(t('print.jobState.done')).toBe('已打印')
    expect(t('print.jobState.failed')).toBe('失败')
  })

  it('compiles every message in both locales', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = createAppI18n(locale)
      for (const key of keys(zhCN)) {
        const text = i18n.global.t(key, {
          days: 1,
          count: 1,
          window: '3',
          collected: 1,
          total: 2,
          until: '2025-06-10',
          items: 'x',
          name: 'y',
          numbers: 'n',
          number: 'c',
          department: 'd',
          sent: 1,
          title: 't',
        })
        expect(text).not.toBe(key)
        expect(text).not.toMatch(/[{}]/)
      }
    }
  })
})

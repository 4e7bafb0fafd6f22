import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { createAppI18n } from '.'
import { CASE_ACTIONS, CASE_STATES, actionLabelKey } from '@/format/state'

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
    expect(t('material.policies.tolerableDays', { days: 5 })).toBe('可容缺(5个工作日内补交)')
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
    expect(t('print.documents.correction-notice')).toBe('补正材料告知书')
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
          kind: 'k',
          form: 'f',
        })
        expect(text).not.toBe(key)
        expect(text).not.toMatch(/[{}]/)
      }
    }
  })

  it('labels every case state and every case action (and the creation) in both locales', () => {
    const catalogs = { 'zh-CN': zhCN, en } as const
    for (const [locale, catalog] of Object.entries(catalogs)) {
      const states: Record<string, string | undefined> = catalog.state
      const actions: Record<string, string | undefined> = catalog.action
      for (const state of CASE_STATES) expect(states[state], `${locale} state.${state}`).toBeTruthy()
      for (const key of [...CASE_ACTIONS.map(actionLabelKey), actionLabelKey(null)]) {
        expect(actions[key.slice('action.'.length)], `${locale} ${key}`).toBeTruthy()
      }
      // Nothing labelled that is not a state or an action any more.
      expect(Object.keys(states).sort()).toEqual([...CASE_STATES].sort())
      expect(Object.keys(actions).sort()).toEqual([...CASE_ACTIONS, 'create'].sort())
    }
    const t = createAppI18n('zh-CN').global.t
    expect(t(actionLabelKey('request_correction'))).toBe('要求补正')
    expect(t(actionLabelKey('release'))).toBe('退回队列')
    expect(t(actionLabelKey(null))).toBe('新建')
    expect(t('state.correction_requested')).toBe('待补正')
  })

  it("says 补正 for the reviewer's correction only, and 补交 for the shortfall supplement", () => {
    const t = createAppI18n('zh-CN').global.t
    expect(t('shortfall.shortfallSupplementDue')).toBe('容缺补交期限')
    expect(t('queue.shortfallSupplementDue')).toBe('容缺补交期限')
    expect(t('case.shortfallSupplementDue')).toBe('容缺补交期限')
    const texts = leaves(zhCN) as string[]
    const correction = [
      zhCN.state.correction_requested,
      zhCN.state.corrected,
      zhCN.action.request_correction,
      zhCN.action.submit_correction,
      zhCN.action.extend_correction,
    ]
    const documents: Record<string, string> = zhCN.print.documents
    expect(texts.filter((x) => x.includes('补正')).sort()).toEqual([...correction, documents['correction-notice']!].sort())
  })
})

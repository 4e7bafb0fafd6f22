import { describe, expect, it } from 'vitest'
import zhCN from './zh-CN'
import en from './en'
import { createAppI18n } from '.'
import { CASE_ACTIONS, CASE_STATES, SHIPMENT_KINDS, SHIPMENT_STATES, actionLabelKey } from '@/format/state'
import type { DocumentKind, SpecialProcedureKind } from '@/api/bindings'

// Every document and special procedure, once: a kind added on the Rust side does not compile here until it is listed.
const DOCUMENT_KINDS = {
  receipt: true,
  'bundle-receipt': true,
  'shortfall-notice': true,
  commitment: true,
  'one-time-notice': true,
  'refusal-notice': true,
  'correction-notice': true,
  'approval-decision': true,
  'denial-decision': true,
  'special-procedure-notice': true,
  'extension-notice': true,
  'withdrawal-notice': true,
  'termination-notice': true,
  'collection-receipt': true,
  'progress-slip': true,
  label: true,
  manifest: true,
  'test-page': true,
  'cover-sheet': true,
} satisfies Record<DocumentKind, true>

const PROCEDURES = {
  hearing: true,
  expert_review: true,
  inspection: true,
  on_site_check: true,
  appraisal: true,
  public_notice: true,
} satisfies Record<SpecialProcedureKind, true>

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
    expect(t('print.documents.approval-decision')).toBe('准予行政许可决定书')
    expect(t('print.documents.denial-decision')).toBe('不予行政许可决定书')
    expect(t('print.documents.special-procedure-notice')).toBe('特别程序告知书')
    expect(t('print.documents.extension-notice')).toBe('延长办理期限告知书')
    expect(t('print.documents.withdrawal-notice')).toBe('视为撤回申请通知书')
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
          action: 'a',
          from: 'x',
          to: 'y',
          start: 's',
          end: 'e',
          date: '2025-06-10',
          page: 1,
          pages: 2,
          reason: 'r',
          state: 's',
          halls: 'h',
          copies: 1,
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

  it('names every document and every special procedure in both locales', () => {
    for (const catalog of [zhCN, en]) {
      expect(Object.keys(catalog.print.documents).sort()).toEqual(Object.keys(DOCUMENT_KINDS).sort())
      expect(Object.keys(catalog.procedure).sort()).toEqual(Object.keys(PROCEDURES).sort())
    }
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
      zhCN.print.documents['correction-notice'],
    ]
    for (const text of correction) expect(text).toContain('补正')
    // The back office's screens speak of 补正 throughout; none of those texts is about the shortfall supplement, and no text about that one says 补正.
    for (const text of texts.filter((x) => x.includes('补正'))) {
      expect(text, text).not.toMatch(/容缺|补交/)
    }
    for (const text of texts.filter((x) => x.includes('补交'))) {
      expect(text, text).not.toContain('补正')
    }
    expect(t('review.tabs.correction_overdue')).toBe('补正逾期')
    expect(t('clock.rule')).toBe('暂停开始当日照常计时；结束后的下一个工作日恢复计时')
  })

  it('labels every kind and state of an envelope in both locales, with the glossary’s words', () => {
    for (const catalog of [zhCN, en]) {
      expect(Object.keys(catalog.courier.kinds).sort()).toEqual([...SHIPMENT_KINDS].sort())
      expect(Object.keys(catalog.courier.states).sort()).toEqual([...SHIPMENT_STATES].sort())
    }
    expect(zhCN.courier.kinds).toEqual({
      material_transfer: '材料流转',
      result_to_hall: '结果送大厅',
      result_to_applicant: '结果寄申请人',
      return: '退回',
    })
    expect(zhCN.courier.states).toEqual({
      packed: '已封装',
      labelled: '已打面单',
      handed_over: '已交寄',
      received: '已签收入库',
      delivered: '已妥投',
      returned: '已退回',
      exception: '异常',
      cancelled: '已作废',
    })
  })
})

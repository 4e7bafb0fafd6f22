// The back office's answers shaped like the shell's: a case summary, queue rows and pages, the
// review screen's view of a case under review, and the follow-up list's rows, for their tests.
import type {
  CaseSummary,
  FollowUpListView,
  FollowUpRowView,
  LimitStatus,
  QueuePageView,
  QueueRowView,
  ReviewView,
  ShortfallStatus,
} from '@/api/bindings'
import { JPEG, TIFF, assigned } from './scanFixtures'

export function summary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  return {
    number: '4407030002026120200001',
    service_item_code: '11440700MB2C123',
    service_item_name: '食品经营许可',
    department: { code: 'JMSSCJGJ', name: '江门市市场监督管理局' },
    applicant_name: '欧阳𠮷',
    applicant_id_masked: '4407**********123X',
    hall: { code: '440703000', name: '蓬江区政务服务中心' },
    state: 'handed_off',
    accepted_at: '2026-12-02T02:05:00Z',
    due_date: '2026-12-16',
    shortfall_supplement_due: null,
    claimed_by: null,
    claimed_by_username: null,
    delivery: 'window',
    ...overrides,
  }
}

export function row(overrides: Partial<CaseSummary> = {}, clock: LimitStatus | null = { status: 'on_track', remaining: 8 }): QueueRowView {
  return { case: summary(overrides), clock }
}

export function page(rows: QueueRowView[], overrides: Partial<QueuePageView> = {}): QueuePageView {
  return {
    rows,
    total: rows.length,
    offset: 0,
    limit: 50,
    counts: { all: 12, unclaimed: 5, mine: 3, overdue: 2, paused: 1, correction_overdue: 1 },
    ...overrides,
  }
}

export function reviewView(overrides: Partial<ReviewView> = {}): ReviewView {
  const s = summary({ state: 'under_review', claimed_by: '李审批', claimed_by_username: 'reviewer' })
  return {
    detail: {
      summary: s,
      applicant_kind: 'person',
      applicant_phone_masked: '138****5678',
      catalog_version: 1,
      events: [
        {
          seq: 1,
          at: '2026-12-02T02:05:00Z',
          action: null,
          from_state: null,
          to_state: 'draft',
          actor: '窗口一',
          hall: s.hall,
          window: '3',
          reason: '',
          detail: null,
        },
        {
          seq: 2,
          at: '2026-12-03T02:05:00Z',
          action: 'reassign',
          from_state: 'under_review',
          to_state: 'under_review',
          actor: '王建国',
          hall: s.hall,
          window: null,
          reason: '工作调整',
          detail: { kind: 'reassignment', from: 'reviewer2', to: 'reviewer' },
        },
      ],
      bundle: null,
      chain: { intact: true, events: 2, broken_at: null, message: '记录完整' },
    },
    materials: [
      {
        material: { code: 'M01', name: '申请书', policy: 'core', form: 'original', received: true, scans: [assigned(JPEG), assigned(TIFF, 90)] },
        received_form: 'original',
        copies: 1,
        pages: 2,
      },
      {
        material: { code: 'M02', name: '营业执照', policy: 'tolerable', form: 'copy', received: false, scans: [] },
        received_form: null,
        copies: 0,
        pages: 0,
      },
    ],
    findings: [
      { material_code: 'M01', material_name: '申请书', finding: 'present', rule: 'present', message: '已收取', until: null, source: null },
      {
        material_code: 'M02',
        material_name: '营业执照',
        finding: 'missing_tolerated',
        rule: 'tolerated',
        message: '可容缺，签署承诺书',
        until: '2026-12-09',
        source: null,
      },
    ],
    clock: {
      status: { status: 'warning', remaining: 2 },
      accepted_on: '2026-12-02',
      promised_days: 10,
      statutory_days: 20,
      due_date: '2026-12-16',
      statutory_due: '2026-12-30',
      correction_due: null,
      correction_overdue: false,
      warning_days: 3,
      pauses: [{ start: '2026-12-04', end: '2026-12-08', working_days: 2 }],
      extension_days: 0,
      extension_allowance: 10,
    },
    earlier_cases: [summary({ number: '4407030002025060100007', state: 'closed', service_item_name: '个体工商户设立登记' })],
    actions: ['approve', 'deny', 'request_correction', 'start_special_procedure', 'release'],
    denial_grounds: ['不符合法定条件', '申请材料虚假'],
    result_name: '食品经营许可证',
    correction: null,
    documents: [],
    shortfall: null,
    ...overrides,
  }
}

/** What is still to come of a case's tolerated materials: the business licence, due on 2026-12-09. */
export function shortfallStatus(overrides: Partial<ShortfallStatus> = {}): ShortfallStatus {
  return {
    outstanding: [{ name: '营业执照', until: '2026-12-09', why: '容缺补交' }],
    due: '2026-12-09',
    supplied: [],
    broken_on: null,
    on_overdue: 'terminate',
    ...overrides,
  }
}

/** A row of the follow-up list: a case accepted with the business licence tolerated. */
export function followUpRow(overrides: Partial<FollowUpRowView> = {}, caseOverrides: Partial<CaseSummary> = {}): FollowUpRowView {
  return {
    case: summary({ state: 'accepted_with_shortfall', shortfall_supplement_due: '2026-12-09', ...caseOverrides }),
    phone_masked: '138****5678',
    urgency: 'later',
    shortfall: shortfallStatus(),
    last_reminder: null,
    actions: ['remind', 'supply_shortfall'],
    ...overrides,
  }
}

/** The follow-up list of a clerk's hall: one overdue (ending the case), one due today, one within a working day, one later. */
export function followUpList(): FollowUpListView {
  return {
    scope: '蓬江区政务服务中心受理的办件',
    rows: [
      followUpRow(
        {
          urgency: 'overdue',
          shortfall: shortfallStatus({
            due: '2026-12-01',
            outstanding: [{ name: '营业执照', until: '2026-12-01', why: '容缺补交' }],
            broken_on: '2026-12-02',
          }),
          last_reminder: { at: '2026-12-01T02:20:00Z', by: '李敏', channel: 'phone' },
          actions: ['remind', 'supply_shortfall', 'terminate'],
        },
        { number: '4407030002026112500001', applicant_name: '张三' },
      ),
      followUpRow({ urgency: 'due_today' }, { number: '4407030002026112600002', applicant_name: '李四' }),
      followUpRow(
        { urgency: 'due_tomorrow', shortfall: shortfallStatus({ on_overdue: 'hold' }) },
        { number: '4407030002026112700003', applicant_name: '王五' },
      ),
      followUpRow({ urgency: 'later', phone_masked: null, actions: [] }, { number: '4407030002026112800004', applicant_name: '赵六' }),
    ],
    counts: { overdue: 1, due_today: 1, due_tomorrow: 1, later: 1 },
  }
}

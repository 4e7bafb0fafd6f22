// The courier desk's answers shaped like the shell's: the work of a hall (materials for two
// departments, results to mail, one of them blocked), its envelopes and the carriers' ranges.
import type { DispatchGroupView, DispatchItemView, DispatchWorkView, ShipmentView, WaybillRangeView } from '@/api/bindings'
import { summary } from './reviewFixtures'

export const MAT_A = '4407030002026120200011'
export const MAT_B = '4407030002026120200012'
export const MAT_C = '4407030002026120200013'
export const RES_A = '4407030002026120200021'
export const RES_B = '4407030002026120200022'
export const RES_BLOCKED = '4407030002026120200023'

export const MARKET = '江门市市场监督管理局'
export const HOUSING = '江门市住房和城乡建设局'
export const ADDRESS = '广东省江门市新会区会城今古洲路1号'

export function item(number: string, overrides: Partial<DispatchItemView> = {}): DispatchItemView {
  return {
    kind: 'material_transfer',
    case: summary({ number, state: 'handed_off', applicant_name: `申请人${number.slice(-2)}` }),
    destination: MARKET,
    papers: ['M01', 'M03'],
    blocked: null,
    ...overrides,
  }
}

export function group(items: DispatchItemView[]): DispatchGroupView {
  const first = items[0]!
  return { kind: first.kind, destination: first.destination, count: items.length, items }
}

export function shipment(waybill: string, overrides: Partial<ShipmentView> = {}): ShipmentView {
  return {
    waybill,
    kind: 'result_to_applicant',
    state: 'packed',
    from_hall: '蓬江区政务服务中心',
    destination: ADDRESS,
    receiver_name: '欧阳𠮷',
    carrier: '中国邮政 EMS',
    product: '标准快递',
    cases: [RES_A],
    papers: [[RES_A, []]],
    split_reason: null,
    created_at: '2026-12-02T02:05:00Z',
    created_by: '寄递员小陈',
    ...overrides,
  }
}

export function work(overrides: Partial<DispatchWorkView> = {}): DispatchWorkView {
  const groups = [
    group([item(MAT_A), item(MAT_B, { papers: ['M02'] })]),
    group([item(MAT_C, { destination: HOUSING, papers: ['M05'] })]),
    group([
      item(RES_A, { kind: 'result_to_applicant', destination: ADDRESS, papers: [] }),
      item(RES_B, { kind: 'result_to_applicant', destination: ADDRESS, papers: [] }),
      item(RES_BLOCKED, {
        kind: 'result_to_applicant',
        destination: ADDRESS,
        papers: [],
        blocked: '容缺材料“经营场所使用证明”尚未补齐，补齐后方可寄出',
      }),
    ]),
  ]
  return {
    total: groups.reduce((n, g) => n + g.count, 0),
    groups,
    shipments: [
      shipment('1189202600007', { state: 'labelled', cases: ['4407030002026110100001'] }),
      shipment('1189202600008', { state: 'packed', cases: ['4407030002026110100002'] }),
      shipment('1189202600003', { state: 'handed_over', cases: ['4407030002026110100003'] }),
    ],
    ...overrides,
  }
}

export function range(overrides: Partial<WaybillRangeView> = {}): WaybillRangeView {
  return {
    id: 1,
    carrier: '中国邮政 EMS',
    product: '标准快递',
    format: 'digits',
    first: '1189202600001',
    last: '1189202600500',
    total: 500,
    used: 120,
    cancelled: 2,
    free: 378,
    low: false,
    imported_at: '2026-10-01T01:00:00Z',
    ...overrides,
  }
}

// Service items and 一件事 bundles shaped like the catalog's answers, for the intake tests. Each test
// gives the materials, member items and whatever else it is about; the rest is a plain default.
import type { BundleDetail, ServiceItemDetail } from '@/api/bindings'

/** The city's market supervision bureau. */
export const MARKET = { code: 'JMSC', name: '江门市市场监督管理局' }

/** 食品经营许可 of the market supervision bureau: promised in 10 working days, at the window only. */
export function serviceItem(overrides: Partial<ServiceItemDetail> = {}): ServiceItemDetail {
  return {
    code: '11440700MB2C777',
    name: '食品经营许可',
    department: MARKET,
    level: 'district',
    kind: '行政许可',
    statutory_days: 20,
    promised_days: 10,
    on_the_spot: false,
    fee: '不收费',
    delivery: ['window'],
    citywide: false,
    commitment_approval: false,
    guide: { conditions: '', basis: '', process: '', faq: '' },
    materials: [],
    ...overrides,
  }
}

/** 新生儿出生一件事, without a description, at the window only. */
export function bundleDetail(overrides: Partial<BundleDetail> = {}): BundleDetail {
  return { code: 'JMYJS001', name: '新生儿出生一件事', description: '', items: [], materials: [], delivery: ['window'], ...overrides }
}

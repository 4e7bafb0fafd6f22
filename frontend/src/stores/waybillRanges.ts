// 运单号段: the carriers' waybill ranges, what is left of each carrier product (the courier desk warns
// when it runs low), and the admin's import of a new range — first and last number, or every number
// listed — which the backend takes whole or not at all, refusing on the field it is about.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type { Role, WaybillFormat, WaybillRangeImport, WaybillRangeView } from '@/api/bindings'
import { whileBusy } from './busy'

/** The carrier product the backend takes when a shipment names none (and the import form starts with). */
export const DEFAULT_CARRIER = '中国邮政 EMS'
export const DEFAULT_PRODUCT = '标准快递'

/** Who sees the ranges; only an admin imports. */
export const RANGE_ROLES: Role[] = ['admin', 'dispatcher', 'supervisor']

/** The formats a range may be in, in the order offered. */
export const WAYBILL_FORMATS = ['s10', 'digits'] as const satisfies readonly WaybillFormat[]

/** A carrier product (承运商 + 产品) with the numbers of all its ranges together. */
export interface CarrierProduct {
  carrier: string
  product: string
  total: number
  free: number
  low: boolean
}

/** The carrier products of the ranges, in the ranges' order, each with its totals. */
export function carrierProducts(ranges: readonly WaybillRangeView[]): CarrierProduct[] {
  const out: CarrierProduct[] = []
  for (const r of ranges) {
    const found = out.find((p) => p.carrier === r.carrier && p.product === r.product)
    if (found) {
      found.total += r.total
      found.free += r.free
      found.low ||= r.low
    } else out.push({ carrier: r.carrier, product: r.product, total: r.total, free: r.free, low: r.low })
  }
  return out
}

/** The import form as the admin fills it in. */
export interface RangeForm {
  carrier: string
  product: string
  format: WaybillFormat
  first: string
  last: string
  /** One number a line: the alternative to first and last. */
  numbers: string
}

export function emptyRangeForm(): RangeForm {
  return { carrier: DEFAULT_CARRIER, product: DEFAULT_PRODUCT, format: 's10', first: '', last: '', numbers: '' }
}

/** The data-testids of the controls the import request's fields are entered in. */
export const RANGE_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  carrier: 'range-carrier',
  product: 'range-product',
  format: 'range-format',
  first: 'range-first',
  last: 'range-last',
  numbers: 'range-numbers',
}

/** The import request: only what was filled in is sent (the backend says when it is not enough). */
export function rangeImport(form: RangeForm): WaybillRangeImport {
  const first = form.first.trim().toUpperCase()
  const last = form.last.trim().toUpperCase()
  const numbers = form.numbers
    .split(/\r?\n/)
    .map((n) => n.trim().toUpperCase())
    .filter((n) => n !== '')
  return {
    carrier: form.carrier.trim(),
    product: form.product.trim(),
    format: form.format,
    ...(first ? { first } : {}),
    ...(last ? { last } : {}),
    ...(numbers.length > 0 ? { numbers } : {}),
  }
}

export const useWaybillRangesStore = defineStore('waybillRanges', () => {
  const ranges = ref<WaybillRangeView[]>([])
  /** Set once the ranges have been answered (an empty list then means none imported). */
  const loaded = ref(false)
  const loading = ref(false)
  const form = ref<RangeForm>(emptyRangeForm())
  const importing = ref(false)
  /** The data-testid of the control a refused import is about; `errorSeq` counts refusals, for focusing it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)

  const products = computed(() => carrierProducts(ranges.value))
  const low = computed(() => products.value.filter((p) => p.low))

  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    const found = await whileBusy(loading, () => ipc.waybillRanges(), { current: () => mine === seq })
    if (found && mine === seq) {
      ranges.value = found
      loaded.value = true
    }
  }

  /** Imports the range of the form; the range imported, or null when refused (shown, its field named). */
  async function submitImport(): Promise<WaybillRangeView | null> {
    if (importing.value) return null
    errorField.value = null
    importing.value = true
    try {
      const range = await ipc.importWaybillRange(rangeImport(form.value))
      // The carrier and product stay for the next range of the same product.
      form.value = { ...form.value, first: '', last: '', numbers: '' }
      await load()
      return range
    } catch (e) {
      showError(e)
      const field = ipc.toIpcError(e).field
      errorField.value = (field && RANGE_FIELD_TESTIDS[field]) ?? null
      errorSeq.value++
      return null
    } finally {
      importing.value = false
    }
  }

  return { ranges, loaded, loading, form, importing, errorField, errorSeq, products, low, load, submitImport }
})

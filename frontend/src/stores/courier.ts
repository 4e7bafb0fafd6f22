// 寄递台: what the dispatcher's hall has to pack (paper originals for a department, results to mail to
// their applicants), grouped by kind and destination; packing the ticked cases of one group — into one
// envelope for a department, one envelope per case for applicants — each with its waybill number from
// the carrier's range; the hall's envelopes, their labels and the 交接清单 printed, and cancelling one
// that has not left. A refusal is shown the one way errors are and the field it names is focused.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import type {
  DispatchGroupView,
  DispatchItemView,
  DispatchWorkView,
  ShipmentKind,
  ShipmentRequest,
  ShipmentState,
  ShipmentView,
} from '@/api/bindings'
import { whileBusy } from './busy'
import { usePrintingStore } from './printing'
import { DEFAULT_CARRIER, DEFAULT_PRODUCT, useWaybillRangesStore, type CarrierProduct } from './waybillRanges'

/** An envelope that has not left the hall yet: its label may be printed (again), it may be cancelled. */
export function notHandedOver(state: ShipmentState): boolean {
  return state === 'packed' || state === 'labelled'
}

/** Papers for a department, or results for a pickup hall, share an envelope; a result goes to its applicant alone. */
export function sharesEnvelope(kind: ShipmentKind): boolean {
  return kind === 'material_transfer' || kind === 'result_to_hall'
}

/** Only a material transfer carries papers the dispatcher chooses; a result is the result. */
export function carriesPapers(kind: ShipmentKind): boolean {
  return kind === 'material_transfer'
}

/** What tells one group from another: its kind and its destination. */
export function groupKey(group: Pick<DispatchGroupView, 'kind' | 'destination'>): string {
  return `${group.kind}\u0000${group.destination}`
}

/** An item that cannot go yet (its reason is shown) is never ticked. */
export function isSelectable(item: DispatchItemView): boolean {
  return item.blocked === null
}

/** The ticked cases: all of one group. */
export interface Selection {
  group: string | null
  numbers: string[]
}

const NOTHING: Selection = { group: null, numbers: [] }

/**
 * The selection after ticking (or unticking) an item of `group`. Ticking an item of another group
 * starts over in that group: one envelope holds cases of one destination only.
 */
export function toggled(selection: Selection, group: DispatchGroupView, item: DispatchItemView, on: boolean): Selection {
  const key = groupKey(group)
  if (on && !isSelectable(item)) return selection
  const numbers = selection.group === key ? selection.numbers : []
  const next = on ? [...numbers.filter((n) => n !== item.case.number), item.case.number] : numbers.filter((n) => n !== item.case.number)
  return next.length > 0 ? { group: key, numbers: next } : NOTHING
}

/** Every selectable item of a group ticked (on), or none. */
export function groupToggled(group: DispatchGroupView, on: boolean): Selection {
  const numbers = on ? group.items.filter(isSelectable).map((i) => i.case.number) : []
  return numbers.length > 0 ? { group: groupKey(group), numbers } : NOTHING
}

/** The selection as it still stands in `groups` (a case packed elsewhere or now blocked drops out). */
export function pruned(selection: Selection, groups: readonly DispatchGroupView[]): Selection {
  const group = groups.find((g) => groupKey(g) === selection.group)
  if (!group) return NOTHING
  const numbers = selection.numbers.filter((n) => group.items.some((i) => i.case.number === n && isSelectable(i)))
  return numbers.length > 0 ? { group: selection.group, numbers } : NOTHING
}

/** An envelope being packed: the cases still to pack and the papers ticked for each. */
export interface PackForm {
  kind: ShipmentKind
  destination: string
  items: DispatchItemView[]
  /** Material codes to put in, by case (materials only); all the originals to start with. */
  papers: Record<string, string[]>
  /** The carrier product the waybill number is taken from; null for the backend's default. */
  product: Pick<CarrierProduct, 'carrier' | 'product'> | null
}

/** The carrier product to take a number from: the default one while it has numbers, else the first that has. */
export function defaultProduct(products: readonly CarrierProduct[]): Pick<CarrierProduct, 'carrier' | 'product'> | null {
  const usable = products.filter((p) => p.free > 0)
  const chosen = usable.find((p) => p.carrier === DEFAULT_CARRIER && p.product === DEFAULT_PRODUCT) ?? usable[0] ?? products[0]
  return chosen ? { carrier: chosen.carrier, product: chosen.product } : null
}

/**
 * The envelopes to create, in order: the cases of a department in one, with the papers ticked of
 * each; the results for a pickup hall in one; a result to each applicant in its own.
 */
export function packRequests(form: PackForm, splitReason: string): ShipmentRequest[] {
  const reason = splitReason.trim()
  const common = {
    ...(reason ? { split_reason: reason } : {}),
    ...(form.product ? { carrier: form.product.carrier, product: form.product.product } : {}),
  }
  const numbers = form.items.map((i) => i.case.number)
  if (carriesPapers(form.kind)) {
    const papers = Object.fromEntries(numbers.map((n) => [n, [...(form.papers[n] ?? [])]]))
    return [{ kind: form.kind, cases: numbers, papers, ...common }]
  }
  if (sharesEnvelope(form.kind)) return [{ kind: form.kind, cases: numbers, ...common }]
  return numbers.map((n) => ({ kind: form.kind, cases: [n], ...common }))
}

/** Not cancelled nor returned: the envelopes the backend still counts. */
export function isLive(s: Pick<ShipmentView, 'state'>): boolean {
  return s.state !== 'cancelled' && s.state !== 'returned'
}

/**
 * The case to print an envelope's label under. The backend prints the newest live envelope of the
 * case, so a case whose papers went on in a later envelope too cannot name this one; null when none
 * of its cases can.
 */
export function labelCase(shipment: ShipmentView, shipments: readonly ShipmentView[]): string | null {
  const at = Date.parse(shipment.created_at)
  return (
    shipment.cases.find(
      (n) => !shipments.some((s) => s.waybill !== shipment.waybill && s.cases.includes(n) && isLive(s) && Date.parse(s.created_at) > at),
    ) ?? null
  )
}

/** The data-testids of the pack dialog's controls the request's fields are entered in. */
export const PACK_FIELD_TESTIDS: Readonly<Record<string, string>> = {
  split_reason: 'pack-split-reason',
  papers: 'pack-paper',
  carrier: 'pack-product',
  product: 'pack-product',
}

export const useCourierStore = defineStore('courier', () => {
  const printing = usePrintingStore()
  const ranges = useWaybillRangesStore()

  const work = ref<DispatchWorkView | null>(null)
  const loading = ref(false)
  const selection = ref<Selection>(NOTHING)

  // The pack dialog.
  const packing = ref<PackForm | null>(null)
  const splitReason = ref('')
  /** The backend asked why a case goes into a second envelope: the reason input is shown. */
  const askSplit = ref(false)
  const submitting = ref(false)
  /** The envelopes packed from the dialog so far (offered for their labels). */
  const packed = ref<ShipmentView[]>([])
  /** The data-testid of the control a refusal is about; `errorSeq` counts refusals, for focusing it again. */
  const errorField = ref<string | null>(null)
  const errorSeq = ref(0)

  // Printing: the job sent from here for each envelope's label, and for the 交接清单.
  const labelJobs = ref<Record<string, number>>({})
  const manifestJob = ref<number | null>(null)
  /** The envelope whose label is being sent. */
  const labelling = ref<string | null>(null)

  // The cancel dialog.
  const cancelling = ref<ShipmentView | null>(null)
  const cancelReason = ref('')
  const cancelBusy = ref(false)
  const cancelErrorSeq = ref(0)

  const groups = computed(() => work.value?.groups ?? [])
  const shipments = computed(() => work.value?.shipments ?? [])
  /** The envelopes labelled and waiting for the courier (what the 交接清单 lists). */
  const labelled = computed(() => shipments.value.filter((s) => s.state === 'labelled'))
  const selectedGroup = computed(() => groups.value.find((g) => groupKey(g) === selection.value.group) ?? null)
  const selectedItems = computed(() => {
    const group = selectedGroup.value
    if (!group) return []
    return group.items.filter((i) => selection.value.numbers.includes(i.case.number))
  })
  /** The pack dialog has packed everything it was opened with. */
  const packDone = computed(() => packing.value !== null && packing.value.items.length === 0 && packed.value.length > 0)

  let seq = 0

  async function load(): Promise<void> {
    const mine = ++seq
    const found = await whileBusy(loading, () => ipc.dispatchWork(), { current: () => mine === seq })
    if (found && mine === seq) {
      work.value = found
      selection.value = pruned(selection.value, found.groups)
    }
  }

  function isSelected(group: DispatchGroupView, number: string): boolean {
    return selection.value.group === groupKey(group) && selection.value.numbers.includes(number)
  }

  function select(group: DispatchGroupView, item: DispatchItemView, on: boolean): void {
    selection.value = toggled(selection.value, group, item, on)
  }

  function selectGroup(group: DispatchGroupView, on: boolean): void {
    selection.value = groupToggled(group, on)
  }

  /** Opens the pack dialog for the ticked cases; false when nothing is ticked. */
  function openPack(): boolean {
    const group = selectedGroup.value
    const items = selectedItems.value
    if (!group || items.length === 0) return false
    packing.value = {
      kind: group.kind,
      destination: group.destination,
      items: [...items],
      papers: Object.fromEntries(items.map((i) => [i.case.number, [...i.papers]])),
      product: defaultProduct(ranges.products),
    }
    splitReason.value = ''
    askSplit.value = false
    packed.value = []
    errorField.value = null
    return true
  }

  function setPaper(number: string, code: string, on: boolean): void {
    const form = packing.value
    if (!form) return
    const now = form.papers[number] ?? []
    const item = form.items.find((i) => i.case.number === number)
    // Ticked papers keep the order of the case's originals.
    const next = on ? (item?.papers ?? []).filter((c) => c === code || now.includes(c)) : now.filter((c) => c !== code)
    form.papers = { ...form.papers, [number]: next }
  }

  function refused(e: unknown): void {
    showError(e)
    const err = ipc.toIpcError(e)
    if (err.field === 'split_reason') askSplit.value = true
    errorField.value = (err.field && PACK_FIELD_TESTIDS[err.field]) ?? null
    errorSeq.value++
  }

  /**
   * Packs what the dialog holds, one envelope after another; a refusal stops there (what was packed
   * stays packed and leaves the dialog). True when everything is packed.
   */
  async function submitPack(): Promise<boolean> {
    const form = packing.value
    if (!form || submitting.value || form.items.length === 0) return false
    errorField.value = null
    submitting.value = true
    let failed = false
    try {
      for (const request of packRequests(form, splitReason.value)) {
        try {
          const shipment = await ipc.createShipment(request)
          packed.value = [...packed.value, shipment]
          form.items = form.items.filter((i) => !request.cases.includes(i.case.number))
        } catch (e) {
          refused(e)
          failed = true
          break
        }
      }
    } finally {
      submitting.value = false
      const left = selection.value.numbers.filter((n) => form.items.some((i) => i.case.number === n))
      selection.value = left.length > 0 ? { ...selection.value, numbers: left } : NOTHING
      // The work and the numbers left as they are now (a range may have run out).
      void load()
      void ranges.load()
    }
    return !failed
  }

  function closePack(): void {
    packing.value = null
    packed.value = []
    splitReason.value = ''
    askSplit.value = false
    errorField.value = null
  }

  /** Every live envelope known here: the hall's, and those just packed (the list may not have them yet). */
  function known(): ShipmentView[] {
    const list = [...shipments.value]
    for (const s of packed.value) if (!list.some((x) => x.waybill === s.waybill)) list.push(s)
    return list
  }

  /** The case an envelope's label is printed under; null when it cannot be (see labelCase). */
  function labelCaseOf(shipment: ShipmentView): string | null {
    return labelCase(shipment, known())
  }

  /** Prints (or reprints) an envelope's label with its waybill number; the envelope becomes labelled. */
  async function printLabel(shipment: ShipmentView): Promise<boolean> {
    const number = labelCaseOf(shipment)
    if (!number || labelling.value) return false
    labelling.value = shipment.waybill
    try {
      const job = await printing.print({ document: 'label', case_number: number, profile: null, lang: null, queue: null, demo: false })
      if (!job) return false
      labelJobs.value = { ...labelJobs.value, [shipment.waybill]: job.id }
      if (job.state !== 'failed') void load()
      return job.state !== 'failed'
    } finally {
      labelling.value = null
    }
  }

  /** The labels of the envelopes just packed, one after another. */
  async function printPackedLabels(): Promise<void> {
    for (const s of packed.value) await printLabel(s)
  }

  /** The 交接清单 of the labelled envelopes waiting for the courier. */
  async function printManifest(): Promise<void> {
    const job = await printing.print({ document: 'manifest', case_number: null, profile: null, lang: null, queue: null, demo: false })
    if (job) manifestJob.value = job.id
  }

  function openCancel(shipment: ShipmentView): void {
    if (!notHandedOver(shipment.state)) return
    cancelling.value = shipment
    cancelReason.value = ''
  }

  function closeCancel(): void {
    cancelling.value = null
    cancelReason.value = ''
  }

  /** Cancels the envelope with the reason given (required); the envelope as it is now, or null. */
  async function submitCancel(): Promise<ShipmentView | null> {
    const shipment = cancelling.value
    const reason = cancelReason.value.trim()
    if (!shipment || !reason || cancelBusy.value) return null
    cancelBusy.value = true
    try {
      const cancelled = await ipc.cancelShipment(shipment.waybill, reason)
      closeCancel()
      void load()
      return cancelled
    } catch (e) {
      showError(e)
      cancelErrorSeq.value++
      // Someone moved it meanwhile: the list as it is now.
      if (ipc.toIpcError(e).code === 'conflict') void load()
      return null
    } finally {
      cancelBusy.value = false
    }
  }

  return {
    work,
    loading,
    selection,
    groups,
    shipments,
    labelled,
    selectedGroup,
    selectedItems,
    packing,
    splitReason,
    askSplit,
    submitting,
    packed,
    packDone,
    errorField,
    errorSeq,
    labelJobs,
    manifestJob,
    labelling,
    cancelling,
    cancelReason,
    cancelBusy,
    cancelErrorSeq,
    load,
    isSelected,
    select,
    selectGroup,
    openPack,
    setPaper,
    submitPack,
    closePack,
    labelCaseOf,
    printLabel,
    printPackedLabels,
    printManifest,
    openCancel,
    closeCancel,
    submitCancel,
  }
})

// The intake form at the window as plain data: its defaults, the light checks made while typing
// (the backend is the authority on submit), the IntakeRequest built from it and the draft payload.
// The intake and shortfall stores and the intake screens share it.
import { maskIdNumber } from '@/format/mask'
import type {
  ApplicantKind,
  BundleDetail,
  BundleIntakeRequest,
  DeliveryMethod,
  IdKind,
  IntakeRequest,
  Material,
  MaterialForm,
  PartyInput,
  ReceivedInput,
  ServiceItemDetail,
} from '@/api/bindings'

/** ID kinds a natural person (applicant or agent) may show; never `mobile`. */
export const PERSON_ID_KINDS: readonly IdKind[] = ['resident_id', 'hk_macau_permit', 'residence_permit', 'tw_permit', 'passport']

/** Organisations apply with their unified social credit code only. */
export const ORGANISATION_ID_KINDS: readonly IdKind[] = ['uscc']

/** What the clerk says of the applicant besides who they are: these change the shortfall decision. */
export type ApplicantFacts = {
  applicant_kind: ApplicantKind
  has_agent: boolean
  commitment_signed: boolean
  dishonest: boolean
}

export function idKindsFor(kind: ApplicantKind): readonly IdKind[] {
  return kind === 'organisation' ? ORGANISATION_ID_KINDS : PERSON_ID_KINDS
}

export const PROVINCE = '广东省'
export const DEFAULT_CITY = '江门市'

/** The 21 prefecture-level cities of Guangdong. */
export const GUANGDONG_CITIES: readonly string[] = [
  '广州市',
  '深圳市',
  '珠海市',
  '汕头市',
  '佛山市',
  '韶关市',
  '湛江市',
  '肇庆市',
  '江门市',
  '茂名市',
  '惠州市',
  '梅州市',
  '汕尾市',
  '河源市',
  '阳江市',
  '清远市',
  '东莞市',
  '中山市',
  '潮州市',
  '揭阳市',
  '云浮市',
]

export interface AddressForm {
  city: string
  district: string
  street: string
  detail: string
  /** Empty: the applicant receives it. */
  receiver: string
  /** Empty: the applicant's phone. */
  phone: string
}

export interface IntakeFormState {
  applicant: PartyInput
  phone: string
  agent: PartyInput
  delivery: {
    method: DeliveryMethod
    pickup_hall_code: string | null
    address: AddressForm
  }
}

export function emptyAddress(): AddressForm {
  return { city: DEFAULT_CITY, district: '', street: '', detail: '', receiver: '', phone: '' }
}

export function emptyForm(item: Pick<ServiceItemDetail, 'delivery'> | null = null, hallCode: string | null = null): IntakeFormState {
  const offers = item?.delivery ?? []
  const method: DeliveryMethod = offers.length > 0 && !offers.includes('window') ? 'post' : 'window'
  return {
    applicant: { name: '', id_kind: 'resident_id', id_number: '' },
    phone: '',
    agent: { name: '', id_kind: 'resident_id', id_number: '' },
    delivery: { method, pickup_hall_code: hallCode, address: emptyAddress() },
  }
}

/** The number as the backend reads it: outer spaces off, letters upper case. */
export function normaliseId(value: string): string {
  return value.trim().toUpperCase()
}

/**
 * Whether an ID number has the shape of a complete one (length and characters; the checksum is the
 * backend's business). Only then is the applicant's history asked for.
 */
export function idLooksComplete(kind: IdKind, value: string): boolean {
  const v = normaliseId(value)
  switch (kind) {
    case 'resident_id':
      return /^\d{17}[\dX]$/.test(v)
    case 'residence_permit':
      return /^8[123]0000\d{11}[\dX]$/.test(v)
    case 'uscc':
      return /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(v)
    case 'hk_macau_permit':
      return /^[HM]\d{8}$/.test(v)
    case 'tw_permit':
      return /^\d{8}$/.test(v)
    case 'passport':
      return /^[A-Z0-9]{5,17}$/.test(v) && /\d/.test(v)
    case 'mobile':
      return /^1[3-9]\d{9}$/.test(v)
  }
}

/** The message key of what is visibly wrong with an ID number as typed; null while it may still be fine. */
export function idHint(kind: IdKind, value: string): string | null {
  const v = normaliseId(value)
  if (!v || idLooksComplete(kind, v)) return null
  if (/[\uFF01-\uFF5E\u3000]/.test(v)) return 'intake.hints.fullWidth'
  switch (kind) {
    case 'resident_id':
    case 'residence_permit':
      if (/^\d{15}$/.test(v) && kind === 'resident_id') return 'intake.hints.legacy15'
      if (kind === 'residence_permit' && v.length >= 6 && !/^8[123]0000/.test(v)) return 'intake.hints.residencePermit'
      if (v.length >= 18 || !/^\d*$/.test(v)) return 'intake.hints.residentId'
      return null
    case 'uscc':
      return v.length >= 18 || /[IOSVZ]/.test(v) || !/^[0-9A-Z]*$/.test(v) ? 'intake.hints.uscc' : null
    case 'hk_macau_permit':
      return !/^[HM]\d{0,8}$/.test(v) ? 'intake.hints.hkMacau' : null
    case 'tw_permit':
      return !/^\d{0,8}$/.test(v) ? 'intake.hints.twPermit' : null
    case 'passport':
      return !/^[A-Z0-9]*$/.test(v) || v.length > 17 ? 'intake.hints.passport' : null
    case 'mobile':
      return null
  }
}

/** A mainland mobile, or a landline with its area code (0750-3502345). */
export function phoneLooksValid(value: string): boolean {
  const v = value.trim()
  return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v)
}

/** A row of a materials checklist: an item's material, or a 一件事 bundle's merged one. */
export type ChecklistMaterial = Pick<Material, 'name' | 'form' | 'copies' | 'pages' | 'policy' | 'applies_to'> & {
  /** Only an item's tolerable materials say it. */
  supplement_days?: number | null
  /** The e-certificate that stands for it, null for none; absent where the list does not say (a bundle's). */
  e_certificate?: string | null
}

/**
 * Whether a material is asked of this applicant, as the shortfall check reads `applies_to`: an agent's
 * papers only when an agent applies, a person's or an organisation's only for that kind of applicant.
 * One that is not is neither ticked nor counted at the window.
 */
export function materialApplies(m: Pick<Material, 'applies_to'>, facts: Pick<ApplicantFacts, 'applicant_kind' | 'has_agent'>): boolean {
  switch (m.applies_to) {
    case 'all':
      return true
    case 'person':
      return facts.applicant_kind === 'person'
    case 'organisation':
      return facts.applicant_kind === 'organisation'
    case 'agent':
      return facts.has_agent
  }
}

/** How a ticked material was received: its form, copies and pages. */
export type ReceivedDetails = Omit<ReceivedInput, 'material_code' | 'scans'>

/** The inbox scans attached to ticked materials, by key: sha256s, in order. */
export type AttachedScans = Record<string, string[]>

/** The forms a material can be received in, in the order the clerk picks from. */
export const MATERIAL_FORMS: readonly MaterialForm[] = ['original', 'copy', 'e_certificate']
export const MAX_COPIES = 99
export const MAX_PAGES = 9999

/** A count of copies or pages as the intake takes it: a whole number from 1 to `max`; 1 when it is no number. */
export function clampCount(value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 1
  return Math.min(max, Math.max(1, Math.round(value)))
}

/** Details with their copies and pages in range. */
export function clampDetails(d: ReceivedDetails): ReceivedDetails {
  return { form: d.form, copies: clampCount(d.copies, MAX_COPIES), pages: clampCount(d.pages, MAX_PAGES) }
}

/** Whether a value has the shape of a scan's sha256. */
export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/i.test(value)
}

/**
 * Attached scans as they are kept: under the `keys` given only (the ticked ones), each scan under the
 * first key that names it, keys without scans left out. Anything not a list of sha256s is dropped.
 */
export function keptScans(keys: ReadonlySet<string>, from: unknown): AttachedScans {
  const kept: AttachedScans = {}
  if (!from || typeof from !== 'object') return kept
  const seen = new Set<string>()
  for (const [key, shas] of Object.entries(from as Record<string, unknown>)) {
    if (!keys.has(key) || !Array.isArray(shas)) continue
    const mine: string[] = []
    for (const sha of shas) {
      if (!isSha256(sha) || seen.has(sha)) continue
      seen.add(sha)
      mine.push(sha)
    }
    if (mine.length > 0) kept[key] = mine
  }
  return kept
}

/** The scans a received material names, as the intake takes them: only when there are some. */
function scansOf(key: string, scans: Readonly<Record<string, readonly string[]>>): { scans?: string[] } {
  const list = Object.hasOwn(scans, key) ? scans[key]! : []
  return list.length > 0 ? { scans: [...list] } : {}
}

/** What the catalog asks for: a material ticked is taken to be received so until the clerk says otherwise. */
export function catalogDetails(m: Pick<Material, 'form' | 'copies' | 'pages'>): ReceivedDetails {
  return clampDetails({ form: m.form, copies: m.copies, pages: m.pages })
}

/** How a ticked material was received: as the clerk entered it in `details`, else as the catalog asks. */
export function receivedDetails(
  m: Pick<Material, 'code' | 'form' | 'copies' | 'pages'>,
  details: Readonly<Record<string, ReceivedDetails>>,
): ReceivedDetails {
  return receivedDetailsAt(m.code, m, details)
}

/**
 * The same for a material ticked under `key`: its code in an item's checklist, its name in a 一件事
 * bundle's merged one.
 */
export function receivedDetailsAt(
  key: string,
  m: Pick<Material, 'form' | 'copies' | 'pages'>,
  details: Readonly<Record<string, ReceivedDetails>>,
): ReceivedDetails {
  return Object.hasOwn(details, key) ? clampDetails(details[key]) : catalogDetails(m)
}

/** Details read back from a draft; null when they are not ones we wrote (the catalog's then apply). */
export function parseReceivedDetails(value: unknown): ReceivedDetails | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Partial<Record<keyof ReceivedDetails, unknown>>
  if (!MATERIAL_FORMS.includes(v.form as MaterialForm) || typeof v.copies !== 'number' || typeof v.pages !== 'number') return null
  return clampDetails({ form: v.form as MaterialForm, copies: v.copies, pages: v.pages })
}

/**
 * The message key of how a material received in `form` falls short of the catalog's; null when it
 * does not. An original is never short; an e-certificate is as good as the original, but only for a
 * material that has one (`e_certificate` null). A bundle's merged list does not say whether its
 * materials have one (`e_certificate` absent): an e-certificate is not called short there.
 */
export function weakFormHint(m: { form: MaterialForm; e_certificate?: string | null }, form: MaterialForm): string | null {
  if (form === m.form) return null
  switch (form) {
    case 'original':
      return null
    case 'e_certificate':
      return m.e_certificate === null ? 'material.weakForm.noECertificate' : null
    case 'copy':
      return m.form === 'original' ? 'material.weakForm.original' : 'material.weakForm.eCertificate'
  }
}

/** What the intake of an item and of a bundle have in common: who applies, their facts and the delivery. */
type CommonRequest = Omit<IntakeRequest, 'service_item_code' | 'received'>

function commonRequest(form: IntakeFormState, facts: ApplicantFacts, draftId: number | null): CommonRequest {
  const applicant: PartyInput = {
    name: form.applicant.name.trim(),
    id_kind: facts.applicant_kind === 'organisation' ? 'uscc' : form.applicant.id_kind,
    id_number: normaliseId(form.applicant.id_number),
  }
  const phone = form.phone.trim()
  const agent: PartyInput | null = facts.has_agent
    ? { name: form.agent.name.trim(), id_kind: form.agent.id_kind, id_number: normaliseId(form.agent.id_number) }
    : null
  const d = form.delivery
  const delivery: IntakeRequest['delivery'] =
    d.method === 'post'
      ? {
          method: 'post',
          pickup_hall_code: null,
          address: {
            province: PROVINCE,
            city: d.address.city,
            district: d.address.district.trim(),
            street: d.address.street.trim(),
            detail: d.address.detail.trim(),
            receiver: d.address.receiver.trim() || applicant.name,
            phone: d.address.phone.trim() || phone,
          },
        }
      : { method: 'window', pickup_hall_code: d.pickup_hall_code, address: null }
  return {
    applicant_kind: facts.applicant_kind,
    applicant,
    phone,
    agent,
    commitment_signed: facts.commitment_signed,
    dishonest: facts.dishonest,
    delivery,
    draft_id: draftId,
  }
}

/**
 * What an intake request is built from besides the item or bundle. The ticks, details and scans are
 * by key: an item's material code, a bundle's merged-list name.
 */
interface IntakeInput {
  form: IntakeFormState
  facts: ApplicantFacts
  /** Keys of the materials received. */
  present: ReadonlySet<string> | readonly string[]
  /** How the clerk says ticked materials were received; the catalog's form, copies and pages for the rest. */
  details?: Readonly<Record<string, ReceivedDetails>>
  /** The inbox scans attached to ticked materials: filed with the new case(s) that ask for them. */
  scans?: Readonly<Record<string, readonly string[]>>
  draftId: number | null
}

/** How a ticked material was received, with the scans attached to it. */
type Received = ReceivedDetails & { scans?: string[] }

/** The ticked ones of `materials`, in their order: each one's key and how it was received. */
function receivedOf<M extends Pick<Material, 'form' | 'copies' | 'pages'>>(
  materials: readonly M[],
  keyOf: (m: M) => string,
  input: IntakeInput,
): [key: string, received: Received][] {
  const present = new Set(input.present)
  const details = input.details ?? {}
  const scans = input.scans ?? {}
  const received: [string, Received][] = []
  for (const m of materials) {
    const key = keyOf(m)
    if (present.has(key)) received.push([key, { ...receivedDetailsAt(key, m, details), ...scansOf(key, scans) }])
  }
  return received
}

/**
 * The form as the intake command takes it: the ticked materials by code, and on a return visit the
 * one-time notice it continues (a bundle has no return visit: its request never names one).
 */
export function buildIntakeRequest(
  args: IntakeInput & { item: Pick<ServiceItemDetail, 'code' | 'materials'>; continues?: string | null },
): IntakeRequest {
  const { item, form, facts, draftId } = args
  const received = receivedOf(item.materials, (m) => m.code, args).map(([material_code, r]) => ({ material_code, ...r }))
  const continues = args.continues?.trim()
  return { service_item_code: item.code, ...commonRequest(form, facts, draftId), received, ...(continues ? { continues } : {}) }
}

/**
 * The form of a 一件事 bundle as the bundle intake command takes it: the ticked materials of the merged
 * list by name, in its order, each as the clerk says it was received (the merged list's form, copies
 * and pages otherwise).
 */
export function buildBundleIntakeRequest(args: IntakeInput & { bundle: Pick<BundleDetail, 'code' | 'materials'> }): BundleIntakeRequest {
  const { bundle, form, facts, draftId } = args
  const received = receivedOf(bundle.materials, (m) => m.name, args).map(([name, r]) => ({ name, ...r }))
  return { bundle_code: bundle.code, ...commonRequest(form, facts, draftId), received }
}

/**
 * What a draft holds: enough to reopen the item and refill the form. Version 1 had no `details`;
 * such drafts still open, with the catalog's form, copies and pages for their ticks. Drafts saved
 * before scans could be attached at the window have no `scans`: they open with none. Item drafts
 * carry no `kind` (they came first); a bundle's says `bundle`. Drafts saved before the glossary
 * settled say `item_code`, `item_name` and (in the facts) `agent`: they are read under the new names.
 */
export interface DraftPayload {
  version: 2
  kind?: 'item'
  service_item_code: string
  service_item_name: string
  facts: ApplicantFacts
  present: string[]
  /** How ticked materials were received, where the clerk entered it. */
  details: Record<string, ReceivedDetails>
  /** The inbox scans attached to ticked materials, by code. */
  scans: AttachedScans
  form: IntakeFormState
  /** On a return visit: the number of the one-time notice it continues. */
  continues?: string
}

/** The draft of a 一件事 bundle's intake: the ticks and details are by merged-list material name. */
export interface BundleDraftPayload {
  version: 2
  kind: 'bundle'
  bundle_code: string
  bundle_name: string
  facts: ApplicantFacts
  present: string[]
  details: Record<string, ReceivedDetails>
  scans: AttachedScans
  form: IntakeFormState
}

export type AnyDraftPayload = DraftPayload | BundleDraftPayload

/** The details of the ticked keys only, with their counts in range. */
function keptDetails(keys: readonly string[], details: Readonly<Record<string, ReceivedDetails>>): Record<string, ReceivedDetails> {
  const kept: Record<string, ReceivedDetails> = {}
  for (const key of keys) {
    if (Object.hasOwn(details, key)) kept[key] = clampDetails(details[key])
  }
  return kept
}

/** What item and bundle drafts share: the facts, the ticked keys with their details and scans, the form. */
export type DraftBody = Pick<DraftPayload, 'facts' | 'present' | 'details' | 'scans' | 'form'>

function draftBody(
  form: IntakeFormState,
  facts: ApplicantFacts,
  present: Iterable<string>,
  details: Readonly<Record<string, ReceivedDetails>>,
  scans: Readonly<Record<string, readonly string[]>>,
): DraftBody {
  const keys = [...present]
  return {
    facts: { ...facts },
    present: keys,
    details: keptDetails(keys, details),
    scans: keptScans(new Set(keys), scans),
    form: structuredCloneForm(form),
  }
}

export function draftPayload(
  item: Pick<ServiceItemDetail, 'code' | 'name'>,
  form: IntakeFormState,
  facts: ApplicantFacts,
  present: Iterable<string>,
  details: Readonly<Record<string, ReceivedDetails>> = {},
  scans: Readonly<Record<string, readonly string[]>> = {},
): DraftPayload {
  const body = draftBody(form, facts, present, details, scans)
  return { version: 2, service_item_code: item.code, service_item_name: item.name, ...body }
}

export function bundleDraftPayload(
  bundle: Pick<BundleDetail, 'code' | 'name'>,
  form: IntakeFormState,
  facts: ApplicantFacts,
  present: Iterable<string>,
  details: Readonly<Record<string, ReceivedDetails>> = {},
  scans: Readonly<Record<string, readonly string[]>> = {},
): BundleDraftPayload {
  const body = draftBody(form, facts, present, details, scans)
  return { version: 2, kind: 'bundle', bundle_code: bundle.code, bundle_name: bundle.name, ...body }
}

/** Whether two ways of receiving a material are the same. */
function sameDetails(a: ReceivedDetails, b: ReceivedDetails): boolean {
  return a.form === b.form && a.copies === b.copies && a.pages === b.pages
}

/**
 * What the intake of one member item starts from when the clerk opens it from its 一件事 bundle's
 * (`from`, keyed by merged-list name): who applies, their facts, the phone and the agent as they are;
 * the delivery as chosen where the item offers that method, else with the item's default method; and
 * each material ticked in the merged list as the item's material of that name, ticked by code, with
 * how it was received (kept only where it is not what the item asks for) and its scans. A name the
 * item does not ask for is left behind.
 */
export function carryToMember(
  bundle: Pick<BundleDetail, 'materials'>,
  from: DraftBody,
  item: Pick<ServiceItemDetail, 'delivery' | 'materials'>,
): DraftBody {
  const form = structuredCloneForm(from.form)
  // Window pickup when the catalog names none, as the delivery choice offers.
  const offers: readonly DeliveryMethod[] = item.delivery.length > 0 ? item.delivery : ['window']
  if (!offers.includes(form.delivery.method)) form.delivery.method = emptyForm(item).delivery.method
  const ticked = new Set(from.present)
  const merged = new Map(bundle.materials.map((m) => [m.name, m]))
  const present: string[] = []
  const details: Record<string, ReceivedDetails> = {}
  const scans: Record<string, string[]> = {}
  for (const m of item.materials) {
    if (!ticked.has(m.name)) continue
    present.push(m.code)
    // As the bundle's checklist had it: the clerk's details, else the merged list's.
    const asked = merged.get(m.name) ?? m
    const received = receivedDetailsAt(m.name, asked, from.details)
    if (!sameDetails(received, catalogDetails(m))) details[m.code] = received
    const attached = Object.hasOwn(from.scans, m.name) ? from.scans[m.name]! : []
    if (attached.length > 0) scans[m.code] = [...attached]
  }
  return { facts: { ...from.facts }, present, details, scans: keptScans(new Set(present), scans), form }
}

function structuredCloneForm(form: IntakeFormState): IntakeFormState {
  return JSON.parse(JSON.stringify(form)) as IntakeFormState
}

/** What item and bundle drafts share, read back; sound values only, defaults for the rest. */
function parseDraftBody(value: Record<string, unknown>): DraftBody {
  const base = emptyForm()
  const form = value.form as Partial<IntakeFormState>
  const present = Array.isArray(value.present) ? value.present.filter((c): c is string => typeof c === 'string') : []
  const details: Record<string, ReceivedDetails> = {}
  const savedDetails: unknown = value.details
  if (savedDetails && typeof savedDetails === 'object') {
    for (const key of present) {
      const d = parseReceivedDetails((savedDetails as Record<string, unknown>)[key])
      if (d) details[key] = d
    }
  }
  return {
    facts: parseFacts(value.facts),
    present,
    details,
    scans: keptScans(new Set(present), value.scans),
    form: {
      applicant: { ...base.applicant, ...form.applicant },
      phone: typeof form.phone === 'string' ? form.phone : '',
      agent: { ...base.agent, ...form.agent },
      delivery: {
        ...base.delivery,
        ...form.delivery,
        address: { ...base.delivery.address, ...form.delivery?.address },
      },
    },
  }
}

/** The facts read back; false (a person) for whatever is not sound. */
function parseFacts(value: unknown): ApplicantFacts {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  const flag = (x: unknown) => x === true
  return {
    applicant_kind: v.applicant_kind === 'organisation' ? 'organisation' : 'person',
    has_agent: flag(v.has_agent ?? v.agent),
    commitment_signed: flag(v.commitment_signed),
    dishonest: flag(v.dishonest),
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/** A saved item draft read back; null when it is not one of ours (or a bundle's). */
export function parseDraftPayload(text: string): DraftPayload | null {
  const value = parseObject(text)
  if (!value || value.kind === 'bundle' || !value.form || typeof value.form !== 'object') return null
  const code = value.service_item_code ?? value.item_code
  const name = value.service_item_name ?? value.item_name
  if (typeof code !== 'string') return null
  return {
    version: 2,
    service_item_code: code,
    service_item_name: typeof name === 'string' ? name : '',
    ...parseDraftBody(value),
    ...(typeof value.continues === 'string' && value.continues.trim() !== '' ? { continues: value.continues.trim() } : {}),
  }
}

/** A saved bundle draft read back; null when it is not a bundle's. */
export function parseBundleDraftPayload(text: string): BundleDraftPayload | null {
  const value = parseObject(text)
  if (!value || value.kind !== 'bundle' || typeof value.bundle_code !== 'string' || !value.form || typeof value.form !== 'object') return null
  return {
    version: 2,
    kind: 'bundle',
    bundle_code: value.bundle_code,
    bundle_name: typeof value.bundle_name === 'string' ? value.bundle_name : '',
    ...parseDraftBody(value),
  }
}

/** Any saved draft read back: an item's or a bundle's; null when it is not one of ours. */
export function parseAnyDraft(text: string): AnyDraftPayload | null {
  return parseBundleDraftPayload(text) ?? parseDraftPayload(text)
}

/** What the drafts list says of a draft: what it is for, who applies, and the notice a return visit continues. */
export interface DraftSummary {
  kind: 'item' | 'bundle'
  /** The item's or the bundle's name; the title when the payload does not say. */
  target: string
  /** The applicant's name, else their ID number masked; empty when neither was typed. */
  applicant: string
  continues: string | null
}

export function draftSummary(d: { title: string; payload: string }): DraftSummary {
  const p = parseAnyDraft(d.payload)
  if (!p) return { kind: 'item', target: d.title, applicant: '', continues: null }
  const a = p.form.applicant
  const id = normaliseId(a.id_number)
  return {
    kind: p.kind === 'bundle' ? 'bundle' : 'item',
    target: (p.kind === 'bundle' ? p.bundle_name : p.service_item_name) || d.title,
    applicant: a.name.trim() || (id ? maskIdNumber(id) : ''),
    continues: p.kind === 'bundle' ? null : (p.continues ?? null),
  }
}

/** Whether anything was typed or ticked: only then is a draft worth saving. */
export function hasContent(form: IntakeFormState, present: ReadonlySet<string>): boolean {
  const a = form.delivery.address
  return (
    present.size > 0 ||
    [
      form.applicant.name,
      form.applicant.id_number,
      form.phone,
      form.agent.name,
      form.agent.id_number,
      a.district,
      a.street,
      a.detail,
      a.receiver,
      a.phone,
    ].some((v) => v.trim() !== '')
  )
}

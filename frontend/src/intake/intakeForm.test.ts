import { describe, expect, it } from 'vitest'
import type { BundleDetail, ServiceItemDetail } from '@/api/bindings'
import {
  buildBundleIntakeRequest,
  buildIntakeRequest,
  bundleDraftPayload,
  carryToMember,
  catalogDetails,
  clampCount,
  clampDetails,
  draftSummary,
  draftPayload,
  emptyForm,
  GUANGDONG_CITIES,
  idKindsFor,
  idLooksComplete,
  keptScans,
  materialApplies,
  MAX_COPIES,
  MAX_PAGES,
  parseAnyDraft,
  parseBundleDraftPayload,
  parseDraftPayload,
  parseReceivedDetails,
  receivedDetails,
  weakFormHint,
} from './intakeForm'
import { createAppI18n } from '@/locales'

const item: Pick<ServiceItemDetail, 'code' | 'name' | 'materials' | 'delivery'> = {
  code: '440703-PJQSCJGJ-001',
  name: '个体工商户设立登记',
  delivery: ['window', 'post'],
  materials: [
    {
      code: 'M01',
      name: '申请书',
      form: 'original',
      copies: 1,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
    {
      code: 'M02',
      name: '居民身份证',
      form: 'copy',
      copies: 2,
      pages: 1,
      policy: 'core',
      supplement_days: null,
      e_certificate: '居民身份证',
      applies_to: 'all',
      note: '',
    },
    {
      code: 'M03',
      name: '经营场所使用证明',
      form: 'original',
      copies: 1,
      pages: 3,
      policy: 'tolerable',
      supplement_days: 1,
      e_certificate: null,
      applies_to: 'all',
      note: '',
    },
  ],
}

const facts = { applicant_kind: 'person' as const, has_agent: false, commitment_signed: false, dishonest: false }

describe('what the drafts list says of a draft', () => {
  const form = (name: string, id_number = '') => ({ applicant: { name, id_kind: 'resident_id', id_number } })
  it('names the target and who applies, masked when only the ID was typed, and the notice it continues', () => {
    const item = (extra: object) => JSON.stringify({ version: 2, service_item_code: 'X', service_item_name: '户籍证明开具', ...extra })
    expect(draftSummary({ title: 't', payload: item({ form: form('  何嘉仪 ') }) })).toEqual({
      kind: 'item',
      target: '户籍证明开具',
      applicant: '何嘉仪',
      continues: null,
    })
    expect(draftSummary({ title: 't', payload: item({ form: form('', '440524188001010014'), continues: '4407030002026112900003' }) })).toEqual({
      kind: 'item',
      target: '户籍证明开具',
      applicant: '4405**********0014',
      continues: '4407030002026112900003',
    })
    const bundle = JSON.stringify({ version: 2, kind: 'bundle', bundle_code: 'B', bundle_name: '新生儿出生一件事', form: form('𠮷祥云') })
    expect(draftSummary({ title: 't', payload: bundle })).toEqual({
      kind: 'bundle',
      target: '新生儿出生一件事',
      applicant: '𠮷祥云',
      continues: null,
    })
    expect(draftSummary({ title: '旧草稿', payload: 'not json' })).toEqual({ kind: 'item', target: '旧草稿', applicant: '', continues: null })
  })
})

describe('which materials are asked of the applicant', () => {
  it('reads applies_to as the shortfall check does', () => {
    const person = { applicant_kind: 'person' as const, has_agent: false }
    const organisation = { applicant_kind: 'organisation' as const, has_agent: false }
    const agent = { applicant_kind: 'person' as const, has_agent: true }
    expect([person, organisation, agent].map((f) => materialApplies({ applies_to: 'all' }, f))).toEqual([true, true, true])
    expect([person, organisation, agent].map((f) => materialApplies({ applies_to: 'person' }, f))).toEqual([true, false, true])
    expect([person, organisation, agent].map((f) => materialApplies({ applies_to: 'organisation' }, f))).toEqual([false, true, false])
    expect([person, organisation, agent].map((f) => materialApplies({ applies_to: 'agent' }, f))).toEqual([false, false, true])
  })
})

describe('the intake request built from the form', () => {
  it('takes the applicant, the ticked materials in catalog order with their form, copies and pages, and window pickup', () => {
    const form = emptyForm(item, '440700000')
    form.applicant = { name: ' 𠮷祥云 ', id_kind: 'resident_id', id_number: ' 11010519491231002x ' }
    form.phone = '13812345678'
    expect(buildIntakeRequest({ item, form, facts, present: new Set(['M03', 'M01']), draftId: null })).toEqual({
      service_item_code: '440703-PJQSCJGJ-001',
      applicant_kind: 'person',
      applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: '11010519491231002X' },
      phone: '13812345678',
      agent: null,
      commitment_signed: false,
      dishonest: false,
      received: [
        { material_code: 'M01', form: 'original', copies: 1, pages: 1 },
        { material_code: 'M03', form: 'original', copies: 1, pages: 3 },
      ],
      delivery: { method: 'window', pickup_hall_code: '440700000', address: null },
      draft_id: null,
    })
  })

  it('names the one-time notice a return visit continues, and nothing otherwise', () => {
    const form = emptyForm(item, '440700000')
    const args = { item, form, facts, present: [], draftId: null }
    expect(buildIntakeRequest({ ...args, continues: ' 4407030002026112800007 ' }).continues).toBe('4407030002026112800007')
    // No key at all: the backend reads a missing one as a first visit.
    for (const continues of [undefined, null, '', '  ']) expect('continues' in buildIntakeRequest({ ...args, continues })).toBe(false)
  })

  it('adds the agent when the agent switch is on, and the post address with the applicant as default receiver', () => {
    const form = emptyForm(item, '440700000')
    form.applicant = { name: '阿依古丽·买买提', id_kind: 'resident_id', id_number: '440524188001010014' }
    form.phone = '13912345678'
    form.agent = { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' }
    form.delivery.method = 'post'
    form.delivery.address = { city: '江门市', district: '新会区', street: '会城街道', detail: '今古洲路88号', receiver: '', phone: '' }
    const req = buildIntakeRequest({
      item,
      form,
      facts: { ...facts, has_agent: true, commitment_signed: true },
      present: ['M02'],
      draftId: 9,
    })
    expect(req.agent).toEqual({ name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' })
    expect(req.commitment_signed).toBe(true)
    expect(req.received).toEqual([{ material_code: 'M02', form: 'copy', copies: 2, pages: 1 }])
    expect(req.delivery).toEqual({
      method: 'post',
      pickup_hall_code: null,
      address: {
        province: '广东省',
        city: '江门市',
        district: '新会区',
        street: '会城街道',
        detail: '今古洲路88号',
        receiver: '阿依古丽·买买提',
        phone: '13912345678',
      },
    })
    expect(req.draft_id).toBe(9)
    // A receiver of their own keeps their name and phone.
    form.delivery.address.receiver = '陈𠮷娣'
    form.delivery.address.phone = '0750-6612345'
    const own = buildIntakeRequest({ item, form, facts, present: [], draftId: null })
    expect(own.agent).toBeNull()
    expect(own.delivery.address).toMatchObject({ receiver: '陈𠮷娣', phone: '0750-6612345' })
  })

  it('sends an organisation with its credit code', () => {
    const form = emptyForm(item, null)
    form.applicant = { name: '江门市某某有限公司', id_kind: 'resident_id', id_number: '91440703MA4UJ8XK2B' }
    const req = buildIntakeRequest({ item, form, facts: { ...facts, applicant_kind: 'organisation' }, present: [], draftId: null })
    expect(req.applicant.id_kind).toBe('uscc')
    expect(req.applicant_kind).toBe('organisation')
  })

  it('offers organisations the credit code only, and never the mobile number as an ID', () => {
    expect(idKindsFor('organisation')).toEqual(['uscc'])
    expect(idKindsFor('person')).not.toContain('mobile')
    expect(idKindsFor('person')).not.toContain('uscc')
    expect(GUANGDONG_CITIES).toHaveLength(21)
    expect(emptyForm({ delivery: ['post'] }, null).delivery.method).toBe('post')
    expect(emptyForm(item, '440703000').delivery).toMatchObject({ method: 'window', pickup_hall_code: '440703000' })
  })
})

describe('how a ticked material was received', () => {
  it('is what the catalog asks until the clerk says otherwise, with at least one copy and page', () => {
    expect(catalogDetails(item.materials[1]!)).toEqual({ form: 'copy', copies: 2, pages: 1 })
    expect(catalogDetails({ form: 'original', copies: 0, pages: 0 })).toEqual({ form: 'original', copies: 1, pages: 1 })
    expect(receivedDetails(item.materials[2]!, {})).toEqual({ form: 'original', copies: 1, pages: 3 })
    expect(receivedDetails(item.materials[2]!, { M01: { form: 'copy', copies: 9, pages: 9 } })).toEqual({ form: 'original', copies: 1, pages: 3 })
    expect(receivedDetails(item.materials[2]!, { M03: { form: 'copy', copies: 2, pages: 5 } })).toEqual({ form: 'copy', copies: 2, pages: 5 })
  })

  it('keeps copies and pages whole numbers from 1 to their maximum', () => {
    expect([MAX_COPIES, MAX_PAGES]).toEqual([99, 9999])
    expect(clampCount(3, MAX_COPIES)).toBe(3)
    expect(clampCount(0, MAX_COPIES)).toBe(1)
    expect(clampCount(-4, MAX_COPIES)).toBe(1)
    expect(clampCount(100, MAX_COPIES)).toBe(99)
    expect(clampCount(2.6, MAX_COPIES)).toBe(3)
    expect(clampCount(12345, MAX_PAGES)).toBe(9999)
    expect(clampCount(Number.NaN, MAX_PAGES)).toBe(1)
    expect(clampCount(Number.POSITIVE_INFINITY, MAX_PAGES)).toBe(1)
    expect(clampCount('7', MAX_PAGES)).toBe(1)
    expect(clampCount(null, MAX_PAGES)).toBe(1)
    expect(clampDetails({ form: 'copy', copies: 1.2, pages: 10001 })).toEqual({ form: 'copy', copies: 1, pages: 9999 })
    expect(receivedDetails(item.materials[0]!, { M01: { form: 'original', copies: 500, pages: 0 } })).toEqual({
      form: 'original',
      copies: 99,
      pages: 1,
    })
  })

  it('reads back from a draft only when it is a form and two numbers', () => {
    expect(parseReceivedDetails({ form: 'e_certificate', copies: 1, pages: 2 })).toEqual({ form: 'e_certificate', copies: 1, pages: 2 })
    expect(parseReceivedDetails({ form: 'copy', copies: 120, pages: -1 })).toEqual({ form: 'copy', copies: 99, pages: 1 })
    expect(parseReceivedDetails({ form: 'scan', copies: 1, pages: 1 })).toBeNull()
    expect(parseReceivedDetails({ form: 'copy', copies: '1', pages: 1 })).toBeNull()
    expect(parseReceivedDetails({ form: 'copy', copies: 1 })).toBeNull()
    expect(parseReceivedDetails(null)).toBeNull()
    expect(parseReceivedDetails('copy')).toBeNull()
  })

  it('falls short of the catalog when a copy stands for an original or an e-certificate, or the material has no e-certificate', () => {
    const original = { form: 'original' as const, e_certificate: null }
    const originalWithCert = { form: 'original' as const, e_certificate: '居民身份证' }
    const copy = { form: 'copy' as const, e_certificate: null }
    const cert = { form: 'e_certificate' as const, e_certificate: '营业执照' }
    expect(weakFormHint(original, 'original')).toBeNull()
    expect(weakFormHint(original, 'copy')).toBe('material.weakForm.original')
    expect(weakFormHint(original, 'e_certificate')).toBe('material.weakForm.noECertificate')
    expect(weakFormHint(originalWithCert, 'e_certificate')).toBeNull()
    expect(weakFormHint(originalWithCert, 'copy')).toBe('material.weakForm.original')
    expect(weakFormHint(copy, 'original')).toBeNull()
    expect(weakFormHint(copy, 'copy')).toBeNull()
    expect(weakFormHint(copy, 'e_certificate')).toBe('material.weakForm.noECertificate')
    expect(weakFormHint(cert, 'original')).toBeNull()
    expect(weakFormHint(cert, 'copy')).toBe('material.weakForm.eCertificate')
    // What the catalog itself asks for is never short of it.
    expect(weakFormHint({ form: 'e_certificate', e_certificate: null }, 'e_certificate')).toBeNull()
    const t = createAppI18n('zh-CN').global.t
    expect(t('material.weakForm.original')).toBe('须原件')
    expect(createAppI18n('en').global.t('material.weakForm.original')).toBe('original required')
  })

  it('reaches the intake request as the clerk entered it, for ticked materials only', () => {
    const form = emptyForm(item, null)
    const req = buildIntakeRequest({
      item,
      form,
      facts,
      present: ['M01', 'M02'],
      details: {
        M01: { form: 'copy', copies: 3, pages: 12 },
        M03: { form: 'copy', copies: 5, pages: 5 },
      },
      draftId: null,
    })
    expect(req.received).toEqual([
      { material_code: 'M01', form: 'copy', copies: 3, pages: 12 },
      { material_code: 'M02', form: 'copy', copies: 2, pages: 1 },
    ])
    // Out-of-range counts never reach the backend.
    const clamped = buildIntakeRequest({
      item,
      form,
      facts,
      present: ['M03'],
      details: { M03: { form: 'original', copies: 0, pages: 10000 } },
      draftId: null,
    })
    expect(clamped.received).toEqual([{ material_code: 'M03', form: 'original', copies: 1, pages: 9999 }])
  })
})

describe('ID numbers as typed', () => {
  it('look complete only with the full shape of their kind', () => {
    expect(idLooksComplete('resident_id', '11010519491231002X')).toBe(true)
    expect(idLooksComplete('resident_id', '11010519491231002x')).toBe(true)
    expect(idLooksComplete('resident_id', '1101051949123100')).toBe(false)
    expect(idLooksComplete('resident_id', '110105194912310021X')).toBe(false)
    expect(idLooksComplete('residence_permit', '810000198001011236')).toBe(true)
    expect(idLooksComplete('residence_permit', '440524188001010014')).toBe(false)
    expect(idLooksComplete('hk_macau_permit', 'H12345678')).toBe(true)
    expect(idLooksComplete('hk_macau_permit', 'H1234567')).toBe(false)
    expect(idLooksComplete('tw_permit', '12345678')).toBe(true)
    expect(idLooksComplete('uscc', '91440703MA4UJ8XK2B')).toBe(true)
    expect(idLooksComplete('uscc', '91440703MA4UJ8XK2')).toBe(false)
    expect(idLooksComplete('passport', 'E12345678')).toBe(true)
    expect(idLooksComplete('passport', 'ABCDEFG')).toBe(false)
  })
})

describe('draft payloads', () => {
  it('round-trip the form, the facts and the ticks', () => {
    const form = emptyForm(item, '440700000')
    form.applicant.name = '𠮷祥云'
    form.delivery.method = 'post'
    form.delivery.address.detail = '今古洲路88号'
    const text = JSON.stringify(draftPayload(item, form, { ...facts, commitment_signed: true }, new Set(['M01', 'M03'])))
    const back = parseDraftPayload(text)!
    expect(back.service_item_code).toBe(item.code)
    expect(back.present).toEqual(['M01', 'M03'])
    expect(back.facts.commitment_signed).toBe(true)
    expect(back.form).toEqual(form)
    expect(parseDraftPayload('not json')).toBeNull()
    expect(parseDraftPayload('{"item":"x"}')).toBeNull()
  })

  it('round-trip how ticked materials were received, and drop details of unticked ones', () => {
    const form = emptyForm(item, '440700000')
    const saved = draftPayload(item, form, facts, ['M01', 'M02'], {
      M01: { form: 'copy', copies: 2, pages: 4 },
      M03: { form: 'copy', copies: 1, pages: 1 },
    })
    expect(saved.version).toBe(2)
    expect(saved.details).toEqual({ M01: { form: 'copy', copies: 2, pages: 4 } })
    const back = parseDraftPayload(JSON.stringify(saved))!
    expect(back.present).toEqual(['M01', 'M02'])
    expect(back.details).toEqual({ M01: { form: 'copy', copies: 2, pages: 4 } })
    const req = buildIntakeRequest({ item, form: back.form, facts: back.facts, present: back.present, details: back.details, draftId: null })
    expect(req.received).toEqual([
      { material_code: 'M01', form: 'copy', copies: 2, pages: 4 },
      { material_code: 'M02', form: 'copy', copies: 2, pages: 1 },
    ])
  })

  it("of version 1, without details and under the old names, still open with the catalog's form, copies and pages", () => {
    const old = JSON.stringify({
      version: 1,
      item_code: item.code,
      item_name: item.name,
      facts: { applicant_kind: 'person', agent: true, commitment_signed: false, dishonest: false },
      present: ['M03'],
      form: emptyForm(item, null),
    })
    const back = parseDraftPayload(old)!
    expect(back.version).toBe(2)
    expect(back).toMatchObject({ service_item_code: item.code, service_item_name: item.name })
    expect(back.facts).toEqual({ applicant_kind: 'person', has_agent: true, commitment_signed: false, dishonest: false })
    expect(back.present).toEqual(['M03'])
    expect(back.details).toEqual({})
    const req = buildIntakeRequest({ item, form: back.form, facts: back.facts, present: back.present, details: back.details, draftId: null })
    expect(req.received).toEqual([{ material_code: 'M03', form: 'original', copies: 1, pages: 3 }])
  })

  it('keep only sound details of ticked materials, with their counts in range', () => {
    const text = JSON.stringify({
      version: 2,
      service_item_code: item.code,
      service_item_name: item.name,
      facts,
      present: ['M01', 'M02', 'M03'],
      details: {
        M01: { form: 'copy', copies: 150, pages: 0 },
        M02: { form: 'photo', copies: 1, pages: 1 },
        M03: 'copy',
        M04: { form: 'copy', copies: 1, pages: 1 },
      },
      form: emptyForm(item, null),
    })
    expect(parseDraftPayload(text)!.details).toEqual({ M01: { form: 'copy', copies: 99, pages: 1 } })
    expect(parseDraftPayload(JSON.stringify({ ...JSON.parse(text), details: ['M01'] }))!.details).toEqual({})
  })
})

const bundle: Pick<BundleDetail, 'code' | 'name' | 'materials' | 'delivery'> = {
  code: 'JMYJS001',
  name: '新生儿出生一件事',
  delivery: ['post'],
  materials: [
    { name: '居民身份证', form: 'original', copies: 1, pages: 1, policy: 'core', applies_to: 'all', service_item_codes: ['A', 'B'] },
    { name: '出生医学证明', form: 'original', copies: 1, pages: 2, policy: 'core', applies_to: 'all', service_item_codes: ['B'] },
    { name: '结婚证', form: 'copy', copies: 2, pages: 1, policy: 'tolerable', applies_to: 'all', service_item_codes: ['A'] },
  ],
}

describe('the bundle intake request', () => {
  it('names the ticked materials of the merged list in its order, each as the clerk entered it or as the list asks', () => {
    const form = emptyForm(bundle, null)
    form.applicant = { name: ' 𠮷祥云 ', id_kind: 'resident_id', id_number: '11010519491231002x' }
    form.phone = '13812345678'
    form.delivery.address = { city: '江门市', district: '蓬江区', street: '白沙街道', detail: '今古洲路88号', receiver: '', phone: '' }
    const req = buildBundleIntakeRequest({
      bundle,
      form,
      facts: { ...facts, commitment_signed: true },
      present: new Set(['结婚证', '居民身份证']),
      details: { 结婚证: { form: 'original', copies: 0, pages: 3 }, 出生医学证明: { form: 'copy', copies: 1, pages: 1 } },
      draftId: 9,
    })
    expect(req).toEqual({
      bundle_code: 'JMYJS001',
      applicant_kind: 'person',
      applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: '11010519491231002X' },
      phone: '13812345678',
      agent: null,
      commitment_signed: true,
      dishonest: false,
      received: [
        { name: '居民身份证', form: 'original', copies: 1, pages: 1 },
        { name: '结婚证', form: 'original', copies: 1, pages: 3 },
      ],
      // A bundle whose members only post defaults to post, to the applicant.
      delivery: {
        method: 'post',
        pickup_hall_code: null,
        address: {
          province: '广东省',
          city: '江门市',
          district: '蓬江区',
          street: '白沙街道',
          detail: '今古洲路88号',
          receiver: '𠮷祥云',
          phone: '13812345678',
        },
      },
      draft_id: 9,
    })
    expect(Object.keys(req)).not.toContain('service_item_code')
  })

  it('does not call an e-certificate short where the merged list does not say', () => {
    expect(weakFormHint(bundle.materials[0]!, 'e_certificate')).toBeNull()
    expect(weakFormHint(bundle.materials[0]!, 'copy')).toBe('material.weakForm.original')
  })
})

describe('bundle draft payloads', () => {
  it("say they are a bundle's and round-trip the form, the facts, the ticks and the details by name", () => {
    const form = emptyForm(bundle, '440700000')
    form.applicant.name = '阿依古丽·买买提'
    form.agent = { name: '何嘉仪', id_kind: 'residence_permit', id_number: '810000198001011236' }
    const saved = bundleDraftPayload(bundle, form, { ...facts, has_agent: true }, ['居民身份证', '结婚证'], {
      结婚证: { form: 'original', copies: 1, pages: 2 },
      出生医学证明: { form: 'copy', copies: 1, pages: 1 },
    })
    expect(saved).toMatchObject({ version: 2, kind: 'bundle', bundle_code: 'JMYJS001', bundle_name: '新生儿出生一件事' })
    expect(saved.details).toEqual({ 结婚证: { form: 'original', copies: 1, pages: 2 } })
    const text = JSON.stringify(saved)
    const back = parseBundleDraftPayload(text)!
    expect(back).toEqual(saved)
    expect(back.form).toEqual(form)
    expect(parseAnyDraft(text)).toEqual(saved)
    // An item draft is never mistaken for a bundle's, nor a bundle's for an item's.
    expect(parseDraftPayload(text)).toBeNull()
    expect(parseDraftPayload(JSON.stringify({ ...saved, service_item_code: 'X' }))).toBeNull()
    const itemText = JSON.stringify(draftPayload(item, emptyForm(item, null), facts, ['M01']))
    expect(parseBundleDraftPayload(itemText)).toBeNull()
    expect(parseAnyDraft(itemText)).toMatchObject({ service_item_code: item.code, present: ['M01'] })
    expect(parseAnyDraft(itemText)!.kind).toBeUndefined()
    expect(parseAnyDraft('[]')).toBeNull()
    expect(parseAnyDraft('{"kind":"bundle"}')).toBeNull()
  })
})

describe('scans attached at the window', () => {
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)
  const C = 'C'.repeat(64)

  it('go with their ticked material in the intake request, in order; a material without any names none', () => {
    const req = buildIntakeRequest({
      item,
      form: emptyForm(item, '440700000'),
      facts,
      present: new Set(['M01', 'M02', 'M03']),
      details: { M02: { form: 'original', copies: 1, pages: 2 } },
      scans: { M02: [B, A], M03: [], M09: [C] },
      draftId: null,
    })
    expect(req.received).toEqual([
      { material_code: 'M01', form: 'original', copies: 1, pages: 1 },
      { material_code: 'M02', form: 'original', copies: 1, pages: 2, scans: [B, A] },
      { material_code: 'M03', form: 'original', copies: 1, pages: 3 },
    ])
    // Unticked, a material's scans are not sent.
    const unticked = buildIntakeRequest({ item, form: emptyForm(item, null), facts, present: ['M01'], scans: { M02: [A] }, draftId: null })
    expect(unticked.received).toEqual([{ material_code: 'M01', form: 'original', copies: 1, pages: 1 }])
  })

  it('go with their merged material in the bundle intake request, by name', () => {
    const req = buildBundleIntakeRequest({
      bundle,
      form: emptyForm(bundle, null),
      facts,
      present: new Set(['结婚证', '居民身份证']),
      scans: { 结婚证: [A], 居民身份证: [C, B], 出生医学证明: [A] },
      draftId: null,
    })
    expect(req.received).toEqual([
      { name: '居民身份证', form: 'original', copies: 1, pages: 1, scans: [C, B] },
      { name: '结婚证', form: 'copy', copies: 2, pages: 1, scans: [A] },
    ])
  })

  it('round-trip through item and bundle drafts for ticked materials only', () => {
    const saved = draftPayload(item, emptyForm(item, null), facts, ['M01', 'M03'], {}, { M01: [A, B], M02: [C], M03: [] })
    expect(saved.scans).toEqual({ M01: [A, B] })
    expect(parseDraftPayload(JSON.stringify(saved))).toEqual(saved)
    const bundleSaved = bundleDraftPayload(bundle, emptyForm(bundle, null), facts, ['结婚证'], {}, { 结婚证: [C], 居民身份证: [A] })
    expect(bundleSaved.scans).toEqual({ 结婚证: [C] })
    expect(parseAnyDraft(JSON.stringify(bundleSaved))).toEqual(bundleSaved)
  })

  it('are none in a draft saved before they could be attached, and only sound ones otherwise', () => {
    const old = {
      version: 2,
      service_item_code: item.code,
      service_item_name: item.name,
      facts,
      present: ['M01'],
      details: {},
      form: emptyForm(item, null),
    }
    expect(parseDraftPayload(JSON.stringify(old))!.scans).toEqual({})
    const odd = { ...old, present: ['M01', 'M02'], scans: { M01: [A, 'not-a-sha', 7, A], M02: 'x', M03: [B] } }
    expect(parseDraftPayload(JSON.stringify(odd))!.scans).toEqual({ M01: [A] })
    expect(parseDraftPayload(JSON.stringify({ ...old, scans: [A] }))!.scans).toEqual({})
    // One scan under one material only: the first that names it keeps it.
    expect(keptScans(new Set(['M01', 'M02']), { M01: [A], M02: [A, B] })).toEqual({ M01: [A], M02: [B] })
  })
})

describe('a member item opened from its bundle', () => {
  const A = 'a'.repeat(64)
  const B = 'b'.repeat(64)

  /** 出生登记: asks for the ID card as a copy, the birth certificate as the merged list does, and the household register, which no other member asks for. */
  const member: Pick<ServiceItemDetail, 'delivery' | 'materials'> = {
    delivery: ['window'],
    materials: [
      {
        code: 'B01',
        name: '居民身份证',
        form: 'copy',
        copies: 1,
        pages: 1,
        policy: 'core',
        supplement_days: null,
        e_certificate: null,
        applies_to: 'all',
        note: '',
      },
      {
        code: 'B02',
        name: '出生医学证明',
        form: 'original',
        copies: 1,
        pages: 2,
        policy: 'core',
        supplement_days: null,
        e_certificate: null,
        applies_to: 'all',
        note: '',
      },
      {
        code: 'B03',
        name: '户口簿',
        form: 'original',
        copies: 1,
        pages: 1,
        policy: 'core',
        supplement_days: null,
        e_certificate: null,
        applies_to: 'all',
        note: '',
      },
    ],
  }

  /** The bundle's form: an agent for the applicant, posted, every merged material ticked, two with scans. */
  function bundleBody() {
    const form = emptyForm(bundle, '440700000')
    form.applicant = { name: '𠮷祥云', id_kind: 'hk_macau_permit', id_number: 'H12345678' }
    form.phone = '13812345678'
    form.agent = { name: '何嘉仪', id_kind: 'resident_id', id_number: '11010519491231002X' }
    form.delivery.address = { city: '江门市', district: '蓬江区', street: '白沙街道', detail: '今古洲路88号', receiver: '', phone: '' }
    return bundleDraftPayload(
      bundle,
      form,
      { applicant_kind: 'person', has_agent: true, commitment_signed: true, dishonest: true },
      ['结婚证', '出生医学证明', '居民身份证'],
      { 出生医学证明: { form: 'copy', copies: 1, pages: 3 } },
      { 居民身份证: [A], 结婚证: [B] },
    )
  }

  it("takes the applicant, the agent and the facts along, and the materials by name as the item's codes", () => {
    const from = bundleBody()
    const body = carryToMember(bundle, from, member)
    expect(body.facts).toEqual({ applicant_kind: 'person', has_agent: true, commitment_signed: true, dishonest: true })
    expect(body.form.applicant).toEqual({ name: '𠮷祥云', id_kind: 'hk_macau_permit', id_number: 'H12345678' })
    expect(body.form.phone).toBe('13812345678')
    expect(body.form.agent).toEqual({ name: '何嘉仪', id_kind: 'resident_id', id_number: '11010519491231002X' })
    // In the item's order; 结婚证, which the item does not ask for, stays behind with its scan.
    expect(body.present).toEqual(['B01', 'B02'])
    expect(body.scans).toEqual({ B01: [A] })
    // Received as the bundle's checklist had it: the merged list's original where the item asks for a
    // copy, and the clerk's three pages.
    expect(body.details).toEqual({ B01: { form: 'original', copies: 1, pages: 1 }, B02: { form: 'copy', copies: 1, pages: 3 } })
    // A copy: the bundle's form is not changed by the item's.
    body.form.applicant.name = '改'
    body.form.delivery.method = 'window'
    expect(from.form.applicant.name).toBe('𠮷祥云')
    expect(from.form.delivery.method).toBe('post')
  })

  it('keeps no details where the bundle received a material as the item asks for it', () => {
    const from = { ...bundleBody(), details: {} }
    const same = { ...member, materials: member.materials.map((m) => (m.code === 'B01' ? { ...m, form: 'original' as const } : m)) }
    const body = carryToMember(bundle, from, same)
    expect(body.present).toEqual(['B01', 'B02'])
    expect(body.details).toEqual({})
    expect(buildIntakeRequest({ item: { code: 'B', materials: same.materials }, ...body, draftId: null }).received).toEqual([
      { material_code: 'B01', form: 'original', copies: 1, pages: 1, scans: [A] },
      { material_code: 'B02', form: 'original', copies: 1, pages: 2 },
    ])
  })

  it("keeps the delivery chosen where the item offers it, and falls back to the item's default where it does not", () => {
    const from = bundleBody()
    const address = from.form.delivery.address
    // Posted in the bundle; the item delivers at the window only.
    const windowOnly = carryToMember(bundle, from, member)
    expect(windowOnly.form.delivery).toEqual({ method: 'window', pickup_hall_code: '440700000', address })
    expect(carryToMember(bundle, from, { ...member, delivery: ['window', 'post'] }).form.delivery.method).toBe('post')
    // Picked up in the bundle; the item posts only, or names nothing (the window, then).
    const atWindow = { ...from, form: { ...from.form, delivery: { ...from.form.delivery, method: 'window' as const } } }
    expect(carryToMember(bundle, atWindow, { ...member, delivery: ['post'] }).form.delivery.method).toBe('post')
    expect(carryToMember(bundle, atWindow, { ...member, delivery: [] }).form.delivery.method).toBe('window')
  })
})

import { describe, expect, it } from 'vitest'
import { FIELD_TESTIDS, partyOfIdField, testidForField } from './errorField'

describe('the field a rejected intake is about', () => {
  it('is found by its path in the request, for every input of the intake', () => {
    expect(FIELD_TESTIDS).toEqual({
      'applicant.name': 'applicant-name',
      'applicant.id_kind': 'applicant-id-kind',
      'applicant.id_number': 'applicant-id-number',
      phone: 'applicant-phone',
      'agent.name': 'agent-name',
      'agent.id_kind': 'agent-id-kind',
      'agent.id_number': 'agent-id-number',
      'delivery.method': 'delivery-method',
      'delivery.pickup_hall_code': 'pickup-hall',
      'delivery.address': 'address-detail',
      'delivery.address.province': 'address-province',
      'delivery.address.city': 'address-city',
      'delivery.address.district': 'address-district',
      'delivery.address.street': 'address-street',
      'delivery.address.detail': 'address-detail',
      'delivery.address.receiver': 'address-receiver',
      'delivery.address.phone': 'address-phone',
      received: 'material-checklist',
      'received.scans': 'intake-inbox',
      service_item_code: 'item-search',
      bundle_code: 'item-search',
    })
    expect(testidForField('delivery.address.city')).toBe('address-city')
    expect(testidForField('received.scans')).toBe('intake-inbox')
  })

  it('falls back to the nearest parent the table names, and to none', () => {
    expect(testidForField('received.forms')).toBe('material-checklist')
    expect(testidForField('delivery.address.postcode')).toBe('address-detail')
    expect(testidForField('draft_id')).toBeNull()
    expect(testidForField('')).toBeNull()
    expect(testidForField(null)).toBeNull()
  })

  it('tells whose ID a field is about', () => {
    expect(partyOfIdField('applicant.id_number')).toBe('applicant')
    expect(partyOfIdField('agent.id_kind')).toBe('agent')
    expect(partyOfIdField('agent.name')).toBeNull()
    expect(partyOfIdField(null)).toBeNull()
  })
})

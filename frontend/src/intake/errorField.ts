// Where the clerk fixes what a rejected intake is about: the backend names the input by its path in
// the request (`delivery.address.city`), the intake screens name their controls by data-testid.

/** The intake request's field paths (an item's and a bundle's alike), each with the control it is entered in. */
export const FIELD_TESTIDS: Readonly<Record<string, string>> = {
  'applicant.name': 'applicant-name',
  'applicant.id_kind': 'applicant-id-kind',
  'applicant.id_number': 'applicant-id-number',
  phone: 'applicant-phone',
  'agent.name': 'agent-name',
  'agent.id_kind': 'agent-id-kind',
  'agent.id_number': 'agent-id-number',
  'delivery.method': 'delivery-method',
  'delivery.pickup_hall_code': 'pickup-hall',
  // No address at all: it starts with the detail the clerk types first.
  'delivery.address': 'address-detail',
  'delivery.address.province': 'address-province',
  'delivery.address.city': 'address-city',
  'delivery.address.district': 'address-district',
  'delivery.address.street': 'address-street',
  'delivery.address.detail': 'address-detail',
  'delivery.address.receiver': 'address-receiver',
  'delivery.address.phone': 'address-phone',
  received: 'material-checklist',
  // A scan attached to a material: the intake's scan inbox, where scans are attached.
  'received.scans': 'intake-inbox',
  // The item or bundle itself: another one is looked for.
  service_item_code: 'item-search',
  bundle_code: 'item-search',
}

/**
 * The data-testid of the control a rejection's field is entered in; for a path the table does not
 * name, that of its nearest parent that it does. Null when there is none (or no field).
 */
export function testidForField(field: string | null): string | null {
  for (let path = field; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : null) {
    if (Object.hasOwn(FIELD_TESTIDS, path)) return FIELD_TESTIDS[path]!
  }
  return null
}

/** Whose ID number a field is about, when it is one: where a switch of the ID kind belongs. */
export function partyOfIdField(field: string | null): 'applicant' | 'agent' | null {
  if (field === 'applicant.id_number' || field === 'applicant.id_kind') return 'applicant'
  if (field === 'agent.id_number' || field === 'agent.id_kind') return 'agent'
  return null
}

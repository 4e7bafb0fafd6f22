import { describe, expect, it } from 'vitest'
import { caseNumberParts, caseReference, formatCaseNumber } from './caseNumber'

describe('caseNumber', () => {
  it('splits 22 digits into hall code, date and sequence', () => {
    expect(caseNumberParts('4407030002026120200001')).toEqual(['440703000', '20261202', '00001'])
    expect(caseNumberParts(' 4407030002026120200001 ')).toEqual(['440703000', '20261202', '00001'])
  })

  it('leaves anything else whole', () => {
    expect(caseNumberParts('JM2025000001')).toBeNull()
    expect(caseNumberParts('440703000202612020000')).toBeNull()
    expect(caseNumberParts('44070300020261202000011')).toBeNull()
    expect(formatCaseNumber('JM2025000001')).toBe('JM2025000001')
  })

  it('groups with separators that never break a line', () => {
    expect(formatCaseNumber('4407030002026120200001')).toBe('440703000\u202F·\u202F20261202\u202F·\u202F00001')
    expect(formatCaseNumber('4407030002026120200001', ' ')).toBe('440703000 20261202 00001')
  })

  it('reads the case number out of a receipt’s or notice’s QR code', () => {
    expect(caseReference('OW:4407030002026120200001:K7Q2')).toBe('4407030002026120200001')
    expect(caseReference(' 4407030002026120200001 ')).toBe('4407030002026120200001')
    expect(caseReference('OW:4407030002026120200001')).toBe('4407030002026120200001')
  })
})

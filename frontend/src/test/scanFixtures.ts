// Scans, a case's materials and ingest events shaped like the shell's answers, for the scan tests.
import type { AssignedScanView, CaseMaterialView, IngestView, ScanInboxView, ScanView } from '@/api/bindings'

export const sha = (c: string) => c.repeat(64).slice(0, 64)

export function scan(overrides: Partial<ScanView> = {}): ScanView {
  return {
    sha256: sha('a'),
    media_type: 'image/jpeg',
    pages: 1,
    bytes: 182_000,
    original_name: 'scan-0001.jpg',
    received_at: '2025-03-01T02:05:00Z',
    case_number: null,
    material_code: null,
    ...overrides,
  }
}

export const JPEG = scan({ sha256: sha('a'), original_name: 'scan-0001.jpg', received_at: '2025-03-01T02:07:00Z' })
export const PDF = scan({
  sha256: sha('b'),
  media_type: 'application/pdf',
  pages: 4,
  original_name: '营业执照.pdf',
  received_at: '2025-03-01T02:06:00Z',
})
export const TIFF = scan({
  sha256: sha('c'),
  media_type: 'image/tiff',
  pages: 2,
  original_name: 'scan-0002.tif',
  received_at: '2025-03-01T02:05:00Z',
})

export function inbox(scans: ScanView[] = [JPEG, PDF, TIFF]): ScanInboxView {
  return { inbox: '/home/clerk/.local/share/onewindow/inbox', scans }
}

export function assigned(s: ScanView, rotation = 0): AssignedScanView {
  return { scan: { ...s, case_number: 'JM2025000001' }, rotation }
}

export function materials(withScans: Record<string, AssignedScanView[]> = {}): CaseMaterialView[] {
  const list: Omit<CaseMaterialView, 'scans'>[] = [
    { code: 'M1', name: '申请表', policy: 'core', form: 'original', received: true },
    { code: 'M2', name: '身份证', policy: 'core', form: 'copy', received: true },
    { code: 'M3', name: '营业执照', policy: 'tolerable', form: 'copy', received: false },
    { code: 'M4', name: '授权委托书', policy: 'optional', form: 'original', received: false },
  ]
  return list.map((m) => ({ ...m, scans: withScans[m.code] ?? [] }))
}

export function ingest(overrides: Partial<IngestView> = {}): IngestView {
  return { file: '/home/clerk/.local/share/onewindow/inbox/scan-0003.jpg', outcome: 'stored', sha256: sha('d'), pages: 1, reason: null, ...overrides }
}

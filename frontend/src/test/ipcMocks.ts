// Stand-ins for '@/api/ipc', for vi.mock factories (which are hoisted, so they import this module):
//   vi.mock('@/api/ipc', async (importOriginal) => (await import('@/test/ipcMocks')).intakeIpc(importOriginal))
// Every command is a vi.fn that each test tells what to answer. This module must not import
// '@/api/ipc', nor anything that does: it runs while that module is being mocked.
import { vi } from 'vitest'

type Ipc = typeof import('@/api/ipc')

/** The scan inbox, its thumbnails and SANE scanning, and a case's scans. */
export function scanIpc() {
  return {
    scanInbox: vi.fn(),
    scanThumbnail: vi.fn(),
    saneDevices: vi.fn(),
    saneScan: vi.fn(),
    caseMaterials: vi.fn(),
    assignScan: vi.fn(),
    unassignScan: vi.fn(),
    exportCaseFile: vi.fn(),
    openFolder: vi.fn(),
    moveScan: vi.fn(),
  }
}

/**
 * What the intake window calls: the catalog, the live decisions, the applicant's history, the halls,
 * drafts, the submit (and the station's status after it), printing, and its scan inbox (empty, and no
 * thumbnails, unless a test says otherwise). `toIpcError` is the real one: the intake reads the field a rejection is about from it.
 */
export async function intakeIpc(importOriginal: () => Promise<Ipc>) {
  return {
    toIpcError: (await importOriginal()).toIpcError,
    searchCatalog: vi.fn(),
    getServiceItem: vi.fn(),
    getBundle: vi.fn(),
    itemRemit: vi.fn(),
    checkShortfall: vi.fn(),
    checkBundle: vi.fn(),
    applicantHistory: vi.fn(),
    listHalls: vi.fn(),
    saveDraft: vi.fn(),
    drafts: vi.fn(),
    deleteDraft: vi.fn(),
    noticePrefill: vi.fn(),
    intake: vi.fn(),
    intakeBundle: vi.fn(),
    stationStatus: vi.fn(),
    printDocument: vi.fn(),
    printCommitmentDraft: vi.fn(),
    printJobs: vi.fn(),
    printerProfiles: vi.fn(),
    resendPrintJob: vi.fn(),
    ...scanIpc(),
    scanInbox: vi.fn(async () => ({ inbox: '', scans: [] })),
    scanThumbnail: vi.fn(async () => null),
  }
}

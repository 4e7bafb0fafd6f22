// Which documents a case can print in its current state, and which printer profile each goes to.
import type { CaseSummary, DocumentKind, PrinterProfileView } from '@/api/bindings'

/** Receipt languages, as the print_document request spells them. */
export const RECEIPT_LANGS = ['zh-cn', 'zh-hk', 'en'] as const
export type ReceiptLang = (typeof RECEIPT_LANGS)[number]

const NO_RECEIPT: readonly CaseSummary['state'][] = ['draft', 'refused', 'notice_issued']

/** The documents that fit the case's state, in the order the buttons show. */
export function documentsFor(summary: Pick<CaseSummary, 'state' | 'shortfall_supplement_due' | 'delivery'>): DocumentKind[] {
  const { state } = summary
  const out: DocumentKind[] = []
  if (!NO_RECEIPT.includes(state)) out.push('receipt')
  if (state === 'accepted_with_shortfall' || summary.shortfall_supplement_due) out.push('shortfall-notice', 'commitment')
  if (state === 'notice_issued') out.push('one-time-notice')
  if (state === 'refused') out.push('refusal-notice')
  if (state === 'correction_requested') out.push('correction-notice')
  if (summary.delivery === 'post' && (state === 'awaiting_dispatch' || state === 'dispatched')) out.push('label')
  // Cover sheets go before each material when the paper is scanned in one stack.
  if (!NO_RECEIPT.includes(state)) out.push('cover-sheet')
  return out
}

/**
 * What the clerk calls a printer: its profile's description (A4 激光打印机（综合窗口）), never the
 * profile's file name or the CUPS queue. A profile no longer on this workstation keeps its name.
 */
export function printerName(profiles: readonly PrinterProfileView[], profile: string | null): string {
  if (!profile) return ''
  return profiles.find((p) => p.name === profile)?.description || profile
}

/** The first profile that serves `kind`: the default printer of that document. */
export function defaultProfile(profiles: readonly PrinterProfileView[], kind: DocumentKind): PrinterProfileView | null {
  return profiles.find((p) => p.serves.includes(kind)) ?? null
}

/**
 * The profile a document goes to: the chosen one when it serves the document, the document's
 * default otherwise (a label never goes to the A4 printer because A4 was chosen for the receipt).
 */
export function profileFor(profiles: readonly PrinterProfileView[], kind: DocumentKind, chosen: string | null): string | null {
  const picked = chosen ? profiles.find((p) => p.name === chosen) : undefined
  if (picked && picked.serves.includes(kind)) return picked.name
  return defaultProfile(profiles, kind)?.name ?? chosen
}

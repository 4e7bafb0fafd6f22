// Case numbers are 22 digits: the hall's 9-digit code, the local date (YYYYMMDD) and a 5-digit
// sequence of that hall and day. Read aloud or copied by hand, a run of 22 digits is where mistakes
// happen: shown, they are grouped by these parts.

/** The hall code, the date and the sequence of a case number; null when it is not one of 22 digits. */
export function caseNumberParts(number: string): [hall: string, date: string, sequence: string] | null {
  const m = /^(\d{9})(\d{8})(\d{5})$/.exec(number.trim())
  return m ? [m[1]!, m[2]!, m[3]!] : null
}

/**
 * `4407030002026120200001` → `440703000 · 20261202 · 00001`, for a number inside a sentence; anything
 * else as it is. The spaces are narrow no-break spaces: the number never breaks across lines.
 */
export function formatCaseNumber(number: string, separator = '\u202F·\u202F'): string {
  return caseNumberParts(number)?.join(separator) ?? number
}

/**
 * The case number in what a scanner read: a case number as it is, or the number inside the QR code of
 * a receipt or notice (`OW:number:code`).
 */
export function caseReference(text: string): string {
  const code = text.trim()
  if (!code.startsWith('OW:')) return code
  return code.slice('OW:'.length).split(':')[0]!.trim()
}

// Masking of identifiers for lists, labels and exports. Works on code points, never UTF-16 units.

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(value)
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length)
  return chars.slice(0, keepStart).join('') + '*'.repeat(chars.length - keepStart - keepEnd) + chars.slice(chars.length - keepEnd).join('')
}

/** `44070319900101123X` → `4407**********123X`; shorter document numbers keep less. */
export function maskIdNumber(id: string): string {
  const value = id.trim()
  const n = Array.from(value).length
  if (n >= 15) return maskMiddle(value, 4, 4)
  if (n >= 8) return maskMiddle(value, 2, 2)
  return maskMiddle(value, 1, 1)
}

/** `13812345678` → `138****5678`; other numbers keep their last 4. */
export function maskPhone(phone: string): string {
  const value = phone.replace(/[\s-]/g, '')
  if (/^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`
  return maskMiddle(value, 0, Math.min(4, Math.max(0, value.length - 4)))
}

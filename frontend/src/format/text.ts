// Text helpers that respect characters outside the BMP (𠮷) and combining sequences.

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'grapheme' }) : null

/** The user-perceived characters of `text`. */
export function graphemes(text: string): string[] {
  if (segmenter) return Array.from(segmenter.segment(text), (s) => s.segment)
  return Array.from(text)
}

/** Cuts `text` to at most `max` characters, adding `…` when cut; never splits a character. */
export function truncateText(text: string, max: number): string {
  const chars = graphemes(text)
  if (chars.length <= max) return text
  if (max <= 1) return '…'.slice(0, max)
  return chars.slice(0, max - 1).join('') + '…'
}

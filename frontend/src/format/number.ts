/** A rate in 0..1 as a percentage with one decimal (`0.9567` → `95.7%`); null when unknown. */
export function formatRate(rate: number | null | undefined): string | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null
  return `${(rate * 100).toFixed(1)}%`
}

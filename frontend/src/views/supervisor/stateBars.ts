// The overview's chart of cases by state, as data: the bars in lifecycle order, each in its state's
// colour and labelled with its count, and what they add up to, so the chart can be checked against
// 办件总数 at a glance (read off unlabelled bars, 263 cases once looked like about 228).
import type { StateCount } from '@/api/bindings'
import { CASE_STATES, stateColour } from '@/format/state'
import type { CaseState } from '@/api/bindings'

type Translate = (key: string) => string

export interface StateBar {
  state: CaseState
  count: number
  colour: string
}

/** Every state the overview counts, in lifecycle order: none left out, so the bars add up to the total. */
export function stateBars(byState: readonly StateCount[]): StateBar[] {
  const counts = new Map<CaseState, number>()
  for (const s of byState) counts.set(s.state, (counts.get(s.state) ?? 0) + s.count)
  return CASE_STATES.filter((s) => counts.has(s)).map((state) => ({ state, count: counts.get(state)!, colour: stateColour(state) }))
}

export function barsTotal(bars: readonly StateBar[]): number {
  return bars.reduce((sum, b) => sum + b.count, 0)
}

/** The ECharts option of the bars: a category per state, its count written on its bar. */
export function chartOption(bars: readonly StateBar[], t: Translate, seriesName: string) {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 40, right: 16, top: 24, bottom: 80 },
    xAxis: {
      type: 'category',
      data: bars.map((b) => t(`state.${b.state}`)),
      axisLabel: { interval: 0, rotate: 35 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: seriesName,
        data: bars.map((b) => ({ value: b.count, itemStyle: { color: b.colour } })),
        label: { show: true, position: 'top' },
        barMaxWidth: 36,
      },
    ],
  }
}

import { describe, expect, it } from 'vitest'
import type { StateCount } from '@/api/bindings'
import { createAppI18n } from '@/locales'
import { STATE_COLOURS } from '@/format/state'
import { barsTotal, chartOption, stateBars } from './stateBars'

const t = (key: string) => createAppI18n('zh-CN').global.t(key)

describe('the overview chart', () => {
  const byState: StateCount[] = [
    { state: 'notice_issued', count: 20 },
    { state: 'accepted', count: 3 },
    { state: 'under_review', count: 40 },
    { state: 'refused', count: 15 },
    { state: 'closed', count: 185 },
  ]

  it('keeps every state the overview counts, in lifecycle order, so the bars add up to the total', () => {
    const bars = stateBars(byState)
    expect(bars.map((b) => b.state)).toEqual(['accepted', 'under_review', 'closed', 'refused', 'notice_issued'])
    expect(barsTotal(bars)).toBe(263)
    expect(bars.map((b) => b.colour)).toEqual([
      STATE_COLOURS.accepted,
      STATE_COLOURS.under_review,
      STATE_COLOURS.closed,
      STATE_COLOURS.refused,
      STATE_COLOURS.notice_issued,
    ])
  })

  it('writes each count on its bar, in its state’s colour', () => {
    const option = chartOption(stateBars(byState), t, '件数')
    expect(option.xAxis.data).toEqual(['已受理', '审查中', '已归档', '不予受理', '一次性告知'])
    const series = option.series[0]!
    expect(series.label).toEqual({ show: true, position: 'top' })
    expect(series.data.map((d) => d.value)).toEqual([3, 40, 185, 15, 20])
    expect(series.data[3]!.itemStyle.color).toBe(STATE_COLOURS.refused)
  })
})

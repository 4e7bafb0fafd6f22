// What the header says of the station (components/StationStatus.vue): a city station cut off from
// the city database keeps taking intakes into its offline outbox, numbered from the case numbers it
// leased for the day, and the shell hands them in once the city is back (src-tauri/src/outbox.rs).
// Followed while the signed-in screens are up (start/stop, from the layout): at sign-in and unlock,
// at each `outbox-changed`, right after an intake, and every STATION_POLL_MS on a city station. A
// hall's own file has no outbox: it is not polled, and shows nothing.
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import * as ipc from '@/api/ipc'
import { showError } from '@/api/errors'
import { onOutboxChanged, type Unsubscribe } from '@/api/events'
import type { StationStatusView } from '@/api/bindings'
import { useSessionStore } from './session'

/** How often a city station's status is asked again between the shell's events. */
export const STATION_POLL_MS = 10_000

export const useStationStore = defineStore('station', () => {
  const session = useSessionStore()
  /** The last answer of `station_status`; null before the first one and once signed out or stopped. */
  const status = ref<StationStatusView | null>(null)

  /** A city station with something to say: working offline, intakes to hand in, or the city's refusals. */
  const shown = computed(() => {
    const s = status.value
    return !!s && s.city && (s.offline || s.pending > 0 || s.conflicts.length > 0)
  })

  /** Between start() and stop(): the signed-in screens are up. */
  let following = false
  let stopEvents: Unsubscribe | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Numbers the refreshes: only the latest one's answer is kept. */
  let seq = 0

  function disarm(): void {
    if (timer) clearTimeout(timer)
    timer = null
  }

  /** Asks again in STATION_POLL_MS, on a city station only, while signed in and not locked. */
  function arm(): void {
    disarm()
    if (!following || !session.user || session.locked || !status.value?.city) return
    timer = setTimeout(() => void refresh(), STATION_POLL_MS)
  }

  /** Asks the shell for the station's status now (nothing while stopped, signed out or locked). */
  async function refresh(): Promise<void> {
    disarm()
    if (!following || !session.user || session.locked) return
    const mine = ++seq
    try {
      const found = await ipc.stationStatus()
      if (mine === seq) status.value = found
    } catch {
      // Not worth a message every round: the last status stays, and the next round asks again.
    } finally {
      if (mine === seq) arm()
    }
  }

  function forget(): void {
    seq++
    disarm()
    status.value = null
  }

  /** Follows the station's status from now on (the layout of the signed-in screens is up). */
  function start(): void {
    if (following) return
    following = true
    stopEvents = onOutboxChanged(() => void refresh(), showError)
    void refresh()
  }

  function stop(): void {
    following = false
    stopEvents?.()
    stopEvents = null
    forget()
  }

  // Signed in (as anyone), or unlocked: asked afresh. Signed out: nothing is left to show.
  watch(
    () => [session.user, session.locked],
    () => {
      if (session.user) void refresh()
      else forget()
    },
  )

  return { status, shown, start, stop, refresh }
})

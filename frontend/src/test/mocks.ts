// Mocked modules afresh between tests, what Element Plus would have told the clerk, caught, and a
// DataTransfer for dragging, which jsdom lacks.
import { vi } from 'vitest'
import { ElMessage } from 'element-plus'

/** Every vi.fn of the given mocked modules afresh: no calls, and the implementation it was made with. */
export function resetMocks(...modules: object[]): void {
  for (const m of modules) for (const f of Object.values(m)) if (vi.isMockFunction(f)) f.mockReset()
}

/** Stand-ins for ElMessage.success, .info and .warning, once catchMessages() has put them in place. */
export const messages = { success: vi.fn(), info: vi.fn(), warning: vi.fn() }

/** ElMessage.success, .info and .warning recorded in `messages` (afresh) instead of shown. */
export function catchMessages(): void {
  messages.success.mockReset()
  messages.info.mockReset()
  messages.warning.mockReset()
  vi.spyOn(ElMessage, 'success').mockImplementation(messages.success)
  vi.spyOn(ElMessage, 'info').mockImplementation(messages.info)
  vi.spyOn(ElMessage, 'warning').mockImplementation(messages.warning)
}

/** A DataTransfer as a drag carries it, for `trigger('dragstart' | 'dragover' | 'drop', { dataTransfer })`. */
export function fakeDataTransfer() {
  const data = new Map<string, string>()
  return {
    setData: (k: string, v: string) => data.set(k, v),
    getData: (k: string) => data.get(k) ?? '',
    get types() {
      return [...data.keys()]
    },
    effectAllowed: 'all',
    dropEffect: 'none',
  }
}

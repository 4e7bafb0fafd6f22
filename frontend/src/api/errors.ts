// The one place that turns IPC errors into a message on screen. The backend's `message` is already
// Chinese and names the field; it is shown as it is.
import { ElMessage } from 'element-plus'
import { toIpcError } from './ipc'

export function showError(e: unknown): void {
  const err = toIpcError(e)
  // The lock screen says it already (ipc.ts raised it); a toast would only show through after unlocking.
  if (err.code === 'screen_locked') return
  showErrorText(err.message)
}

/**
 * An error the backend reported inside a normal result (a print job CUPS refused comes back with
 * state `failed` and a Chinese `error`), shown the same way as a rejected command.
 */
export function showErrorText(message: string): void {
  ElMessage.error({ message, showClose: true, grouping: true })
}

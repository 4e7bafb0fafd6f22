// The one place that turns IPC errors into a message on screen. The backend's `message` is already
// Chinese and names the field; it is shown as it is.
import { ElMessage } from 'element-plus'
import { toIpcError } from './ipc'

export function showError(e: unknown): void {
  const { message } = toIpcError(e)
  ElMessage.error({ message, showClose: true, grouping: true })
}

import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ElMessage } from 'element-plus'
import { showError } from './errors'

describe('showError', () => {
  beforeEach(() => {
    vi.restoreAllMocks()
  })

  it('shows the backend message as it is', () => {
    const error = vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close: () => {} }))
    showError({ code: 'unauthenticated', message: '密码已连续错误5次，该用户名锁定至15:19，请到时再试或请管理员解除锁定' })
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: '密码已连续错误5次，该用户名锁定至15:19，请到时再试或请管理员解除锁定' }))
  })

  it('leaves a refusal for the screen lock to the lock screen', () => {
    const error = vi.spyOn(ElMessage, 'error').mockImplementation(() => ({ close: () => {} }))
    showError({ code: 'screen_locked', message: '屏幕已锁定' })
    expect(error).not.toHaveBeenCalled()
  })
})

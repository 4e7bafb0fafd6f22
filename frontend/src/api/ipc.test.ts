import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  // Tauri's channel, as far as the label runs use it: the handler the backend's messages go to.
  Channel: class {
    onmessage: (message: unknown) => void = () => {}
  },
}))

import * as ipc from './ipc'
import { onScreenLocked } from './screenLocked'

describe('ipc', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('passes the arguments as one object with the contract keys', async () => {
    invoke.mockResolvedValue([])
    await ipc.searchCatalog('gt', 20)
    expect(invoke).toHaveBeenCalledWith('search_catalog', { query: 'gt', limit: 20 })
    await ipc.getCase('JM2025000001')
    expect(invoke).toHaveBeenCalledWith('get_case', { number: 'JM2025000001' })
    await ipc.login('clerk1', 'secret')
    expect(invoke).toHaveBeenCalledWith('login', { username: 'clerk1', password: 'secret' })
  })

  it('wraps the catalog and shortfall commands with their contract keys', async () => {
    invoke.mockResolvedValue({})
    await ipc.getBundle('JM-YJS-001')
    expect(invoke).toHaveBeenLastCalledWith('get_bundle', { code: 'JM-YJS-001' })
    await ipc.getServiceItem('11440700MB2C456')
    expect(invoke).toHaveBeenLastCalledWith('get_service_item', { code: '11440700MB2C456' })
    const request = {
      service_item_code: '11440700MB2C456',
      present_codes: ['M1', 'M3'],
      applicant_kind: 'organisation' as const,
      has_agent: true,
      commitment_signed: true,
      dishonest: false,
      e_certificates: [],
      applicant: { name: '𠮷祥云', id_kind: 'resident_id' as const, id_number: '11010519491231002X' },
    }
    await ipc.checkShortfall(request)
    // One argument named `request`, holding the request object as it is.
    expect(invoke).toHaveBeenLastCalledWith('check_shortfall', { request })
    expect(invoke.mock.lastCall![1]).toEqual({
      request: {
        service_item_code: '11440700MB2C456',
        present_codes: ['M1', 'M3'],
        applicant_kind: 'organisation',
        has_agent: true,
        commitment_signed: true,
        dishonest: false,
        e_certificates: [],
        applicant: { name: '𠮷祥云', id_kind: 'resident_id', id_number: '11010519491231002X' },
      },
    })
  })

  it('wraps the intake, draft, history and hall commands with their contract keys', async () => {
    invoke.mockResolvedValue(null)
    const request = {
      service_item_code: '440703-PJQSCJGJ-001',
      applicant_kind: 'person' as const,
      applicant: { name: '𠮷祥云', id_kind: 'resident_id' as const, id_number: '11010519491231002X' },
      phone: '13812345678',
      agent: null,
      commitment_signed: false,
      dishonest: false,
      received: [{ material_code: 'M01', form: 'original' as const, copies: 1, pages: 1 }],
      delivery: { method: 'window' as const, pickup_hall_code: '440700000', address: null },
      draft_id: 4,
    }
    await ipc.intake(request)
    // One argument named `request`, holding the request object as it is.
    expect(invoke.mock.lastCall).toEqual(['intake', { request }])
    expect((invoke.mock.lastCall![1] as { request: unknown }).request).toBe(request)

    // The 承诺书 to sign is printed from the same request, on the document's own printer.
    await ipc.printCommitmentDraft({ ...request, continues: '4407030002026112800007' })
    expect(invoke.mock.lastCall).toEqual(['print_commitment_draft', { request: { ...request, continues: '4407030002026112800007' }, profile: null }])

    await ipc.saveDraft(null, '个体工商户设立登记 𠮷祥云', '{"service_item_code":"X"}')
    expect(invoke.mock.lastCall).toEqual(['save_draft', { id: null, title: '个体工商户设立登记 𠮷祥云', payload: '{"service_item_code":"X"}' }])
    await ipc.saveDraft(7, 't', '{}')
    expect(invoke.mock.lastCall).toEqual(['save_draft', { id: 7, title: 't', payload: '{}' }])
    await ipc.drafts()
    expect(invoke.mock.lastCall).toEqual(['drafts', undefined])
    await ipc.deleteDraft(7)
    expect(invoke.mock.lastCall).toEqual(['delete_draft', { id: 7 }])
    await ipc.applicantHistory('residence_permit', '810000198001011236')
    expect(invoke.mock.lastCall).toEqual(['applicant_history', { id_kind: 'residence_permit', id_number: '810000198001011236' }])
    await ipc.listHalls()
    expect(invoke.mock.lastCall).toEqual(['list_halls', undefined])
  })

  it('rethrows an intake rejection as an IpcError and resolves drafts with the id', async () => {
    invoke.mockRejectedValueOnce({ code: 'invalid_input', message: '居民身份证号码校验位错误：最后一位应为“X”，实际为“1”，请逐位核对' })
    await expect(ipc.intake({} as never)).rejects.toEqual({
      code: 'invalid_input',
      message: '居民身份证号码校验位错误：最后一位应为“X”，实际为“1”，请逐位核对',
      field: null,
      suggested_id_kind: null,
    })
    invoke.mockResolvedValueOnce(12)
    await expect(ipc.saveDraft(null, 't', '{}')).resolves.toBe(12)
  })

  it('wraps the 一件事 bundle check and intake with one argument named request', async () => {
    const check = {
      bundle_code: 'JMYJS001',
      present_names: ['居民身份证', '出生医学证明'],
      applicant_kind: 'person' as const,
      has_agent: false,
      commitment_signed: true,
      dishonest: false,
      applicant: { name: '𠮷祥云', id_kind: 'resident_id' as const, id_number: '11010519491231002X' },
    }
    const decision = { bundle_code: 'JMYJS001', members: [] }
    invoke.mockResolvedValueOnce(decision)
    await expect(ipc.checkBundle(check)).resolves.toBe(decision)
    expect(invoke.mock.lastCall).toEqual(['check_bundle', { request: check }])
    expect((invoke.mock.lastCall![1] as { request: unknown }).request).toBe(check)

    const request = {
      bundle_code: 'JMYJS001',
      applicant_kind: 'person' as const,
      applicant: { name: '𠮷祥云', id_kind: 'resident_id' as const, id_number: '11010519491231002X' },
      phone: '13812345678',
      agent: null,
      commitment_signed: false,
      dishonest: false,
      received: [{ name: '居民身份证', form: 'original' as const, copies: 1, pages: 2 }],
      delivery: { method: 'window' as const, pickup_hall_code: '440700000', address: null },
      draft_id: 9,
    }
    const result = { bundle_code: 'JMYJS001', bundle_name: '新生儿出生一件事', cases: [], lead: null, prints: [] }
    invoke.mockResolvedValueOnce(result)
    await expect(ipc.intakeBundle(request)).resolves.toBe(result)
    expect(invoke.mock.lastCall).toEqual(['intake_bundle', { request }])
    expect((invoke.mock.lastCall![1] as { request: unknown }).request).toBe(request)
  })

  it('rethrows a bundle rejection as an IpcError', async () => {
    invoke.mockRejectedValueOnce({ code: 'invalid_input', message: '一件事“新生儿出生一件事”的材料清单中没有“户口本”' })
    await expect(ipc.checkBundle({} as never)).rejects.toEqual({
      code: 'invalid_input',
      message: '一件事“新生儿出生一件事”的材料清单中没有“户口本”',
      field: null,
      suggested_id_kind: null,
    })
    invoke.mockRejectedValueOnce(new Error('boom'))
    await expect(ipc.intakeBundle({} as never)).rejects.toEqual({ code: 'internal', message: 'Error: boom', field: null, suggested_id_kind: null })
  })

  it('wraps the printing commands with their contract keys', async () => {
    invoke.mockResolvedValue([])
    await ipc.printerProfiles()
    expect(invoke).toHaveBeenLastCalledWith('printer_profiles', undefined)

    const request = {
      document: 'receipt' as const,
      case_number: 'JM2025000001',
      profile: 'thermal-80',
      lang: 'zh-hk',
      queue: null,
      demo: false,
    }
    await ipc.printDocument(request)
    // One argument named `request`, holding the request object as it is.
    expect(invoke.mock.lastCall).toEqual([
      'print_document',
      {
        request: {
          document: 'receipt',
          case_number: 'JM2025000001',
          profile: 'thermal-80',
          lang: 'zh-hk',
          queue: null,
          demo: false,
        },
      },
    ])

    await ipc.printJobs('JM2025000001')
    expect(invoke.mock.lastCall).toEqual(['print_jobs', { case_number: 'JM2025000001' }])
    await ipc.printJobs(null)
    expect(invoke.mock.lastCall).toEqual(['print_jobs', { case_number: null }])

    await ipc.resendPrintJob(7, null)
    expect(invoke.mock.lastCall).toEqual(['resend_print_job', { id: 7, profile: null }])
    await ipc.resendPrintJob(7, 'a4-laser')
    expect(invoke.mock.lastCall).toEqual(['resend_print_job', { id: 7, profile: 'a4-laser' }])

    await ipc.calibratePrinter('label-100x150', 1.5, -0.5)
    expect(invoke.mock.lastCall).toEqual(['calibrate_printer', { profile: 'label-100x150', x_mm: 1.5, y_mm: -0.5 }])
  })

  it('wraps the scan commands with their contract keys', async () => {
    const sha = 'a'.repeat(64)
    invoke.mockResolvedValue(null)
    await ipc.scanInbox()
    expect(invoke.mock.lastCall).toEqual(['scan_inbox', undefined])
    await ipc.caseMaterials('JM2025000001')
    expect(invoke.mock.lastCall).toEqual(['case_materials', { number: 'JM2025000001' }])
    await ipc.assignScan('JM2025000001', 'M2', sha, 90)
    expect(invoke.mock.lastCall).toEqual(['assign_scan', { number: 'JM2025000001', material_code: 'M2', sha256: sha, rotation: 90 }])
    await ipc.unassignScan('JM2025000001', sha)
    expect(invoke.mock.lastCall).toEqual(['unassign_scan', { number: 'JM2025000001', sha256: sha }])
    await ipc.scanThumbnail(sha)
    expect(invoke.mock.lastCall).toEqual(['scan_thumbnail', { sha256: sha }])
    await ipc.exportCaseFile('JM2025000001')
    expect(invoke.mock.lastCall).toEqual(['export_case_file', { number: 'JM2025000001' }])
    await ipc.saneDevices()
    expect(invoke.mock.lastCall).toEqual(['sane_devices', undefined])
    await ipc.openFolder('inbox')
    expect(invoke.mock.lastCall).toEqual(['open_folder', { folder: 'inbox' }])
    await ipc.openFolder('exports')
    expect(invoke.mock.lastCall).toEqual(['open_folder', { folder: 'exports' }])

    const request = { device: 'test:0', resolution: 300, mode: 'Gray', duplex: true, pages: 3 }
    await ipc.saneScan(request)
    // One argument named `request`, holding the request object as it is.
    expect(invoke.mock.lastCall).toEqual(['sane_scan', { request: { device: 'test:0', resolution: 300, mode: 'Gray', duplex: true, pages: 3 } }])
  })

  it("returns the scan commands' answers as they are", async () => {
    invoke.mockResolvedValueOnce('/data/exports/JM2025000001-材料.pdf')
    await expect(ipc.exportCaseFile('JM2025000001')).resolves.toBe('/data/exports/JM2025000001-材料.pdf')
    invoke.mockResolvedValueOnce(null)
    await expect(ipc.scanThumbnail('b'.repeat(64))).resolves.toBeNull()
    invoke.mockRejectedValueOnce({ code: 'invalid_input', message: '旋转角度只能是0、90、180或270度' })
    await expect(ipc.assignScan('JM2025000001', 'M1', 'c'.repeat(64), 45)).rejects.toEqual({
      code: 'invalid_input',
      message: '旋转角度只能是0、90、180或270度',
      field: null,
      suggested_id_kind: null,
    })
  })

  it('wraps the back-office commands with their contract keys', async () => {
    invoke.mockResolvedValue({})
    const request = { states: ['handed_off' as const], holder: { user: 'reviewer2' }, due: { within: 3 }, offset: 50, limit: 50 }
    await ipc.queuePage(request)
    expect(invoke).toHaveBeenLastCalledWith('queue_page', { request })
    await ipc.reviewCase('4407030002026120200001')
    expect(invoke).toHaveBeenLastCalledWith('review_case', { number: '4407030002026120200001' })
    await ipc.reviewAction('4407030002026120200001', { action: 'deny', ground: '不符合法定条件', reason: '场所不符' })
    expect(invoke).toHaveBeenLastCalledWith('review_action', {
      number: '4407030002026120200001',
      request: { action: 'deny', ground: '不符合法定条件', reason: '场所不符' },
    })
    await ipc.claimCases(['A1', 'A2'])
    expect(invoke).toHaveBeenLastCalledWith('claim_cases', { numbers: ['A1', 'A2'] })
    await ipc.departmentReviewers()
    expect(invoke).toHaveBeenLastCalledWith('department_reviewers', undefined)
    const supply = { case: 'OW:4407030002026120200001:K7Q2', materials: [{ material_code: 'M02', form: 'copy' as const, copies: 1, pages: 2 }] }
    await ipc.supplyCorrection(supply)
    expect(invoke).toHaveBeenLastCalledWith('supply_correction', { request: supply })
    await ipc.caseProgress('OW:4407030002026120200001:K7Q2')
    expect(invoke).toHaveBeenLastCalledWith('case_progress', { reference: 'OW:4407030002026120200001:K7Q2' })
    await ipc.verifyAudit(null)
    expect(invoke).toHaveBeenLastCalledWith('verify_audit', { number: null })
    await ipc.scanPage('a'.repeat(64), 2)
    expect(invoke).toHaveBeenLastCalledWith('scan_page', { sha256: 'a'.repeat(64), page: 2 })
  })

  it('rethrows a refused review move as an IpcError with the field it is about', async () => {
    invoke.mockRejectedValue({ code: 'invalid_input', message: '请填写证照编号', field: 'certificate_number' })
    await expect(ipc.reviewAction('A1', { action: 'approve', certificate_number: '' })).rejects.toEqual({
      code: 'invalid_input',
      message: '请填写证照编号',
      field: 'certificate_number',
      suggested_id_kind: null,
    })
  })

  it('resolves a refused print job as a normal result', async () => {
    const job = {
      id: 3,
      case_number: 'JM2025000001',
      document: 'receipt',
      profile: 'a4-laser',
      queue: 'OW-A4',
      cups_job: null,
      state: 'failed',
      error: '打印队列OW-A4不存在',
      reprint: false,
      user: 'clerk1',
      created_at: '2025-03-01T02:05:00Z',
      updated_at: '2025-03-01T02:05:00Z',
    }
    invoke.mockResolvedValue(job)
    await expect(
      ipc.printDocument({ document: 'receipt', case_number: 'JM2025000001', profile: null, lang: null, queue: null, demo: false }),
    ).resolves.toEqual(job)
  })

  it('rethrows a check_shortfall rejection as an IpcError', async () => {
    invoke.mockRejectedValue({ code: 'invalid_input', message: '事项“户籍证明开具”没有编码为“X”的材料' })
    await expect(
      ipc.checkShortfall({
        service_item_code: 'I',
        present_codes: ['X'],
        applicant_kind: 'person',
        has_agent: false,
        commitment_signed: false,
        dishonest: false,
        e_certificates: [],
        applicant: null,
      }),
    ).rejects.toEqual({
      code: 'invalid_input',
      message: '事项“户籍证明开具”没有编码为“X”的材料',
      field: null,
      suggested_id_kind: null,
    })
  })

  it('wraps the screen lock and the sign-in status with their contract keys', async () => {
    invoke.mockResolvedValue(null)
    await ipc.lockScreen()
    expect(invoke).toHaveBeenLastCalledWith('lock_screen', undefined)
    await ipc.unlockScreen('secret')
    expect(invoke).toHaveBeenLastCalledWith('unlock_screen', { password: 'secret' })
    await ipc.signInStatus('clerk1')
    expect(invoke).toHaveBeenLastCalledWith('sign_in_status', { username: 'clerk1' })
    await ipc.liftLockout('clerk1')
    expect(invoke).toHaveBeenLastCalledWith('lift_lockout', { username: 'clerk1' })
  })

  it('wraps the staff and the station settings with their contract keys', async () => {
    invoke.mockResolvedValue(null)
    await ipc.staff()
    expect(invoke).toHaveBeenLastCalledWith('staff', undefined)
    const request = {
      username: 'li_min',
      display_name: '李敏',
      role: 'window_clerk' as const,
      hall_code: '440703000',
      window: '3',
      department_code: null,
      password: 'first-pass',
    }
    await ipc.addStaff(request)
    expect(invoke).toHaveBeenLastCalledWith('add_staff', { request })
    await ipc.resetPassword('li_min', 'new-pass-1')
    expect(invoke).toHaveBeenLastCalledWith('reset_password', { username: 'li_min', password: 'new-pass-1' })
    await ipc.disableSignIn('li_min')
    expect(invoke).toHaveBeenLastCalledWith('disable_sign_in', { username: 'li_min' })
    await ipc.setIdleLockMinutes('440703000', 15)
    expect(invoke).toHaveBeenLastCalledWith('set_idle_lock_minutes', { hall_code: '440703000', minutes: 15 })
    await ipc.stationSettings()
    expect(invoke).toHaveBeenLastCalledWith('station_settings', undefined)
    await ipc.connectStation('postgres://db.city/onewindow', '440703000', null)
    expect(invoke).toHaveBeenLastCalledWith('connect_station', { url: 'postgres://db.city/onewindow', hall: '440703000', window: null })
    await ipc.registerStation('station_pj3', 'admin-pass')
    expect(invoke).toHaveBeenLastCalledWith('register_station', { name: 'station_pj3', password: 'admin-pass' })
    void ipc.restartApp()
    expect(invoke).toHaveBeenLastCalledWith('restart_app', undefined)
  })

  it("asks for the station's status without arguments and returns it as it is", async () => {
    const status = {
      city: true,
      registered: true,
      offline: true,
      pending: 2,
      numbers_left: 48,
      conflicts: [{ case: '4407030002026120200001', reason: '办件编号已存在' }],
    }
    invoke.mockResolvedValue(status)
    await expect(ipc.stationStatus()).resolves.toEqual(status)
    expect(invoke).toHaveBeenLastCalledWith('station_status', undefined)
  })

  it('reports a refusal for the screen lock, and rethrows it', async () => {
    const locked = vi.fn()
    onScreenLocked(locked)
    invoke.mockRejectedValue({ code: 'forbidden', message: '无权访问该办件' })
    await expect(ipc.getCase('X')).rejects.toMatchObject({ code: 'forbidden' })
    expect(locked).not.toHaveBeenCalled()
    invoke.mockRejectedValue({ code: 'screen_locked', message: '屏幕已锁定，请先解锁' })
    await expect(ipc.getCase('X')).rejects.toEqual({ code: 'screen_locked', message: '屏幕已锁定，请先解锁', field: null, suggested_id_kind: null })
    expect(locked).toHaveBeenCalledTimes(1)
  })

  it('returns what the command resolved with', async () => {
    invoke.mockResolvedValue(null)
    await expect(ipc.currentUser()).resolves.toBeNull()
  })

  it('rethrows an IpcError rejection unchanged', async () => {
    invoke.mockRejectedValue({ code: 'forbidden', message: '无权访问该办件' })
    await expect(ipc.getCase('X')).rejects.toEqual({ code: 'forbidden', message: '无权访问该办件', field: null, suggested_id_kind: null })
  })

  it('wraps a string rejection as internal', async () => {
    invoke.mockRejectedValue('command get_case not found')
    await expect(ipc.getCase('X')).rejects.toEqual({ code: 'internal', message: 'command get_case not found', field: null, suggested_id_kind: null })
  })

  it('wraps an Error rejection as internal with its text', async () => {
    invoke.mockRejectedValue(new TypeError('window.__TAURI_INTERNALS__ is undefined'))
    await expect(ipc.overview()).rejects.toEqual({
      code: 'internal',
      message: 'TypeError: window.__TAURI_INTERNALS__ is undefined',
      field: null,
      suggested_id_kind: null,
    })
  })

  it('wraps a synchronous throw from invoke too', async () => {
    invoke.mockImplementation(() => {
      throw new Error('boom')
    })
    await expect(ipc.logout()).rejects.toEqual({ code: 'internal', message: 'Error: boom', field: null, suggested_id_kind: null })
  })

  it('carries the field a rejection is about and the ID kind it suggests, when they are sound', async () => {
    const rejection = {
      code: 'invalid_input',
      message: '居民身份证号码校验位错误',
      field: 'agent.id_number',
      suggested_id_kind: 'residence_permit',
    }
    invoke.mockRejectedValue(rejection)
    await expect(ipc.intake({} as never)).rejects.toEqual(rejection)
    expect(ipc.toIpcError({ ...rejection, field: 7, suggested_id_kind: 'library_card' })).toEqual({
      code: 'invalid_input',
      message: '居民身份证号码校验位错误',
      field: null,
      suggested_id_kind: null,
    })
    // An older shell sends neither.
    expect(ipc.toIpcError({ code: 'conflict', message: '办件已被认领' })).toEqual({
      code: 'conflict',
      message: '办件已被认领',
      field: null,
      suggested_id_kind: null,
    })
  })

  it('keeps the message of an object with an unknown code', () => {
    expect(ipc.toIpcError({ code: 'teapot', message: '出错了' })).toEqual({
      code: 'internal',
      message: '出错了',
      field: null,
      suggested_id_kind: null,
    })
  })

  it('wraps objects without the shape', () => {
    expect(ipc.toIpcError({ code: 1 })).toEqual({ code: 'internal', message: '[object Object]', field: null, suggested_id_kind: null })
    expect(ipc.toIpcError(null)).toEqual({ code: 'internal', message: 'null', field: null, suggested_id_kind: null })
    expect(ipc.isIpcError({ code: 'conflict', message: '办件已被认领' })).toBe(true)
  })
})

describe('ipc: follow-ups of tolerated materials', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('wraps the follow-up list and its moves with one `request` argument each', async () => {
    invoke.mockResolvedValue({})
    await ipc.followups({ hall_code: '440703000' })
    expect(invoke).toHaveBeenLastCalledWith('followups', { request: { hall_code: '440703000' } })
    await ipc.remind({ case: '4407030002026120200001', channel: 'sms', note: '已发短信' })
    expect(invoke).toHaveBeenLastCalledWith('remind', { request: { case: '4407030002026120200001', channel: 'sms', note: '已发短信' } })
    const supply = { case: 'OW:4407030002026120200001:K7Q2', materials: [{ material_code: 'M02', form: 'original' as const, copies: 1, pages: 1 }] }
    await ipc.supplyShortfall(supply)
    expect(invoke).toHaveBeenLastCalledWith('supply_shortfall', { request: supply })
    await ipc.holdShortfall({ case: '4407030002026120200001' })
    expect(invoke).toHaveBeenLastCalledWith('hold_shortfall', { request: { case: '4407030002026120200001' } })
    await ipc.terminateCase({ case: '4407030002026120200001', reason: '逾期未补交' })
    expect(invoke).toHaveBeenLastCalledWith('terminate_case', { request: { case: '4407030002026120200001', reason: '逾期未补交' } })
  })

  it('rethrows a refused supply as an IpcError naming the field', async () => {
    invoke.mockRejectedValue({ code: 'invalid_input', message: '营业执照须提交原件', field: 'materials' })
    await expect(ipc.supplyShortfall({ case: 'A1', materials: [] })).rejects.toMatchObject({ code: 'invalid_input', field: 'materials' })
  })
})

describe('ipc: issuance at the window', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('asks for the hall’s waiting results without arguments, and hands one out with one `request` argument', async () => {
    invoke.mockResolvedValue({})
    await ipc.issuanceQueue()
    expect(invoke).toHaveBeenLastCalledWith('issuance_queue', undefined)
    const request = {
      case: 'OW:4407030002026120200001:K7Q2',
      collector: { kind: 'applicant' as const, id_kind: 'resident_id' as const, id_number: '44070319900101123X' },
    }
    await ipc.issueResult(request)
    expect(invoke).toHaveBeenLastCalledWith('issue_result', { request })
  })

  it('rethrows a collector mismatch as an IpcError naming the field', async () => {
    invoke.mockRejectedValue({ code: 'invalid_input', message: '领取人证件与申请人证件不符', field: 'collector.id_number' })
    await expect(
      ipc.issueResult({ case: '4407030002026120200001', collector: { kind: 'applicant', id_kind: 'resident_id', id_number: '1' } }),
    ).rejects.toMatchObject({ code: 'invalid_input', field: 'collector.id_number' })
  })
})

describe('ipc: the courier desk', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('asks for the work and the ranges without arguments, and wraps the rest with their contract keys', async () => {
    invoke.mockResolvedValue({})
    await ipc.dispatchWork()
    expect(invoke).toHaveBeenLastCalledWith('dispatch_work', undefined)
    await ipc.waybillRanges()
    expect(invoke).toHaveBeenLastCalledWith('waybill_ranges', undefined)
    const request = {
      kind: 'material_transfer' as const,
      cases: ['4407030002026120200001', '4407030002026120200002'],
      papers: { '4407030002026120200001': ['M01'], '4407030002026120200002': ['M01', 'M03'] },
    }
    await ipc.createShipment(request)
    expect(invoke).toHaveBeenLastCalledWith('create_shipment', { request })
    await ipc.cancelShipment('EA123456785CN', '面单打印错位')
    expect(invoke).toHaveBeenLastCalledWith('cancel_shipment', { waybill: 'EA123456785CN', reason: '面单打印错位' })
    const range = { carrier: '中国邮政 EMS', product: '标准快递', format: 's10' as const, first: 'EA000000001CN', last: 'EA000000100CN' }
    await ipc.importWaybillRange(range)
    expect(invoke).toHaveBeenLastCalledWith('import_waybill_range', { request: range })
    await ipc.caseShipments('4407030002026120200001')
    expect(invoke).toHaveBeenLastCalledWith('case_shipments', { number: '4407030002026120200001' })
  })

  it('rethrows a refused envelope as an IpcError naming the field', async () => {
    invoke.mockRejectedValue({ code: 'invalid_input', message: '办件的材料已装入另一个邮件', field: 'split_reason' })
    await expect(ipc.createShipment({ kind: 'material_transfer', cases: ['A1'] })).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'split_reason',
    })
  })
})

describe('ipc: the batch label run', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('passes the request and a progress channel, and hands each message to the callback', async () => {
    const view = { id: 7, state: 'finished' }
    invoke.mockImplementation((_command: string, args: { on_progress: { onmessage: (p: unknown) => void } }) => {
      args.on_progress.onmessage({ run: 7, done: 1, total: 2, waybill: 'EA1', state: 'printed', reprint: false, error: null })
      return Promise.resolve(view)
    })
    const seen: unknown[] = []
    const request = { waybills: ['EA1', 'EA2'], profile: null, queue: null }
    await expect(ipc.printLabels(request, (p) => seen.push(p))).resolves.toBe(view)
    expect(invoke.mock.lastCall![0]).toBe('print_labels')
    expect(invoke.mock.lastCall![1]).toMatchObject({ request })
    expect(seen).toEqual([{ run: 7, done: 1, total: 2, waybill: 'EA1', state: 'printed', reprint: false, error: null }])

    await ipc.resumeLabelRun(7, () => {})
    expect(invoke.mock.lastCall![0]).toBe('resume_label_run')
    expect(invoke.mock.lastCall![1]).toMatchObject({ id: 7 })
    expect(Object.keys(invoke.mock.lastCall![1] as object).sort()).toEqual(['id', 'on_progress'])

    invoke.mockReset()
    invoke.mockResolvedValue([])
    await ipc.cancelLabelRun(7)
    expect(invoke).toHaveBeenLastCalledWith('cancel_label_run', { id: 7 })
    await ipc.labelRuns()
    expect(invoke).toHaveBeenLastCalledWith('label_runs', undefined)
  })

  it('rethrows a run already printing as an IpcError', async () => {
    invoke.mockRejectedValue({ code: 'conflict', message: '批量打印7正在打印中' })
    await expect(ipc.resumeLabelRun(7, () => {})).rejects.toMatchObject({ code: 'conflict', message: '批量打印7正在打印中' })
  })
})

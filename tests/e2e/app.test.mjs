// End-to-end: the real desktop app (the built Tauri binary) driven through tauri-driver and
// WebKitWebDriver, on a fresh demo database. Run by `./x test` under Xvfb and a private D-Bus.
// Screenshots of each screen go to a scratch directory, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.

import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { remote } from 'webdriverio'

const root = resolve(import.meta.dirname, '../..')
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target')
const application = process.env.ONEWINDOW_APP ?? join(targetDir, 'debug', 'onewindow-desktop')
// The README's pictures are refreshed on request (UPDATE_SCREENSHOTS=1), so a test run leaves the
// checkout clean; otherwise they go to a scratch directory, there to look at when a test fails.
const shots = process.env.UPDATE_SCREENSHOTS ? join(root, 'docs', 'screenshots') : mkdtempSync(join(tmpdir(), 'onewindow-screenshots-'))
console.log(`screenshots: ${shots}`)
/** When this run began: printouts older than this are an earlier run's (mtime is in whole seconds at worst). */
const RUN_STARTED = Date.now() - 2000

let driver
let browser
/** The app's data directory (database, scan inbox) for this run. */
let dataDir

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.unref()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

async function waitForPort(port, ms) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${ms} ms`)
}

const $ = (id) => browser.$(`[data-testid="${id}"]`)
const $$ = (id) => browser.$$(`[data-testid="${id}"]`)

async function texts(id) {
  const out = []
  // textContent, not getText: rows scrolled out of the panel still count.
  for (const el of await $$(id)) out.push(await el.getProperty('textContent'))
  return out
}

async function login(username, password) {
  await (await $('login-username')).waitForDisplayed({ timeout: 20000 })
  await (await $('login-username')).setValue(username)
  await (await $('login-password')).setValue(password)
  await (await $('login-submit')).click()
}

async function logout() {
  await (await $('logout')).click()
  await (await $('login-username')).waitForDisplayed({ timeout: 10000 })
}

async function shot(name) {
  // Let transitions and charts settle so the picture shows what the user sees.
  await browser.pause(600)
  await browser.saveScreenshot(join(shots, name))
}

before(async () => {
  mkdirSync(shots, { recursive: true })
  dataDir = mkdtempSync(join(tmpdir(), 'onewindow-e2e-'))
  const port = await freePort()
  const nativePort = await freePort()
  // The driver and the WebKitWebDriver it starts get a process group and a log file of their own:
  // nothing of theirs can outlive this process or hold its output open.
  const driverLog = openSync(join(dataDir, 'tauri-driver.log'), 'a')
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(nativePort)], {
    env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir },
    stdio: ['ignore', driverLog, driverLog],
    detached: true,
  })
  driver.unref()
  process.on('exit', () => {
    try {
      process.kill(-driver.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  })
  await waitForPort(port, 20000)
  driverPort = port
  await startSession()
})

let driverPort

/** Starts the app (a new process) in a WebDriver session. */
async function startSession() {
  browser = await remote({
    hostname: '127.0.0.1',
    port: driverPort,
    logLevel: 'warn',
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application },
    },
  })
  await browser.setWindowSize(1280, 800).catch(() => {})
}

after(async () => {
  await browser?.deleteSession().catch(() => {})
  // Whatever the tests left behind (an app a failed test did not close) must not keep the run
  // waiting: end the app and the driver for good.
  try {
    execFileSync('pkill', ['-9', '-f', application])
  } catch {
    // none left
  }
  try {
    process.kill(-driver.pid, 'SIGKILL')
  } catch {
    // already gone
  }
  // The WebDriver client can keep sockets open after its session is gone; do not wait on them
  // (the exit code the test runner set is kept).
  setTimeout(() => process.exit(), 2000).unref()
})

test('a wrong password is refused with a clear message', async () => {
  await shot('login.png')
  await login('clerk', 'wrong-password')
  const message = await browser.$('.el-message--error')
  await message.waitForDisplayed({ timeout: 10000 })
  assert.match(await message.getText(), /用户名或密码错误/)
  assert.ok(await (await $('login-username')).isDisplayed())
})

test('a window clerk finds a service item by pinyin initials and sees its checklist', async () => {
  await startOnLogin()
  await login('clerk', 'Demo@2026')
  const search = await $('item-search')
  await search.waitForDisplayed({ timeout: 20000 })
  assert.equal(await (await $('user-name')).getText(), '李敏')
  await search.setValue('gtgsh')
  await browser.waitUntil(async () => (await $$('item-result')).length > 0, { timeout: 10000 })
  const first = (await $$('item-result'))[0]
  assert.match(await first.getText(), /个体工商户设立登记/)
  await first.click()
  await (await $('item-detail')).waitForDisplayed({ timeout: 10000 })
  const detail = await (await $('item-detail')).getText()
  assert.match(detail, /江门市蓬江区市场监督管理局/)
  const rows = await texts('material-row')
  assert.ok(rows.length >= 3, `expected a materials checklist, got ${rows.length} rows`)
  const checklist = rows.join('\n')
  assert.match(checklist, /居民身份证/)
  assert.match(checklist, /可容缺/)
  await shot('clerk-intake.png')

  // The shortfall decision follows the ticks live: nothing ticked is a one-time notice…
  const outcome = async () => (await $('shortfall-outcome')).getAttribute('data-outcome')
  await browser.waitUntil(async () => (await outcome()) === 'one_time_notice', { timeout: 10000 })
  // …every material received is an acceptance…
  await tick(() => true)
  await browser.waitUntil(async () => (await outcome()) === 'accept', { timeout: 10000 })
  assert.match(await (await $('shortfall-decision')).getText(), /承诺办结/)
  await shot('clerk-shortfall-accept.png')
  // …and a tolerable one taken back, with the commitment signed, is accepted with shortfall.
  await tick((text) => !text.includes('经营场所使用证明'))
  await (await $('applicant-commitment')).click()
  await browser.waitUntil(async () => (await outcome()) === 'accept_with_shortfall', { timeout: 10000 })
  const findings = await texts('material-finding')
  assert.ok(
    findings.some((f) => /容缺/.test(f)),
    findings.join(' | '),
  )
  await shot('clerk-shortfall-tolerated.png')

  // A search by Chinese name works too; Esc clears the box, as a clerk would.
  await search.click()
  await browser.keys('Escape')
  await search.addValue('居民身份证换领')
  await browser.waitUntil(async () => (await $$('item-result')).length > 0 && /居民身份证换领/.test(await (await $$('item-result'))[0].getText()), {
    timeout: 10000,
  })
  await logout()
})

test('a reviewer sees the department queue with the seeded cases', async () => {
  await startOnLogin()
  await login('reviewer', 'Demo@2026')
  const table = await $('department-queue')
  await table.waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(async () => (await $$('queue-row')).length > 0, { timeout: 10000 })
  const text = (await texts('queue-row')).join('\n')
  assert.match(text, /440\d{6}2026\d{9}/, 'case numbers are shown')
  assert.match(text, /\*{6,}/, 'applicant IDs are masked')
  assert.doesNotMatch(text, /(?<!\d)\d{17}[\dX](?![\dX])/, 'no full ID number in the list')
  await shot('reviewer-queue.png')

  // WebKit's driver does not click <tr>s; a clerk clicks a cell anyway (not the tick box's). A row
  // opens the review screen.
  await (await (await $$('queue-row'))[0].$$('td'))[2].click()
  await (await $('review-case')).waitForDisplayed({ timeout: 10000 })
  // The history loads after the screen itself: wait for it rather than read it at once.
  await browser.waitUntil(async () => (await $$('case-event')).length >= 3, {
    timeout: 10000,
    timeoutMsg: 'the case history is shown',
  })
  const number = await (await $('review-case')).getAttribute('data-number')

  // The case screen prints the receipt again through the real CUPS queue (a cups-pdf virtual
  // printer): the job is logged with the case and followed until it has printed.
  await browser.execute((n) => {
    window.location.hash = `#/cases/${n}`
  }, number)
  await (await $('case-detail')).waitForDisplayed({ timeout: 10000 })
  await shot('case-detail.png')
  await (await $('print-receipt')).click()
  await browser.waitUntil(
    async () => {
      const rows = await $$('print-job')
      return rows.length > 0 && (await rows[0].getAttribute('data-state')) === 'done'
    },
    { timeout: 60000, timeoutMsg: 'the receipt did not print' },
  )
  await shot('case-printed.png')
  await logout()
})

/** The `onewindow` CLI on this run's database, as an operator at another station would use it. */
function cli(...args) {
  const bin = join(targetDir, 'debug', 'onewindow')
  return JSON.parse(execFileSync(bin, ['--db', join(dataDir, 'onewindow.db'), ...args]).toString())
}

/** The input inside a wrapper (Element Plus date pickers keep no test id of their own). */
async function fillInside(id, value) {
  const input = await (await $(id)).$('input')
  await input.waitForDisplayed({ timeout: 10000 })
  await input.click()
  await input.setValue(value)
  await browser.keys('Enter')
}

/** Opens the review screen of `number` from the department queue's 全部 tab. */
async function openForReview(number) {
  await browser.execute((n) => {
    window.location.hash = `#/reviewer/cases/${n}`
  }, number)
  const screen = await $('review-case')
  await browser.waitUntil(async () => (await screen.isExisting()) && (await screen.getAttribute('data-number')) === number, {
    timeout: 20000,
    timeoutMsg: `the review screen of ${number} did not open`,
  })
}

/** Opens an Element Plus select and picks its first option (the dropdowns of every select live
 * in the page at once; only the open one is displayed). */
async function chooseFirst(id) {
  await (await $(id)).click()
  let option
  await browser.waitUntil(
    async () => {
      for (const item of await browser.$$('.el-select-dropdown__item')) {
        if (await item.isDisplayed()) {
          option = item
          return true
        }
      }
      return false
    },
    { timeout: 10000, timeoutMsg: `${id} offered no option` },
  )
  await option.click()
}

async function printOutcome(kind, number) {
  const button = await $(`outcome-print-${kind}`)
  await button.waitForDisplayed({ timeout: 20000 })
  await button.click()
  return printedText(kind, number)
}

async function closeOutcome() {
  await (await $('outcome-close')).click()
  await (await $('review-outcome')).waitForDisplayed({ timeout: 10000, reverse: true })
}

test('the back office: claim, a correction taken in at another district, approval; a held case and a denial', async () => {
  await startOnLogin()
  await login('reviewer2', 'Demo@2026')
  await (await $('review-queue')).waitForDisplayed({ timeout: 20000 })
  await (await $('queue-tab-unclaimed')).click()
  await browser.waitUntil(
    async () => {
      const rows = await $$('queue-row')
      let open = 0
      for (const row of rows) if ((await row.getAttribute('data-state')) === 'handed_off') open++
      return open >= 2
    },
    { timeout: 20000, timeoutMsg: 'no two unclaimed cases in the queue' },
  )
  const waiting = []
  for (const row of await $$('queue-row')) {
    if ((await row.getAttribute('data-state')) === 'handed_off') waiting.push(await row.getAttribute('data-number'))
  }
  const [number, other] = waiting
  // Another station's reviewer takes `other` while this page still shows it free: the claim from
  // here is refused, naming who has it.
  const holder = sql("SELECT display_name FROM users WHERE username = 'reviewer'")
  cli('case', 'claim', '--case', other, '--user', 'reviewer')
  await (await $(`claim-${other}`)).click()
  const refused = await browser.$('.el-message--error')
  await refused.waitForDisplayed({ timeout: 10000 })
  assert.match(await refused.getText(), new RegExp(`该办件已由${holder}认领`))
  assert.equal(sql(`SELECT u.username FROM cases c JOIN users u ON u.id = c.claimed_by_id WHERE c.number = '${other}'`), 'reviewer')
  await logout()

  // The reviewer claims the first one from the queue and opens it: its pages are there to read.
  await login('reviewer', 'Demo@2026')
  await (await $('review-queue')).waitForDisplayed({ timeout: 20000 })
  await (await $('queue-tab-unclaimed')).click()
  const claim = await $(`claim-${number}`)
  await claim.waitForDisplayed({ timeout: 20000 })
  await claim.click()
  await browser.waitUntil(async () => sql(`SELECT state FROM cases WHERE number = '${number}'`) === 'under_review', {
    timeout: 10000,
    timeoutMsg: `${number} was not claimed`,
  })
  await openForReview(number)
  const viewer = await $('page-viewer')
  await (await $('page-image')).waitForDisplayed({ timeout: 20000 })
  assert.match(await (await $('page-counter')).getText(), /^1 \/ \d+$/)
  await (await $('page-zoom-in')).click()
  assert.ok(Number(await viewer.getAttribute('data-zoom')) > 1, 'zoomed in')
  await (await $('page-rotate')).click()
  assert.equal(await viewer.getAttribute('data-rotation'), '90')
  assert.equal(await (await $('chain-status')).getAttribute('data-intact'), 'true')
  assert.match(await (await $('chain-status')).getText(), /记录完整/)
  await shot('review-case.png')

  // 补正: one material, with its reason and a deadline a month away; the notice prints and the clock stops.
  const material = await (await $$('review-material'))[0].getAttribute('data-code')
  await (await $('action-request_correction')).click()
  await (await $('review-dialog')).waitForDisplayed({ timeout: 10000 })
  await (await $(`input-item-${material}`)).click()
  await fill(`input-item-${material}-reason`, '签名处不清晰，请重新签署')
  const deadline = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10)
  await fillInside('input-deadline', deadline)
  await (await $('dialog-submit')).click()
  await (await $('review-outcome')).waitForDisplayed({ timeout: 20000 })
  const notice = await printOutcome('correction-notice', number)
  for (const must of ['补正材料告知书', '签名处不清晰，请重新签署', `请于${deadline}前`, '任一政务服务大厅综合窗口']) {
    assert.ok(notice.includes(must), `the correction notice says ${must}: ${notice}`)
  }
  await closeOutcome()
  await browser.waitUntil(async () => (await (await $('clock-tag')).getAttribute('data-status')) === 'paused', {
    timeout: 10000,
    timeoutMsg: 'the clock did not stop',
  })
  await logout()

  // A clerk at the 江海区 hall scans the notice's QR code and takes the material in.
  const code = sql(`SELECT verification_code FROM cases WHERE number = '${number}'`)
  await login('clerk_440704000', 'Demo@2026')
  await (await $('nav-correction')).click()
  await fill('supply-case-input', `OW:${number}:${code}`)
  await browser.keys('Enter')
  const found = await $('supply-case')
  await found.waitForDisplayed({ timeout: 20000 })
  assert.equal(await found.getAttribute('data-number'), number)
  await (await $(`supply-material-${material}`)).click()
  await (await $('supply-submit')).click()
  const result = await $('supply-result')
  await result.waitForDisplayed({ timeout: 20000 })
  assert.equal(await result.getAttribute('data-state'), 'corrected')
  await shot('correction-supply.png')
  assert.equal(
    sql(
      `SELECT h.code FROM case_events e JOIN cases c ON c.id = e.case_id JOIN halls h ON h.id = e.hall_id WHERE c.number = '${number}' ORDER BY e.seq DESC LIMIT 1`,
    ),
    '440704000',
  )
  // The same clerk looks the case up by the QR code (过程追溯): the steps, and the applicant's own details.
  await (await $('nav-progress')).click()
  await fill('progress-input', `OW:${number}:${code}`)
  await browser.keys('Enter')
  const progress = await $('progress-result')
  await progress.waitForDisplayed({ timeout: 20000 })
  assert.equal(await progress.getAttribute('data-verified'), 'true')
  assert.ok((await $$('progress-step')).length >= 6, 'every step so far')
  assert.equal(sql(`SELECT COUNT(*) FROM progress_lookups l JOIN cases c ON c.id = l.case_id WHERE c.number = '${number}'`), '1')
  await logout()

  // Back with the reviewer who asked, the clock running again: approve, and the decision prints.
  await login('reviewer', 'Demo@2026')
  await (await $('review-queue')).waitForDisplayed({ timeout: 20000 })
  await openForReview(number)
  assert.equal(await (await $('review-case')).getAttribute('data-state'), 'corrected')
  assert.notEqual(await (await $('clock-tag')).getAttribute('data-status'), 'paused')
  assert.ok((await $$('clock-pause')).length >= 1, 'the pause is on the clock')
  await (await $('action-approve')).click()
  await (await $('review-dialog')).waitForDisplayed({ timeout: 10000 })
  await fill('input-certificate_number', '91440703MA5E2E0001')
  await (await $('dialog-submit')).click()
  await (await $('review-outcome')).waitForDisplayed({ timeout: 20000 })
  const decision = await printOutcome('approval-decision', number)
  assert.ok(decision.includes('91440703MA5E2E0001'), decision)
  await closeOutcome()
  assert.match(sql(`SELECT state FROM cases WHERE number = '${number}'`), /^(ready_for_issuance|awaiting_dispatch)$/)
  await browser.waitUntil(async () => /准予/.test((await texts('case-event')).join('\n')), { timeout: 10000 })
  const history = (await texts('case-event')).join('\n')
  for (const step of ['认领', '补正', '准予']) assert.match(history, new RegExp(step), `the history shows ${step}`)

  // The case the other station claimed for this reviewer: denied with its legal ground, the decision printed.
  await openForReview(other)
  await (await $('action-deny')).click()
  await (await $('review-dialog')).waitForDisplayed({ timeout: 10000 })
  await chooseFirst('input-ground')
  await fill('input-reason', '经营场所与申请材料所载不一致')
  await (await $('dialog-submit')).click()
  await (await $('review-outcome')).waitForDisplayed({ timeout: 20000 })
  const denial = await printOutcome('denial-decision', other)
  for (const must of ['不予', '经营场所与申请材料所载不一致', '行政复议', '行政诉讼']) {
    assert.ok(denial.includes(must), `the denial says ${must}: ${denial}`)
  }
  await closeOutcome()

  // 领取下一件 from the queue with Alt+N: the department's soonest-due free case, claimed and opened.
  const next = sql(
    `SELECT c.number FROM cases c JOIN users u ON u.department_id = c.department_id
     WHERE u.username = 'reviewer' AND c.state IN ('handed_off', 'corrected') AND c.claimed_by_id IS NULL
     ORDER BY c.due_date, c.number LIMIT 1`,
  )
  assert.ok(next, 'the demo queue still has a free case')
  await browser.execute(() => {
    window.location.hash = '#/reviewer'
  })
  await (await $('review-queue')).waitForDisplayed({ timeout: 20000 })
  await browser.keys(['Alt', 'n'])
  const opened = await $('review-case')
  await browser.waitUntil(async () => (await opened.isExisting()) && (await opened.getAttribute('data-number')) === next, {
    timeout: 20000,
    timeoutMsg: `the next case ${next} was not claimed and opened`,
  })
  assert.equal(sql(`SELECT u.username FROM cases c JOIN users u ON u.id = c.claimed_by_id WHERE c.number = '${next}'`), 'reviewer')
  await logout()
})

test('after the decision: 容缺 made good at another district, the result handed out after an ID check, and an instant approval in one visit', async () => {
  await startOnLogin()
  // A 容缺 case taken in at the city hall (by another station, through the CLI), its result to be
  // collected at the 蓬江 hall.
  const request = {
    service_item_code: '440703-PJQSCJGJ-001',
    applicant_kind: 'person',
    applicant: { name: '陈小明', id_kind: 'resident_id', id_number: '440703199001011239' },
    phone: '13812345678',
    commitment_signed: true,
    dishonest: false,
    received: [
      { material_code: 'M01', form: 'original', copies: 1, pages: 2 },
      { material_code: 'M02', form: 'original', copies: 1, pages: 1 },
    ],
    delivery: { method: 'window', pickup_hall_code: '440703000' },
  }
  const requestFile = join(dataDir, 'tolerated-intake.json')
  writeFileSync(requestFile, JSON.stringify(request))
  const taken = cli('intake', '--user', 'clerk', '--request', requestFile)
  assert.equal(taken.decision.decision, 'accept_with_shortfall')
  const number = taken.number

  // Its receipt comes out of the real printer; the applicant's copy is scanned as a scanner would
  // (rasterised at 200 dpi, grey) and the QR code read off the image: that is what the wedge types.
  cli('print', 'receipt', '--case', number, '--user', 'clerk')
  const receiptPdf = await printedFile('receipt', number)
  const scan = join(dataDir, 'receipt-scan')
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', receiptPdf, scan])
  const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', `${scan}.png`])
    .toString()
    .trim()
  assert.match(decoded, new RegExp(`^OW:${number}:[A-Z0-9]{6}$`), decoded)

  // The hall that took it in follows it up: on its list, reminded by phone.
  await login('clerk', 'Demo@2026')
  await (await $('nav-followups')).click()
  const row = await browser.$(`[data-testid="followup-row"][data-number="${number}"]`)
  await row.waitForDisplayed({ timeout: 20000 })
  await (await row.$('[data-testid="followup-remind"]')).click()
  await (await $('remind-dialog')).waitForDisplayed({ timeout: 10000 })
  await (await $('remind-submit')).click()
  await browser.waitUntil(
    async () =>
      /李敏/.test(await (await browser.$(`[data-testid="followup-row"][data-number="${number}"] [data-testid="followup-reminded"]`)).getText()),
    { timeout: 10000, timeoutMsg: 'the reminder is not on the list' },
  )
  await shot('followups.png')
  await logout()

  // The applicant brings the premises proof to the 新会 hall: the clerk scans the receipt's QR code.
  await login('clerk5', 'Demo@2026')
  await (await $('nav-correction')).click()
  await fill('supply-case-input', decoded)
  await browser.keys('Enter')
  const found = await $('supply-case')
  await found.waitForDisplayed({ timeout: 20000 })
  assert.equal(await (await $('correction-supply')).getAttribute('data-mode'), 'shortfall')
  await (await $('supply-material-M03')).click()
  await (await $('supply-submit')).click()
  const supplied = await $('supply-shortfall-result')
  await supplied.waitForDisplayed({ timeout: 20000 })
  assert.equal(await supplied.getAttribute('data-done'), 'true')
  assert.equal(
    sql(
      `SELECT h.code FROM case_events e JOIN cases c ON c.id = e.case_id JOIN halls h ON h.id = e.hall_id WHERE c.number = '${number}' ORDER BY e.seq DESC LIMIT 1`,
    ),
    '440705101',
  )
  // The same QR code looks the case up (过程追溯): verified, and nothing outstanding any more.
  await (await $('nav-progress')).click()
  await fill('progress-input', decoded)
  await browser.keys('Enter')
  const progress = await $('progress-result')
  await progress.waitForDisplayed({ timeout: 20000 })
  assert.equal(await progress.getAttribute('data-verified'), 'true')
  await logout()

  // The department approves (another station), and the reviewer sees the shortfall made good.
  cli('case', 'claim', '--case', number, '--user', 'reviewer_pjqscjgj')
  const approveFile = join(dataDir, 'approve.json')
  writeFileSync(approveFile, JSON.stringify({ certificate_number: '92440703MA5E2E0009' }))
  const approved = cli('case', 'approve', '--case', number, '--user', 'reviewer_pjqscjgj', '--request', approveFile)
  assert.equal(approved.case.state, 'ready_for_issuance')

  // At the pickup hall: a wrong ID number is refused on screen, nothing handed out; the right one passes.
  await login('clerk2', 'Demo@2026')
  await (await $('nav-issuance')).click()
  const waiting = await browser.$(`[data-testid="issuance-row"][data-number="${number}"]`)
  await waiting.waitForDisplayed({ timeout: 20000 })
  assert.equal(await waiting.getAttribute('data-blocked'), 'false')
  await (await waiting.$('[data-testid="issuance-issue"]')).click()
  await (await $('issue-dialog')).waitForDisplayed({ timeout: 10000 })
  await fill('collector-id-number', '11010519491231002X')
  await (await $('issue-submit')).click()
  const refused = await $('issue-error')
  await refused.waitForDisplayed({ timeout: 10000 })
  assert.match(await refused.getText(), /不符/)
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${number}'`), 'ready_for_issuance')
  await shot('issuance-refused.png')
  const idInput = await $('collector-id-number')
  await idInput.click()
  await browser.keys(['Control', 'a'])
  await browser.keys('Backspace')
  await fill('collector-id-number', '440703199001011239')
  await (await $('issue-submit')).click()
  await (await $('issue-done')).waitForDisplayed({ timeout: 20000 })
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${number}'`), 'closed')
  const signed = await printOutcome('collection-receipt', number)
  for (const must of ['办理结果领取签收单', '92440703MA5E2E0009', '4407**********1239', '领取人（签名）']) {
    assert.ok(signed.includes(must), `the collection receipt says ${must}: ${signed}`)
  }
  await closeOutcome()
  await (await $('issue-next')).click()
  await (await $('issue-dialog')).waitForDisplayed({ timeout: 10000, reverse: true })
  await logout()

  // An instant-approval item (个人所得税纳税记录开具): accepted, approved by the system, handed out in one visit.
  await login('clerk', 'Demo@2026')
  await (await $('drafts')).waitForDisplayed({ timeout: 20000 })
  await openHit('个人所得税纳税记录', '个人所得税纳税记录开具')
  await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
  await fillApplicant('440703198502023452', '黄秀英', '13712345678')
  await tick(() => true)
  const instant = await submitAndPrint('accept', 2)
  await (await $('intake-instant')).waitForDisplayed({ timeout: 10000 })
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${instant}'`), 'ready_for_issuance')
  assert.ok((await printedText('receipt', instant)).includes('即时办结'), 'the receipt says 即时办结')
  await (await $('intake-issue-now')).click()
  await (await $('issue-dialog')).waitForDisplayed({ timeout: 20000 })
  await fill('collector-id-number', '440703198502023452')
  await (await $('issue-submit')).click()
  await (await $('issue-done')).waitForDisplayed({ timeout: 20000 })
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${instant}'`), 'closed')
  assert.equal(
    sql(
      `SELECT u.display_name FROM case_events e JOIN cases c ON c.id = e.case_id JOIN users u ON u.id = e.actor_id WHERE c.number = '${instant}' AND e.action = 'instant_approve'`,
    ),
    '智能审批',
  )
  await shot('issuance-instant.png')
  const outcome = await $('review-outcome')
  if (await outcome.isDisplayed()) await closeOutcome()
  await (await $('issue-next')).click()
  await (await $('issue-dialog')).waitForDisplayed({ timeout: 10000, reverse: true })
  await logout()
})

test('a dispatcher sees the dispatch queue and a supervisor the overview', async () => {
  await startOnLogin()
  await login('dispatcher', 'Demo@2026')
  await (await $('dispatch-queue')).waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(async () => (await $$('queue-row')).length > 0, { timeout: 10000 })
  await shot('dispatcher-queue.png')
  await logout()

  await login('supervisor', 'Demo@2026')
  const cards = await $('overview-cards')
  await cards.waitForDisplayed({ timeout: 20000 })
  // The counts the supervisor sees are the database's, whatever the earlier tests took in.
  const open = "('accepted','accepted_with_shortfall','handed_off','under_review','correction_requested','corrected','special_procedure')"
  const total = sql('SELECT COUNT(*) FROM cases')
  const opened = sql(`SELECT COUNT(*) FROM cases WHERE state IN ${open}`)
  const overdue = sql(`SELECT COUNT(*) FROM cases WHERE state IN ${open} AND due_date < date('now', '+8 hours')`)
  await browser.waitUntil(
    async () => {
      const values = (await texts('overview-cards'))[0].replace(/,/g, '')
      return [total, opened, overdue].every((n) => new RegExp(`(^|\\D)${n}(\\D|$)`).test(values))
    },
    { timeout: 10000, timeoutMsg: `the overview does not show ${total} cases, ${opened} open, ${overdue} overdue` },
  )
  await shot('supervisor-overview.png')

  // A case taken over in review and then mailed: every move of its history in Chinese.
  const number = sql(`SELECT c.number FROM cases c
    WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'release')
      AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'prepare_dispatch')
    ORDER BY c.number LIMIT 1`)
  assert.match(number, /^\d{22}$/, 'the demo has a case with a release and a prepare-dispatch')
  await browser.execute((n) => {
    window.location.hash = `#/cases/${n}`
  }, number)
  await (await $('case-detail')).waitForDisplayed({ timeout: 10000 })
  const events = Number(sql(`SELECT COUNT(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = '${number}'`))
  await browser.waitUntil(async () => (await $$('case-event')).length === events, { timeout: 10000 })
  const actions = await texts('case-event-action')
  assert.equal(actions.length, events)
  for (const label of actions) assert.match(label.trim(), /^[\u4e00-\u9fff（）、]+$/, `a Chinese label, not ${label}`)
  assert.doesNotMatch((await texts('case-event')).join('\n'), /prepare_dispatch|release|hand_off|[a-z]+_[a-z]+/)
  await shot('case-history-labels.png')
})

/** Types into an Element Plus input (its data-testid is on the native input), leaving Enter
 * unpressed: a dialog submits on it. */
async function typeInto(id, value) {
  const input = await $(id)
  await input.waitForDisplayed({ timeout: 10000 })
  await input.click()
  // Typed over what is there, as a person would: clearing the element leaves Vue's model as it was.
  await browser.keys(['Control', 'a'])
  await input.addValue(value)
}

/** Opens the Element Plus select `id` and picks its option `option` (a data-testid). */
async function choose(id, option) {
  await (await $(id)).click()
  const item = await $(option)
  await item.waitForDisplayed({ timeout: 10000 })
  await item.click()
}

/** The staff table's row of `username`, once it shows. */
async function staffRow(username) {
  let found
  await browser.waitUntil(
    async () => {
      for (const row of await $$('staff-row')) {
        if ((await row.getProperty('textContent')).includes(username)) {
          found = row
          return true
        }
      }
      return false
    },
    { timeout: 10000, timeoutMsg: `no staff row for ${username}` },
  )
  return found
}

async function openStaff() {
  await browser.execute(() => {
    window.location.hash = '#/admin/staff'
  })
  await (await $('staff-table')).waitForDisplayed({ timeout: 20000 })
}

test('an admin adds a window clerk, who signs in at once; disabled, the clerk is refused; the station settings show this hall’s file', async () => {
  const username = 'e2e_new_clerk'
  const password = 'Window@2026'
  await startOnLogin()
  await login('admin', 'Demo@2026')
  await (await $('logout')).waitForDisplayed({ timeout: 20000 })
  await openStaff()
  const staff = Number(sql("SELECT COUNT(*) FROM users WHERE username <> 'system'"))
  await browser.waitUntil(async () => (await $$('staff-row')).length === staff, {
    timeout: 10000,
    timeoutMsg: `the staff table does not list the ${staff} members of staff`,
  })

  await (await $('staff-add')).click()
  await (await $('add-staff-dialog')).waitForDisplayed({ timeout: 10000 })
  await typeInto('staff-username', username)
  await typeInto('staff-display-name', '周新')
  await choose('staff-role', 'staff-role-window_clerk')
  await choose('staff-hall', 'staff-hall-440700000')
  await chooseFirst('staff-window')
  await typeInto('staff-password', password)
  await typeInto('staff-password-again', 'Window@2027')
  await (await $('staff-add-submit')).click()
  // Refused before anything is sent: the message at the field, nothing stored, nothing typed lost.
  const fieldError = () => browser.$('.el-form-item__error')
  await browser.waitUntil(async () => (await fieldError().isExisting()) && /两次输入的密码不一致/.test(await fieldError().getText()), {
    timeout: 10000,
    timeoutMsg: 'no message at the second password',
  })
  assert.equal(sql(`SELECT COUNT(*) FROM users WHERE username = '${username}'`), '0')
  assert.equal(await (await $('staff-username')).getProperty('value'), username)
  await typeInto('staff-password-again', password)
  await (await $('staff-add-submit')).click()
  await staffRow(username)
  assert.equal(
    sql(`SELECT u.role || '|' || h.code || '|' || u.active FROM users u JOIN halls h ON h.id = u.hall_id WHERE u.username = '${username}'`),
    'window_clerk|440700000|1',
  )
  await shot('admin-staff.png')

  // The station settings: this hall's own file, nothing to register.
  await browser.execute(() => {
    window.location.hash = '#/settings'
  })
  await (await $('settings-mode')).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await $('settings-mode')).getText(), /本大厅数据库/)
  assert.match(await (await $('settings-database')).getText(), /onewindow\.db/)
  await logout()

  await login(username, password)
  await (await $('item-search')).waitForDisplayed({ timeout: 20000 })
  assert.equal(await (await $('user-name')).getText(), '周新')
  await logout()

  await login('admin', 'Demo@2026')
  await (await $('logout')).waitForDisplayed({ timeout: 20000 })
  await openStaff()
  await (await (await staffRow(username)).$('[data-testid="staff-disable"]')).click()
  await (await $('disable-submit')).waitForDisplayed({ timeout: 10000 })
  await (await $('disable-submit')).click()
  await browser.waitUntil(async () => sql(`SELECT active FROM users WHERE username = '${username}'`) === '0', {
    timeout: 10000,
    timeoutMsg: 'the clerk is still active',
  })
  await browser.waitUntil(async () => /已停用/.test(await (await staffRow(username)).getText()), { timeout: 10000 })
  await logout()

  await login(username, password)
  const refused = await browser.$('.el-message--error')
  await refused.waitForDisplayed({ timeout: 10000 })
  assert.match(await refused.getText(), /用户名或密码错误/)
})

test('a batch label run cut off by a printer that stopped taking jobs is resumed at the courier desk and prints only what is left', async () => {
  // Three of the city hall's envelopes (packed now where the demo has too few), printed from another
  // station while the label printer refuses jobs: the run stops at the first label, nothing printed.
  const work = cli('courier', 'work', '--user', 'dispatcher')
  const toPack = work.groups.flatMap((g) => g.items.filter((i) => !i.blocked)).slice(0, 3)
  for (const [n, item] of toPack.entries()) {
    const request = join(dataDir, `pack-${n}.json`)
    writeFileSync(request, JSON.stringify({ kind: item.kind, cases: [item.case.number] }))
    cli('courier', 'shipment', 'create', '--user', 'dispatcher', '--request', request)
  }
  const waybills = sql(`SELECT w.number FROM shipments s JOIN waybills w ON w.id = s.waybill_id
    JOIN halls h ON h.id = s.from_hall_id WHERE h.code = '440700000' AND s.state IN ('packed', 'labelled')
    ORDER BY s.state DESC, w.number LIMIT 3`).split('\n')
  assert.equal(waybills.length, 3, 'the demo has envelopes waiting at the city hall')
  execFileSync('cupsreject', ['OW-LABEL'])
  let stopped
  try {
    const bin = join(targetDir, 'debug', 'onewindow')
    const args = ['--db', join(dataDir, 'onewindow.db'), 'courier', 'shipment', 'label', '--user', 'dispatcher']
    stopped = spawnSync(bin, [...args, ...waybills.flatMap((w) => ['--waybill', w])])
  } finally {
    execFileSync('cupsaccept', ['OW-LABEL'])
  }
  assert.equal(stopped.status, 1, stopped.stderr.toString())
  const run = JSON.parse(stopped.stdout.toString())
  assert.equal(run.state, 'stopped')
  assert.equal(run.printed, 0)

  await startOnLogin()
  await login('dispatcher', 'Demo@2026')
  const row = await $(`label-run-resume-${run.id}`)
  await row.waitForDisplayed({ timeout: 20000 })
  await shot('label-run-unfinished.png')
  await row.click()
  await (await $('label-run-finished')).waitForDisplayed({ timeout: 60000 })
  assert.match((await texts('label-run-count'))[0], /3\s*\/\s*3/)
  await shot('label-run-finished.png')
  const printed = sql(`SELECT COUNT(*) FROM label_run_items WHERE run_id = ${run.id} AND state = 'printed'`)
  assert.equal(printed, '3')
  // Each label was sent (a refused job is no label) and came out of the PDF printer with its waybill.
  for (const w of waybills) {
    const sent = sql(`SELECT COUNT(*) FROM print_jobs j JOIN shipments s ON s.id = j.shipment_id
      JOIN waybills b ON b.id = s.waybill_id WHERE b.number = '${w}' AND j.state <> 'failed'`)
    assert.ok(Number(sent) >= 1, `the label of ${w} was sent`)
    const caseNumber = sql(`SELECT c.number FROM shipment_cases sc JOIN cases c ON c.id = sc.case_id
      JOIN shipments s ON s.id = sc.shipment_id JOIN waybills b ON b.id = s.waybill_id WHERE b.number = '${w}' LIMIT 1`)
    const file = await printedFile('label', `${caseNumber}-${w}`)
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '')
    assert.ok(text.includes(w), `the label PDF carries ${w}`)
    assert.ok(text.includes('集包地'), 'and the package centre')
  }
  await (await $('label-run-close')).click()
  await logout()
})

test('a batch of 300 labels: the app is killed after about 100, and the resumed run prints the rest, each once', async () => {
  // 300 envelopes of one case's papers (each with its reason), packed from another station.
  const [kind, caseNumber] = sql(`SELECT s.kind, c.number FROM shipments s JOIN shipment_cases sc ON sc.shipment_id = s.id
    JOIN cases c ON c.id = sc.case_id JOIN halls h ON h.id = s.from_hall_id
    WHERE h.code = '440700000' AND s.state IN ('packed', 'labelled')
    ORDER BY s.kind = 'material_transfer' DESC, s.id DESC LIMIT 1`).split('|')
  assert.match(caseNumber ?? '', /^\d{22}$/, 'the earlier test packed an envelope at the city hall')
  const request = join(dataDir, 'pack-many.json')
  const batch = []
  for (let n = 1; n <= 300; n++) {
    writeFileSync(request, JSON.stringify({ kind, cases: [caseNumber], split_reason: `分装第${n}袋` }))
    batch.push(cli('courier', 'shipment', 'create', '--user', 'dispatcher', '--request', request).waybill)
  }
  const labels = () => {
    const names = [join(homedir(), 'PDF'), '/var/spool/cups-pdf/ANONYMOUS'].flatMap((dir) => {
      try {
        return readdirSync(dir).filter((n) => n.endsWith('.pdf') && statSync(join(dir, n)).mtimeMs >= RUN_STARTED)
      } catch {
        return []
      }
    })
    return batch.filter((w) => names.some((n) => n.includes(w)))
  }

  await startOnLogin()
  await login('dispatcher', 'Demo@2026')
  await browser.waitUntil(async () => (await $$('shipment-select')).length >= 300, { timeout: 30000 })
  await (await $('shipment-select-all')).click()
  await (await $('batch-labels')).click()
  await (await $('label-run-progress')).waitForDisplayed({ timeout: 20000 })
  const run = () => sql('SELECT MAX(id) FROM label_runs')
  await browser.waitUntil(async () => Number(sql(`SELECT COUNT(*) FROM label_run_items WHERE run_id = ${run()} AND state = 'printed'`)) >= 100, {
    timeout: 120000,
    interval: 100,
    timeoutMsg: 'the run did not get to 100 labels',
  })
  // The power goes with the run about a third through.
  execFileSync('pkill', ['-9', '-f', application])
  const id = run()
  const before = Number(sql(`SELECT COUNT(*) FROM label_run_items WHERE run_id = ${id} AND state = 'printed'`))
  const total = Number(sql(`SELECT COUNT(*) FROM label_run_items WHERE run_id = ${id}`))
  assert.ok(before >= 100 && before < total, `killed midway (${before} of ${total})`)
  assert.equal(sql(`SELECT state FROM label_runs WHERE id = ${id}`), 'printing')
  await browser.deleteSession().catch(() => {})
  await startSession()
  await login('dispatcher', 'Demo@2026')
  const resume = await $(`label-run-resume-${id}`)
  await resume.waitForDisplayed({ timeout: 20000 })
  await resume.click()
  await (await $('label-run-finished')).waitForDisplayed({ timeout: 180000 })
  assert.equal(sql(`SELECT COUNT(*) FROM label_run_items WHERE run_id = ${id} AND state <> 'printed'`), '0')
  // Each envelope's label went to the printer once; only one the kill left handed over and
  // unlogged may have gone twice, and then its second is marked 补打.
  const sent = sql(`SELECT b.number, COUNT(*), SUM(j.reprint) FROM print_jobs j JOIN shipments s ON s.id = j.shipment_id
    JOIN waybills b ON b.id = s.waybill_id JOIN label_run_items i ON i.shipment_id = s.id AND i.run_id = ${id}
    WHERE j.state <> 'failed' GROUP BY b.number`)
    .split('\n')
    .map((l) => l.split('|'))
  const mine = sent.filter(([w]) => batch.includes(w))
  assert.equal(mine.length, 300, 'every one of the 300 was sent')
  const twice = mine.filter(([, n]) => n !== '1')
  assert.ok(twice.length <= 1, `at most the one in hand at the kill went twice: ${twice}`)
  for (const [w, n, reprints] of twice) assert.equal([n, reprints].join(), '2,1', `${w}'s second is a 补打`)
  // And the PDF printer wrote a label for each of the 300.
  await browser.waitUntil(async () => labels().length === 300, {
    timeout: 420000,
    interval: 2000,
    timeoutMsg: 'cups-pdf did not write all 300 labels',
  })
  await (await $('label-run-close')).click()
  await logout()
})

/** One value from the app's database for this run. */
function sql(query) {
  return execFileSync('sqlite3', [join(dataDir, 'onewindow.db'), query])
    .toString()
    .trim()
}

/** Types into an empty input; WebKit's driver may not type characters outside the BMP (𠮷), so the
 * value is then set as an input event would set it. */
/** Starts from the login screen, whoever the previous test left logged in. */
async function startOnLogin() {
  await browser.refresh()
  await browser.waitUntil(async () => (await (await $('login-username')).isExisting()) || (await (await $('logout')).isExisting()), {
    timeout: 20000,
  })
  if (await (await $('logout')).isExisting()) await logout()
}

async function fill(id, value) {
  const el = await $(id)
  await el.waitForDisplayed({ timeout: 10000 })
  await el.click()
  if ((await el.getProperty('value')) === '') await el.addValue(value)
  if ((await el.getProperty('value')) !== value) {
    await browser.execute(
      (input, v) => {
        input.value = v
        input.dispatchEvent(new Event('input', { bubbles: true }))
      },
      el,
      value,
    )
  }
  assert.equal(await el.getProperty('value'), value, `${id} holds what was typed`)
}

/** Types the applicant: ID number first, as a clerk does (the name may then come from the history). */
async function fillApplicant(idNumber, name, phone) {
  await fill('applicant-id-number', idNumber)
  await fill('applicant-name', name)
  await fill('applicant-phone', phone)
}

/** Makes exactly the materials whose row text passes `wanted` ticked, whatever was ticked before.
 * Each click is checked: a click the driver reports as intercepted and retries must not leave a
 * row toggled twice. */
async function tick(wanted, rows = 'material-row') {
  await browser.waitUntil(async () => (await $$(rows)).length > 0, { timeout: 10000 })
  for (const row of await $$(rows)) {
    const box = await row.$('.el-checkbox')
    const want = wanted(await row.getProperty('textContent'))
    const ticked = async () => /\bis-checked\b/.test(await box.getAttribute('class'))
    for (let attempt = 0; attempt < 3 && (await ticked()) !== want; attempt++) {
      await box.scrollIntoView({ block: 'center' })
      await box.click()
      await browser.waitUntil(async () => (await ticked()) === want, { timeout: 2000 }).catch(() => {})
    }
    assert.equal(await ticked(), want, `${await row.getProperty('textContent')} is ${want ? '' : 'not '}ticked`)
  }
}

/** Submits once the button follows the expected decision; waits for the result and its printing. */
async function submitAndPrint(outcome, documents) {
  const submit = await $('intake-submit')
  await browser.waitUntil(async () => (await submit.getAttribute('data-outcome')) === outcome && (await submit.isEnabled()), {
    timeout: 10000,
    timeoutMsg: `the submit button did not offer ${outcome}`,
  })
  await submit.click()
  const number = await $('intake-number')
  await number.waitForDisplayed({ timeout: 20000 })
  assert.equal(await (await $('intake-outcome')).getAttribute('data-outcome'), outcome)
  const caseNumber = (await number.getText()).trim()
  assert.match(caseNumber, /^\d{10,}$/, caseNumber)
  // Every document goes to its real CUPS queue (cups-pdf) and is followed until it has printed.
  await browser.waitUntil(
    async () => {
      const jobs = await $$('intake-print-job')
      if (jobs.length !== documents) return false
      for (const job of jobs) if ((await job.getAttribute('data-state')) !== 'done') return false
      return true
    },
    { timeout: 90000, interval: 1000, timeoutMsg: `the ${documents} document(s) of ${caseNumber} did not all print` },
  )
  return caseNumber
}

/**
 * The text of the PDF the cups-pdf printer wrote for `document` of `caseNumber` (the job title is
 * `<document>-<case number>`), read back with pdftotext.
 */
async function printedText(document, caseNumber) {
  const file = await printedFile(document, caseNumber)
  return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '')
}

/** The PDF file the cups-pdf printer wrote for `document` of `caseNumber`, once it is complete. */
async function printedFile(document, caseNumber) {
  const dirs = [join(homedir(), 'PDF'), '/var/spool/cups-pdf/ANONYMOUS']
  let file
  await browser.waitUntil(
    async () => {
      for (const dir of dirs) {
        let names = []
        try {
          names = readdirSync(dir)
        } catch {
          continue
        }
        // Case numbers repeat across runs on the same day (each run seeds a fresh database): only
        // what this run printed counts, the newest first.
        const hits = names
          .filter((n) => n.startsWith(`${document}-${caseNumber}`) && n.endsWith('.pdf'))
          .map((n) => ({ path: join(dir, n), at: statSync(join(dir, n)).mtimeMs }))
          .filter((h) => h.at >= RUN_STARTED)
          .sort((a, b) => b.at - a.at)
        if (hits.length > 0) {
          file = hits[0].path
          return true
        }
      }
      return false
    },
    { timeout: 30000, timeoutMsg: `no printed ${document} for ${caseNumber}` },
  )
  await new Promise((r) => setTimeout(r, 500))
  return file
}

async function nextApplicant() {
  await (await $('intake-next')).click()
  await (await $('intake-result')).waitForDisplayed({ timeout: 10000, reverse: true })
  assert.equal(await (await $('applicant-id-number')).getProperty('value'), '')
}

/** The Code 128 symbols on the first page of a printed PDF, rendered as a scanner would see it. */
function code128(pdf) {
  const png = join(dataDir, `barcode-${Date.now()}`)
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, png])
  const out = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Scode128.enable', `${png}.png`])
  return out.stdout.toString().trim().split('\n').filter(Boolean)
}

/** Ticks the cases `numbers` of the dispatcher's to-pack list and packs them; returns the waybill. */
async function packAtTheDesk(kind, numbers) {
  for (const n of numbers) {
    const item = await browser.$(`[data-testid="courier-group"][data-kind="${kind}"] [data-testid="courier-item"][data-number="${n}"]`)
    await item.waitForDisplayed({ timeout: 20000 })
    await (await item.$('[data-testid="courier-item-select"]')).click()
  }
  await (await $('courier-pack')).click()
  await (await $('pack-dialog')).waitForDisplayed({ timeout: 10000 })
  await (await $('pack-submit')).click()
  const packed = await $('pack-shipment')
  await packed.waitForDisplayed({ timeout: 20000 })
  const waybill = await packed.getAttribute('data-waybill')
  await (await $('pack-print-label')).click()
  await browser.waitUntil(async () => /已打印/.test((await texts('pack-label-state')).join('')), {
    timeout: 30000,
    timeoutMsg: `the label of ${waybill} did not print`,
  })
  await (await $('pack-close')).click()
  await (await $('pack-dialog')).waitForDisplayed({ timeout: 10000, reverse: true })
  return waybill
}

test('the courier desk: originals from 台山 to a 蓬江 department and the result to the applicant, scanned at every hand, the chain unbroken', async () => {
  await startOnLogin()
  // A city-wide case taken in at the 台山 hall (another station) for the 蓬江 market regulator, its
  // originals to travel and its result to be posted.
  const request = {
    service_item_code: '440703-PJQSCJGJ-001',
    applicant_kind: 'person',
    applicant: { name: '伍志坚', id_kind: 'resident_id', id_number: '44078119850612003X' },
    phone: '13926001234',
    commitment_signed: false,
    dishonest: false,
    received: ['M01', 'M02', 'M03'].map((material_code) => ({ material_code, form: 'original', copies: 1, pages: 1 })),
    delivery: {
      method: 'post',
      address: {
        province: '广东省',
        city: '江门市',
        district: '台山市',
        street: '台城街道',
        detail: '环市东路12号3座18/02室',
        receiver: '伍志坚',
        phone: '13926001234',
      },
    },
  }
  const requestFile = join(dataDir, 'courier-intake.json')
  writeFileSync(requestFile, JSON.stringify(request))
  const taken = cli('intake', '--user', 'clerk3', '--request', requestFile)
  assert.equal(taken.decision.decision, 'accept')
  assert.equal(taken.material_transfer, true)
  const number = taken.number

  // 台山's dispatcher packs the originals for the department and prints the label: its waybill
  // decodes off the printed page.
  await login('dispatcher2', 'Demo@2026')
  await (await $('dispatch-queue')).waitForDisplayed({ timeout: 20000 })
  const group = await browser.$(`[data-testid="courier-group"][data-kind="material_transfer"][data-destination="江门市蓬江区市场监督管理局"]`)
  await group.waitForDisplayed({ timeout: 20000 })
  const materials = await packAtTheDesk('material_transfer', [number])
  assert.match(materials, /^\d{13}$|^[A-Z]{2}\d{9}[A-Z]{2}$/)
  const label = await printedFile('label', `${number}-${materials}`)
  assert.deepEqual(code128(label), [materials], 'the waybill barcode on the printed label')
  const labelText = execFileSync('pdftotext', [label, '-']).toString()
  assert.ok(labelText.includes('政务文书') && !labelText.includes('伍志坚'), 'a department envelope names no applicant')

  // The courier comes: the handover scans the envelope; an envelope of another hall is refused.
  await (await $('courier-handover')).click()
  await fill('handover-courier-name', '张揽收')
  await fill('handover-courier-company', '中国邮政 EMS')
  await fill('handover-courier-contact', '13800138000')
  await (await $('handover-start')).click()
  await (await $('handover-scanning')).waitForDisplayed({ timeout: 20000 })
  const foreign = sql(`SELECT w.number FROM shipments s JOIN waybills w ON w.id = s.waybill_id JOIN halls h ON h.id = s.from_hall_id
    WHERE h.code <> '440781000' LIMIT 1`)
  for (const [code, belongs] of [
    [foreign, false],
    [materials, true],
  ]) {
    await fill('handover-scan-input', code)
    await browser.keys('Enter')
    if (belongs) {
      await browser.$(`[data-testid="handover-scanned"][data-waybill="${code}"]`).waitForDisplayed({ timeout: 20000 })
    } else {
      const error = await $('handover-scan-error')
      await error.waitForDisplayed({ timeout: 20000 })
      assert.match(await error.getText(), /不属于本大厅/)
      await (await $('handover-scan-input')).clearValue()
    }
  }
  await shot('handover-scanning.png')
  await (await $('handover-close')).click()
  await (await $('handover-close-confirm')).waitForClickable({ timeout: 10000 })
  await (await $('handover-close-confirm')).click()
  await (await $('handover-closed')).waitForDisplayed({ timeout: 20000 })
  await (await $('handover-print-manifest')).click()
  await browser.waitUntil(async () => /已打印/.test((await texts('handover-manifest-state')).join('')), { timeout: 30000 })
  await logout()

  // At the department the reviewer scans the envelope in.
  await login('reviewer_pjqscjgj', 'Demo@2026')
  await (await $('nav-receive')).click()
  await fill('receive-waybill', materials)
  await browser.keys('Enter')
  const received = await $('receive-result')
  await received.waitForDisplayed({ timeout: 20000 })
  assert.equal(await received.getAttribute('data-state'), 'received')
  await logout()

  // Approved (the department's station); the result is posted from 台山 by the same desk.
  cli('case', 'claim', '--case', number, '--user', 'reviewer_pjqscjgj')
  const approveFile = join(dataDir, 'courier-approve.json')
  writeFileSync(approveFile, JSON.stringify({ certificate_number: '92440703MA5E2E0031' }))
  assert.equal(cli('case', 'approve', '--case', number, '--user', 'reviewer_pjqscjgj', '--request', approveFile).case.state, 'awaiting_dispatch')
  await login('dispatcher2', 'Demo@2026')
  await (await $('dispatch-queue')).waitForDisplayed({ timeout: 20000 })
  const result = await packAtTheDesk('result_to_applicant', [number])
  const resultLabel = await printedFile('label', `${number}-${result}`)
  assert.deepEqual(code128(resultLabel), [result])
  const resultText = execFileSync('pdftotext', [resultLabel, '-']).toString()
  assert.ok(resultText.includes('139****1234') && !resultText.includes('13926001234'), 'the receiver phone masked')
  await logout()
  // The courier's second round (another station), then the carrier's tracking file: delivered, signed for.
  const round = cli(
    'courier',
    'handover',
    'start',
    '--user',
    'dispatcher2',
    '--courier',
    '张揽收',
    '--company',
    '中国邮政 EMS',
    '--contact',
    '13800138000',
  )
  cli('courier', 'handover', 'scan', '--user', 'dispatcher2', '--id', String(round.id), '--waybill', result)
  cli('courier', 'handover', 'close', '--user', 'dispatcher2', '--id', String(round.id))
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${number}'`), 'dispatched')
  const tracking = join(dataDir, 'tracking.csv')
  // The carrier writes China time, to the minute: the next two minutes, so the chain stays in order.
  const chinaTime = (minutes) => new Date(Date.now() + (8 * 60 + minutes) * 60000).toISOString().slice(0, 16).replace('T', ' ')
  writeFileSync(
    tracking,
    `waybill,time,code,location,signer\n${result},${chinaTime(1)},10,台山邮政分公司,\n${result},${chinaTime(2)},50,台山市台城街道,伍志坚\n`,
  )
  assert.deepEqual(cli('courier', 'track', '--user', 'dispatcher2', '--file', tracking).delivered, [result])
  assert.equal(sql(`SELECT state FROM cases WHERE number = '${number}'`), 'closed')

  // The case's custody view: every hand the papers and the result passed through, no gap.
  await login('dispatcher2', 'Demo@2026')
  // At the desk first: the sign-in's own navigation must not overtake the one to the case.
  await (await $('dispatch-queue')).waitForDisplayed({ timeout: 20000 })
  await browser.execute((n) => {
    window.location.hash = `#/cases/${n}`
  }, number)
  const custody = await $('case-custody')
  await custody.waitForDisplayed({ timeout: 20000 })
  assert.equal(await custody.getAttribute('data-unbroken'), 'true')
  const steps = (await texts('custody-step')).join('\n')
  // In the order it happened.
  let from = 0
  for (const must of [
    '窗口收取材料',
    '封装（材料流转，寄往江门市蓬江区市场监督管理局）',
    '交寄：交中国邮政 EMS揽收员张揽收',
    '签收入库',
    '审批结果',
    '封装（结果寄申请人',
    '已妥投：台山市台城街道（伍志坚签收）',
  ]) {
    const at = steps.indexOf(must, from)
    assert.ok(at >= 0, `the custody view shows ${must} after what came before:\n${steps}`)
    from = at
  }
  assert.ok(steps.includes(materials) && steps.includes(result), 'with both waybills')
  await (await $('case-custody')).scrollIntoView()
  await shot('case-custody.png')
  const json = cli('custody', '--case', number)
  assert.equal(json.unbroken, true)
  await logout()
})

test('a clerk accepts a complete case, a 容缺 case and a one-time-notice visit, and the receipts print', async () => {
  await startOnLogin()
  await login('clerk', 'Demo@2026')
  await (await $('drafts')).waitForDisplayed({ timeout: 20000 })
  await openHit('gtgsh', '个体工商户设立登记')
  await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
  assert.match(await (await $('item-detail')).getText(), /个体工商户设立登记/)
  await (await $('intake-delivery')).waitForDisplayed({ timeout: 10000 })

  // 1. Everything brought: accepted and handed to the district's market supervision bureau.
  await fillApplicant('11010519491231002X', '𠮷祥云', '13812345678')
  await tick(() => true)
  // The application form came in 7 pages: the clerk says so at the ticked row, and the receipt prints it.
  let formRow
  for (const row of await $$('material-row')) if ((await row.getProperty('textContent')).includes('申请书')) formRow = row
  const pages = await formRow.$('[data-testid="material-pages"] input')
  await pages.scrollIntoView({ block: 'center' })
  await pages.click()
  await browser.keys(['Control', 'a'])
  await browser.keys('7')
  await browser.keys('Tab')
  await browser.waitUntil(async () => (await pages.getProperty('value')) === '7', { timeout: 5000, timeoutMsg: 'the pages did not take 7' })
  // The scanner drops the application form into the inbox; F4 then 1 files it under material 1.
  const scanned = join(dataDir, 'scan-form.pdf')
  execFileSync(join(targetDir, 'debug', 'onewindow'), ['--db', join(dataDir, 'scratch.db'), 'render', 'test-page', '--demo', '--out', scanned])
  renameSync(scanned, join(dataDir, 'inbox', '申请书 扫描.pdf'))
  await browser.waitUntil(async () => (await $$('intake-inbox-scan')).length > 0, {
    timeout: 20000,
    timeoutMsg: 'the scan did not reach the intake inbox',
  })
  await browser.keys('F4')
  await browser.keys('1')
  await browser.waitUntil(async () => (await formRow.$('[data-testid="material-scans"]').getAttribute('data-count')) === '1', {
    timeout: 10000,
    timeoutMsg: 'the scan was not attached to the application form',
  })
  const accepted = await submitAndPrint('accept', 1)
  const filed = execFileSync('sqlite3', [
    join(dataDir, 'onewindow.db'),
    `SELECT cs.material_code FROM case_scans cs JOIN cases c ON c.id = cs.case_id WHERE c.number = '${accepted}'`,
  ])
    .toString()
    .trim()
  assert.equal(filed, 'M01', 'the scan is filed under the application form of the accepted case')
  assert.match(await (await $('intake-handed-off')).getText(), /已移交.*江门市蓬江区市场监督管理局/)
  await shot('intake-accepted.png')
  // What came out of the printer says what it must.
  const receipt = await printedText('receipt', accepted)
  for (const must of ['受理回执', accepted, '1101**********002X', '个体工商户设立登记', '承诺办结日期', '申请书原件17']) {
    assert.ok(receipt.includes(must), `the printed receipt lacks ${must}: ${receipt}`)
  }
  await nextApplicant()

  // 2. The premises proof comes later, on a signed commitment: 容缺受理, three documents.
  await fillApplicant('440524188001010014', '阿依古丽·买买提', '13912345678')
  await tick((text) => !text.includes('经营场所使用证明'))
  await (await $('applicant-commitment')).click()
  const tolerated = await submitAndPrint('accept_with_shortfall', 3)
  assert.ok(await (await $('intake-supplement-due')).isDisplayed(), 'the supplement deadline is shown')
  await shot('intake-shortfall.png')
  const shortfallNotice = await printedText('shortfall-notice', tolerated)
  assert.ok(shortfallNotice.includes('容缺受理通知书') && shortfallNotice.includes('经营场所使用证明'), shortfallNotice)
  assert.ok((await printedText('commitment', tolerated)).includes('郑重承诺'))
  await nextApplicant()

  // 3. The application form, and a mere copy of the ID card where the original is asked for: a
  // one-time notice listing everything missing or wrong, nothing handed off.
  await (await $('applicant-id-kind')).click()
  const permit = await $('applicant-id-kind-residence_permit')
  await permit.waitForDisplayed({ timeout: 10000 })
  await permit.click()
  await browser.waitUntil(async () => (await (await $('applicant-id-kind')).getText()).includes('居住证'), {
    timeout: 10000,
    timeoutMsg: 'the ID kind did not become the residence permit',
  })
  await fillApplicant('810000198001011236', '何嘉仪', '13612345678')
  // (The agent's proof of identity mentions the ID card in its note: the row named for it is the first.)
  await tick((text) => text.includes('申请书') || (text.includes('居民身份证') && !text.includes('代理人身份证明')))
  let idRow
  for (const row of await $$('material-row')) if (!idRow && (await row.getProperty('textContent')).includes('居民身份证')) idRow = row
  await (await idRow.$('[data-testid="material-form"]')).click()
  await browser.waitUntil(
    async () => {
      for (const option of await $$('material-form-copy')) {
        if (await option.isDisplayed()) {
          await option.click()
          return true
        }
      }
      return false
    },
    { timeout: 10000, timeoutMsg: 'the form options did not open' },
  )
  await browser.waitUntil(async () => (await (await idRow.$('[data-testid="material-form"]')).getText()).includes('复印件'), {
    timeout: 10000,
    timeoutMsg: 'the ID card was not marked as a copy',
  })
  await browser.waitUntil(
    async () => {
      for (const row of await $$('material-row')) {
        const text = await row.getProperty('textContent')
        if (text.includes('居民身份证') && text.includes('收到的是复印件')) return true
      }
      return false
    },
    { timeout: 10000, timeoutMsg: 'the live decision did not call the copy wrong' },
  )
  const notice = await submitAndPrint('one_time_notice', 1)
  assert.equal(await (await $('intake-handed-off')).isExisting(), false, 'a notice is not handed off')
  // The dialog says at once what is to be brought, as the notice does.
  assert.match(await (await $('intake-missing')).getText(), /居民身份证：收到的是复印件，须提交原件/)
  await shot('intake-notice.png')
  const oneTime = await printedText('one-time-notice', notice)
  // What to bring, as the applicant needs it, and never the engine's rule text.
  assert.doesNotMatch(oneTime, /核心材料|不可容缺|未签署容缺受理承诺书/)
  for (const must of ['一次性告知书', '收件时间', '经办人', '（盖章）', '居民身份证：原件', '收到的是复印件，须提交原件', '经营场所使用证明']) {
    assert.ok(oneTime.includes(must), `the printed notice lacks ${must}: ${oneTime}`)
  }

  // The return visit: the notice is reopened with what the first visit already took in.
  await (await $('intake-open-case')).click()
  await (await $('reopen-intake')).waitForDisplayed({ timeout: 20000 })
  await (await $('reopen-intake')).click()
  await browser.waitUntil(async () => (await (await $('applicant-id-number')).getProperty('value')) === '810000198001011236', {
    timeout: 20000,
    timeoutMsg: 'the return visit did not start from the first visit',
  })
  // What the first visit took in is already ticked; the clerk ticks what was brought this time.
  let form
  for (const row of await $$('material-row')) {
    if ((await row.getProperty('textContent')).includes('申请书')) form = row
  }
  assert.ok(form, 'the application form row is shown')
  await browser.waitUntil(async () => /\bis-checked\b/.test(await (await form.$('.el-checkbox')).getAttribute('class')), {
    timeout: 10000,
    timeoutMsg: 'the application form taken in on the first visit is not ticked on the return visit',
  })
  await tick((text) => !/授权委托书|代理人身份证明/.test(text))
  const returned = await submitAndPrint('accept', 1)
  await shot('intake-return-visit.png')
  await nextApplicant()
  await logout()

  // The accepted cases are in the competent department's queue at once; the notice is not.
  await login('reviewer_pjqscjgj', 'Demo@2026')
  await (await $('department-queue')).waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(
    async () => {
      const rows = (await texts('queue-row')).join('\n')
      return rows.includes(accepted) && rows.includes(tolerated) && rows.includes(returned)
    },
    { timeout: 15000, timeoutMsg: `${accepted}, ${tolerated} and ${returned} are not all in the department queue` },
  )
  assert.ok(!(await texts('queue-row')).join('\n').includes(notice), 'the one-time notice is not in the queue')
  await logout()
})

/** Opens the first search hit whose text includes `name`. */
async function openHit(query, name) {
  const search = await $('item-search')
  await search.waitForDisplayed({ timeout: 20000 })
  await search.click()
  await browser.keys('Escape')
  await search.addValue(query)
  await browser.waitUntil(async () => (await texts('item-result')).some((r) => r.includes(name)), { timeout: 10000 })
  for (const hit of await $$('item-result')) {
    if ((await hit.getProperty('textContent')).includes(name)) {
      await hit.click()
      return
    }
  }
}

test('an applicant named like markup is shown and printed as text, and the content policy lets no script in', async () => {
  const name = '<img src=x onerror=alert(1)>张三'
  await startOnLogin()
  // The page runs under the content policy: no eval, no inline script, whatever is injected.
  const policy = await browser.execute(() => {
    let evaluated
    try {
      evaluated = eval('"ran"')
    } catch (e) {
      evaluated = e.name
    }
    window.__inlineRan = false
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.head.appendChild(script)
    return { evaluated, inline: window.__inlineRan }
  })
  assert.deepEqual(policy, { evaluated: 'EvalError', inline: false }, 'the content policy is in force')

  await login('clerk', 'Demo@2026')
  await openHit('gtgsh', '个体工商户设立登记')
  await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
  await fillApplicant('11010519491231002X', name, '13812345678')
  await tick(() => true)
  const number = await submitAndPrint('accept', 1)
  const noMarkup = async () => {
    // Nothing ran (no alert is open) and no element was made of the name.
    await assert.rejects(browser.getAlertText(), /alert/i)
    assert.equal(await browser.execute(() => document.querySelectorAll('img[src="x"]').length), 0)
  }
  await noMarkup()
  const receipt = await printedText('receipt', number)
  assert.ok(receipt.includes(name.replace(/\s+/g, '')), `the receipt prints the name as written: ${receipt}`)
  await browser.execute((n) => {
    window.location.hash = `#/cases/${n}`
  }, number)
  await (await $('case-detail')).waitForDisplayed({ timeout: 10000 })
  await browser.waitUntil(async () => (await (await $('case-detail')).getText()).includes(name), {
    timeout: 10000,
    timeoutMsg: 'the case shows the name as text',
  })
  await noMarkup()
  await shot('markup-name-as-text.png')
  await logout()
})

test('a county hall refuses an item that is not handled city-wide, with the legal reason on paper', async () => {
  await startOnLogin()
  // A clerk of the Jianghai district hall; 残疾人证新办 is the city's and not 全城通办.
  await login('clerk_440704000', 'Demo@2026')
  await openHit('cjrz', '残疾人证新办')
  await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
  await fillApplicant('11010519491231002X', '欧阳·𠮷娜', '13812345678')
  const refused = await submitAndPrint('refuse', 1)
  assert.equal(await (await $('intake-handed-off')).isExisting(), false, 'a refusal is not handed off')
  await shot('intake-refused.png')
  const text = await printedText('refusal-notice', refused)
  for (const must of ['不予受理通知书', refused, '残疾人证新办', '未纳入全城通办', '行政复议']) {
    assert.ok(text.includes(must), `the printed refusal lacks ${must}: ${text}`)
  }
  await nextApplicant()
  await logout()
})

test('a clerk takes a 一件事 bundle in one intake: a case per item, one combined receipt', async () => {
  await startOnLogin()
  await login('clerk', 'Demo@2026')
  await openHit('个体工商户开业', '个体工商户开业一件事')
  await (await $('bundle-intake')).waitForDisplayed({ timeout: 10000 })
  await fillApplicant('440524188001010014', '阿依古丽·买买提', '13912345678')
  // Every shared paper once, but the premises proof, which comes later on a signed commitment.
  await tick((text) => !/授权委托书|代理人身份证明|经营场所使用证明/.test(text), 'bundle-material-row')
  await (await $('applicant-commitment')).click()
  // The live decision of each member item: the licence application waits for the premises proof.
  await browser.waitUntil(
    async () => {
      const outcomes = []
      for (const row of await $$('bundle-member-decision')) outcomes.push(await row.getAttribute('data-outcome'))
      return (
        outcomes.length === 4 &&
        outcomes.filter((o) => o === 'accept_with_shortfall').length === 1 &&
        outcomes.filter((o) => o === 'accept').length === 3
      )
    },
    { timeout: 10000, timeoutMsg: 'the members were not decided as expected' },
  )
  const submit = await $('bundle-submit')
  await browser.waitUntil(async () => (await submit.getAttribute('data-outcome')) === 'mixed' && (await submit.isEnabled()), {
    timeout: 10000,
    timeoutMsg: 'the bundle submit did not offer the mixed outcome',
  })
  await submit.click()
  await (await $('bundle-result')).waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(async () => (await $$('bundle-case')).length === 4, { timeout: 10000 })
  const numbers = []
  for (const row of await $$('bundle-case')) numbers.push(await row.getAttribute('data-number'))
  assert.equal(new Set(numbers).size, 4, `four distinct case numbers: ${numbers}`)
  // The combined receipt, then the 容缺 notice and the commitment of the one item: each printed.
  await browser.waitUntil(
    async () => {
      const jobs = await $$('bundle-print-job')
      if (jobs.length !== 3) return false
      for (const job of jobs) if ((await job.getAttribute('data-state')) !== 'done') return false
      return true
    },
    { timeout: 90000, interval: 1000, timeoutMsg: 'the bundle documents did not all print' },
  )
  await shot('intake-bundle.png')
  // The first accepted member leads: the combined receipt carries its number.
  let lead
  for (const row of await $$('bundle-case')) {
    if (/^accept/.test(await row.getAttribute('data-outcome'))) {
      lead = await row.getAttribute('data-number')
      break
    }
  }
  assert.ok(lead, 'an accepted case leads')
  const receipt = await printedText('bundle-receipt', lead)
  for (const must of ['一件事受理回执', '个体工商户开业一件事', '容缺受理', ...numbers]) {
    assert.ok(receipt.includes(must), `the combined receipt lacks ${must}: ${receipt}`)
  }
  await (await $('bundle-next')).click()
  await (await $('bundle-result')).waitForDisplayed({ timeout: 10000, reverse: true })
  await logout()

  // Each case is in its own department's queue at once.
  await login('reviewer_pjqscjgj', 'Demo@2026')
  await (await $('department-queue')).waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(
    async () => {
      const rows = (await texts('queue-row')).join('\n')
      return numbers.filter((n) => rows.includes(n)).length === 2
    },
    { timeout: 15000, timeoutMsg: 'the two market-supervision cases of the bundle are not in its queue' },
  )
  await logout()
})

test('a field the back office refuses is focused from the error, and nothing is stored', async () => {
  await startOnLogin()
  await login('clerk3', 'Demo@2026')
  await openHit('gtgsh', '个体工商户设立登记')
  await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
  await fillApplicant('440704198503150046', '陈嘉欣', '13812345678')
  await tick(() => true)
  await (await $('delivery-post')).click()
  await fill('address-district', '蓬江区')
  await fill('address-street', '白沙街道')
  // Too short to find the door: only the back end knows the rule.
  await fill('address-detail', '8号')
  const cases = sql('SELECT COUNT(*) FROM cases')
  const submit = await $('intake-submit')
  await browser.waitUntil(async () => (await submit.getAttribute('data-outcome')) === 'accept' && (await submit.isEnabled()), {
    timeout: 10000,
  })
  await submit.click()
  await browser.waitUntil(
    async () =>
      browser.execute(
        () =>
          document.activeElement?.closest('[data-testid="address-detail"]') !== null ||
          document.activeElement?.getAttribute('data-testid') === 'address-detail',
      ),
    { timeout: 10000, timeoutMsg: 'the detailed address was not focused' },
  )
  // The message says what is wrong (its text is shown as sent; nothing reads it to find the field).
  await browser.waitUntil(
    async () => {
      for (const m of await browser.$$('.el-message')) if (/详细地址过短/.test(await m.getProperty('textContent'))) return true
      return false
    },
    { timeout: 5000, timeoutMsg: 'no message about the detailed address' },
  )
  assert.equal(sql('SELECT COUNT(*) FROM cases'), cases, 'nothing was stored')
  await shot('intake-field-focused.png')
  // Put right, the same intake goes through.
  const detail = await $('address-detail')
  await detail.click()
  await browser.keys(['Control', 'a'])
  await detail.addValue('建设路88号')
  await submitAndPrint('accept', 1)
  await nextApplicant()
  await logout()
})

test('an intake in progress survives kill -9 of the app and is in the drafts on the next start', async () => {
  await startOnLogin()
  await login('clerk2', 'Demo@2026')
  const search = await $('item-search')
  await search.waitForDisplayed({ timeout: 20000 })
  await search.addValue('居民身份证换领')
  await browser.waitUntil(async () => (await $$('item-result')).length > 0, { timeout: 10000 })
  await (await $$('item-result'))[0].click()
  await (await $('applicant-id-number')).waitForDisplayed({ timeout: 10000 })
  await (await $('applicant-name')).addValue('陈嘉欣')
  await (await $('intake-draft-saved')).waitForDisplayed({ timeout: 15000 })
  // The power goes: the app is killed without a chance to tidy up.
  execFileSync('pkill', ['-9', '-f', application])
  await browser.deleteSession().catch(() => {})
  await startSession()
  await login('clerk2', 'Demo@2026')
  const drafts = await $('drafts')
  await drafts.waitForDisplayed({ timeout: 20000 })
  await browser.waitUntil(async () => (await texts('draft')).some((t) => t.includes('居民身份证换领')), {
    timeout: 10000,
    timeoutMsg: 'the draft did not survive',
  })
  await shot('draft-after-crash.png')
})

/** Calls one of the app's commands from the page, as its own code would; the error's code or 'ok'. */
async function commandOutcome(command, args = {}) {
  return browser.executeAsync(
    (cmd, a, done) => {
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        () => done('ok'),
        (e) => done(e?.code ?? String(e)),
      )
    },
    command,
    args,
  )
}

test('a shared window locks after the hall’s idle minutes, hides the applicant and unlocks with the password; another clerk may sign in instead and the draft stays the first clerk’s', async () => {
  // The city hall locks after a minute without input.
  cli('signin', 'idle-lock', '--user', 'admin', '--hall', '440700000', '--minutes', '1')
  try {
    await startOnLogin()
    await login('clerk', 'Demo@2026')
    await openHit('gtgsh', '个体工商户设立登记')
    await (await $('intake-applicant')).waitForDisplayed({ timeout: 10000 })
    await fillApplicant('11010519491231002X', '关淑仪', '13812345678')
    // Hands off the keyboard: the screen locks by itself, the clerk named, the applicant hidden.
    const lock = await $('lock-screen')
    await lock.waitForDisplayed({ timeout: 100000, interval: 1000 })
    assert.match(await (await $('lock-user')).getText(), /李敏/)
    assert.equal(await (await $('applicant-name')).isDisplayed(), false, 'the applicant is hidden')
    assert.equal(await commandOutcome('dispatch_queue'), 'screen_locked', 'and the backend serves nothing')
    await shot('screen-locked.png')
    // A wrong password is refused and counted; the right one brings the work back as it was.
    await fill('lock-password', 'wrong-password')
    await browser.keys('Enter')
    const error = await $('lock-error')
    await error.waitForDisplayed({ timeout: 10000 })
    assert.match(await error.getText(), /再错4次/)
    await (await $('lock-password')).clearValue()
    await fill('lock-password', 'Demo@2026')
    await (await $('lock-unlock')).click()
    await lock.waitForDisplayed({ timeout: 10000, reverse: true })
    assert.equal(await (await $('applicant-name')).getProperty('value'), '关淑仪')

    // Locked at once by the clerk; a colleague signs in instead; the draft stays the first clerk's.
    await (await $('lock-now')).click()
    await lock.waitForDisplayed({ timeout: 10000 })
    await (await $('lock-switch-user')).click()
    await (await $('login-username')).waitForDisplayed({ timeout: 10000 })
    await login('clerk3', 'Demo@2026')
    await (await $('drafts')).waitForDisplayed({ timeout: 20000 })
    assert.ok(!(await texts('draft')).some((t) => t.includes('关淑仪')), 'not among the colleague’s drafts')
    await logout()
    await login('clerk', 'Demo@2026')
    await (await $('drafts')).waitForDisplayed({ timeout: 20000 })
    await browser.waitUntil(async () => (await texts('draft')).some((t) => t.includes('关淑仪')), {
      timeout: 10000,
      timeoutMsg: 'the first clerk’s draft was not kept',
    })
    await logout()
  } finally {
    cli('signin', 'idle-lock', '--user', 'admin', '--hall', '440700000', '--minutes', '5')
  }
})

test('five wrong passwords lock a username for fifteen minutes, every failure logged with the station, until an admin lifts it', async () => {
  await startOnLogin()
  /** Signs in as clerk4 and waits for an error message that matches `expected`; returns its text. */
  const refused = async (password, expected) => {
    // What is typed replaces what the field holds, as a clerk's select-all and typing would.
    for (const [id, value] of [
      ['login-username', 'clerk4'],
      ['login-password', password],
    ]) {
      await (await $(id)).click()
      await browser.keys(['Control', 'a'])
      await browser.keys(value)
    }
    await (await $('login-submit')).click()
    let text = ''
    await browser.waitUntil(
      async () => {
        for (const m of await browser.$$('.el-message--error')) {
          const t = await m.getText()
          if (expected.test(t)) text = t
        }
        return text !== ''
      },
      { timeout: 10000, timeoutMsg: `no message ${expected}` },
    )
    return text
  }
  for (const left of [4, 3, 2, 1]) await refused('wrong-password', new RegExp(`再错${left}次`))
  const locked = await refused('wrong-password', /锁定至\d\d:\d\d/)
  const until = locked.match(/锁定至(\d\d:\d\d)/)
  // The right password is refused as well, with the same time.
  await refused('Demo@2026', new RegExp(`锁定至${until[1]}`))
  await shot('login-locked-out.png')
  const station = execFileSync('hostname').toString().trim()
  assert.equal(sql(`SELECT COUNT(*) FROM sign_in_attempts WHERE username = 'clerk4' AND outcome = 'failed' AND station = '${station}'`), '5')
  // The admin lifts it (from the CLI of another station); the clerk signs in at once.
  const lifted = cli('signin', 'lift', '--user', 'admin', '--username', 'clerk4')
  assert.deepEqual([lifted.remaining, lifted.locked_until], [5, null])
  await (await $('login-password')).click()
  await browser.keys(['Control', 'a'])
  await browser.keys('Demo@2026')
  await (await $('login-submit')).click()
  await (await $('logout')).waitForDisplayed({ timeout: 20000 })
  await logout()
})

/** The test cluster's URL (./x test starts one), or one started here for a run of this file alone. */
function testCluster() {
  if (process.env.ONEWINDOW_TEST_POSTGRES) return process.env.ONEWINDOW_TEST_POSTGRES
  const dir = join(tmpdir(), 'onewindow-test-postgres')
  return execFileSync(join(root, 'tests', 'postgres', 'cluster'), ['start', dir])
    .toString()
    .trim()
}

test('a city station: each member of staff signs in to the city database as their own role and sees only what it lets them', async () => {
  // A seeded city database (the seed gives every demo user a sign-in of their own), and this
  // station connected to it for the city hall's window A01.
  const cluster = testCluster()
  const name = `e2e_city_${process.pid}`
  execFileSync('psql', ['-q', cluster, '-c', `CREATE DATABASE ${name}`])
  const owner = cluster.replace('/postgres?', `/${name}?`)
  const bin = join(targetDir, 'debug', 'onewindow')
  const seeding = mkdtempSync(join(tmpdir(), 'onewindow-e2e-seed-'))
  execFileSync(bin, ['--db', owner, 'demo', 'seed', '--without-scans'], { env: { ...process.env, ONEWINDOW_DATA_DIR: seeding } })
  const station = owner.replace('postgres://ow@', 'postgres://') + '&user=ow'
  execFileSync(bin, ['station', 'connect', station, '--hall', '440700000', '--window', 'A01'], {
    env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir },
  })
  const psql = (sql) => execFileSync('psql', ['-qtA', owner, '-c', sql]).toString().trim()
  const elsewhere = psql("SELECT c.number FROM cases c JOIN halls h ON h.id = c.hall_id WHERE h.code <> '440700000' ORDER BY c.number LIMIT 1")
  const ownHall = psql("SELECT c.number FROM cases c JOIN halls h ON h.id = c.hall_id WHERE h.code = '440700000' ORDER BY c.number LIMIT 1")
  assert.ok(elsewhere && ownHall, 'the demo city has cases in this hall and in others')
  try {
    await browser.deleteSession().catch(() => {})
    await startSession()
    // The server refuses a wrong password; the login screen says so.
    await login('clerk', 'wrong-password')
    const message = await browser.$('.el-message--error')
    await message.waitForDisplayed({ timeout: 20000 })
    assert.match(await message.getText(), /用户名或密码错误，或该账号已停用/)
    await startOnLogin()
    await login('clerk', 'Demo@2026')
    await (await $('item-search')).waitForDisplayed({ timeout: 20000 })
    assert.equal(await (await $('user-name')).getText(), '李敏')
    // The clerk's session is the clerk's own: the database shows this hall's cases, not another's.
    assert.equal(await commandOutcome('get_case', { number: ownHall }), 'ok')
    assert.equal(await commandOutcome('get_case', { number: elsewhere }), 'not_found')
    // Unlocking signs in again: a wrong password is refused by the server, the right one unlocks.
    await (await $('lock-now')).click()
    const lock = await $('lock-screen')
    await lock.waitForDisplayed({ timeout: 10000 })
    await fill('lock-password', 'wrong-password')
    await browser.keys('Enter')
    const error = await $('lock-error')
    await error.waitForDisplayed({ timeout: 20000 })
    assert.match(await error.getText(), /用户名或密码错误/)
    await (await $('lock-password')).clearValue()
    await fill('lock-password', 'Demo@2026')
    await (await $('lock-unlock')).click()
    await lock.waitForDisplayed({ timeout: 20000, reverse: true })
    assert.equal(await commandOutcome('get_case', { number: ownHall }), 'ok')
    await logout()
    // Signed out, the station holds no session: nothing is served.
    assert.equal(await commandOutcome('get_case', { number: ownHall }), 'unauthenticated')

    // The market reviewer works the department's queue under their own role.
    await login('reviewer', 'Demo@2026')
    await (await $('department-queue')).waitForDisplayed({ timeout: 20000 })
    await browser.waitUntil(async () => (await $$('queue-row')).length > 0, { timeout: 20000 })
    const department = psql("SELECT d.code FROM users u JOIN departments d ON d.id = u.department_id WHERE u.username = 'reviewer'")
    const otherDepartment = psql(
      `SELECT c.number FROM cases c JOIN departments d ON d.id = c.department_id WHERE d.code <> '${department}' ORDER BY c.number LIMIT 1`,
    )
    assert.equal(await commandOutcome('get_case', { number: otherDepartment }), 'not_found')
    await shot('city-reviewer-queue.png')
    // A colleague claims a case at their own station: the database wakes this queue, which shows
    // the new holder without a click (a city station has no timer to fall back on).
    const colleague = psql(
      `SELECT u.username || '|' || u.display_name FROM users u JOIN departments d ON d.id = u.department_id WHERE d.code = '${department}' AND u.role = 'reviewer' AND u.username <> 'reviewer' ORDER BY u.username LIMIT 1`,
    ).split('|')
    let unclaimed = null
    for (const row of await $$('queue-row')) {
      if ((await row.getProperty('textContent')).includes('未认领')) {
        unclaimed = await row.getAttribute('data-number')
        break
      }
    }
    assert.ok(unclaimed && colleague[1], 'an unclaimed case on the page and a colleague to claim it')
    execFileSync(bin, ['--db', owner, 'case', 'claim', '--case', unclaimed, '--user', colleague[0]], {
      env: { ...process.env, ONEWINDOW_DATA_DIR: seeding },
    })
    const claimedRow = () => browser.$(`[data-testid="queue-row"][data-number="${unclaimed}"]`)
    await browser.waitUntil(async () => (await (await claimedRow()).getProperty('textContent')).includes(colleague[1]), {
      timeout: 10000,
      timeoutMsg: 'the queue did not follow the colleague’s claim',
    })
    await logout()
    // No password is written anywhere under the station's data directory.
    assert.doesNotMatch(readFileSync(join(dataDir, 'station.toml'), 'utf8'), /Demo@2026|password/)
  } finally {
    // The rest of the run is the hall's embedded database again.
    execFileSync('rm', ['-f', join(dataDir, 'station.toml')])
    await browser.deleteSession().catch(() => {})
    await startSession()
  }
})

test('no full identifier or phone number used in the whole run is in any log', async () => {
  const logs = join(dataDir, 'logs')
  const files = readdirSync(logs).map((f) => join(logs, f))
  assert.ok(files.some((f) => f.includes('onewindow-desktop')) && files.some((f) => /onewindow\.log/.test(f)), `the app and the CLI log: ${files}`)
  const text = [...files, join(dataDir, 'tauri-driver.log')].map((f) => readFileSync(f, 'utf8')).join('\n')
  assert.match(text, /command refused/, 'the errors the user saw are logged with their cause')
  // Every number the run used: those the tests typed (this file) and those stored (the demo and
  // what the run took in), identifiers and phones alike.
  const source = readFileSync(import.meta.filename, 'utf8')
  const typed = [...source.matchAll(/(?<![\dA-Za-z])(\d{17}[\dX]|1[3-9]\d{9})(?![\dA-Za-z])/g)].map((m) => m[1])
  const stored = sql(`SELECT id_number FROM applicants UNION SELECT phone FROM applicants WHERE phone IS NOT NULL
    UNION SELECT agent_id_number FROM cases WHERE agent_id_number IS NOT NULL
    UNION SELECT receiver_phone FROM shipments WHERE receiver_phone IS NOT NULL`).split('\n')
  const used = [...new Set([...typed, ...stored])].filter((n) => n.length >= 11)
  assert.ok(used.length > 100, `the run used ${used.length} numbers`)
  const found = used.filter((n) => text.includes(n))
  assert.deepEqual(found, [], 'unmasked in a log')
})

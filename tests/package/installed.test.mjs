// The installed package: the app from /usr/bin, started away from any source tree, reaches the
// login screen on a fresh data directory that it seeds with the demo; the CLI on PATH reads the
// same database. Run by `./x test` after `apt install ./onewindow_*.deb`.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, openSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { remote } from 'webdriverio'

const application = '/usr/bin/onewindow-desktop'
const dataDir = mkdtempSync(join(tmpdir(), 'onewindow-installed-'))
let driver
let browser

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => ok(port))
    })
  })
}

after(async () => {
  await browser?.deleteSession().catch(() => {})
  try {
    process.kill(-driver.pid, 'SIGKILL')
  } catch {
    // already gone
  }
  setTimeout(() => process.exit(), 1000).unref()
})

test('the installed app starts to the login screen on a fresh station, and the CLI on PATH reads its database', async () => {
  assert.ok(existsSync(application), 'the package installed the app')
  const port = await freePort()
  const log = openSync(join(dataDir, 'tauri-driver.log'), 'a')
  // From an empty folder: nothing of the source tree is at hand.
  driver = spawn('tauri-driver', ['--port', String(port), '--native-port', String(await freePort())], {
    cwd: dataDir,
    env: { ...process.env, ONEWINDOW_DATA_DIR: dataDir },
    stdio: ['ignore', log, log],
    detached: true,
  })
  const until = Date.now() + 20000
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error('tauri-driver did not start')
    await new Promise((r) => setTimeout(r, 200))
  }
  browser = await remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'warn',
    capabilities: { browserName: 'wry', 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application } },
  })
  const username = await browser.$('[data-testid="login-username"]')
  await username.waitForDisplayed({ timeout: 60000 })
  assert.match(await browser.getTitle(), /一窗通/)
  // The demo was seeded into the station's own data directory, which the CLI reads too.
  assert.ok(existsSync(join(dataDir, 'onewindow.db')))
  const search = execFileSync('onewindow', ['--db', join(dataDir, 'onewindow.db'), 'catalog', 'search', 'gtgsh']).toString()
  assert.match(search, /个体工商户设立登记/)
})

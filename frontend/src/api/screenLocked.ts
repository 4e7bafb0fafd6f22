// Where ipc.ts reports a command the backend refused because the screen is locked, and the session
// store listens. The API layer so needs no store (the stores import the API).
let listener: () => void = () => {}

/** `handler` is called for every refusal from now on (in place of the previous handler). */
export function onScreenLocked(handler: () => void): void {
  listener = handler
}

export function reportScreenLocked(): void {
  listener()
}

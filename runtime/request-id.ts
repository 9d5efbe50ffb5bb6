/**
 * Request ids. Nutanix uses `NTNX-Request-Id` as an idempotency key: a POST
 * retried with the same id is executed once. So the id is fixed once per
 * logical call, before the first attempt, and reused by every retry.
 */

/** A random UUID v4. */
export function newRequestId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // Old runtimes without randomUUID: build a v4 UUID from getRandomValues.
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The request id for one logical call: the caller's value for the operation's
 * request-id header if given, else a new UUID. Returned whether or not the
 * operation declares such a header (it is then only used in logs and errors).
 */
export function resolveRequestId(headerName: string | undefined, headers: Readonly<Record<string, unknown>> | undefined, extra?: Readonly<Record<string, string>>): string {
  if (headerName) {
    const lower = headerName.toLowerCase();
    for (const source of [extra, headers]) {
      if (!source) continue;
      for (const [k, v] of Object.entries(source)) {
        if (k.toLowerCase() === lower && v !== undefined && v !== null && v !== '') return String(v);
      }
    }
  }
  return newRequestId();
}

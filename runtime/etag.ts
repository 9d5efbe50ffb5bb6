/**
 * ETags ride along with the models read by a GET, so that a later update can
 * send `If-Match` without the caller copying headers around. They are kept in
 * a WeakMap (never in the object itself) so they never show up in JSON, in
 * `toJSON()`, or in equality checks, and they vanish with the object.
 */

const etags = new WeakMap<object, string>();

/**
 * The ETag of a value: a string is taken as the ETag itself; an object returns
 * the ETag the runtime attached when it was read (or a `$reserved.ETag` the
 * server put into the model). `undefined` when there is none.
 */
export function etagOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const attached = etags.get(value);
  if (attached) return attached;
  const reserved = (value as { $reserved?: unknown }).$reserved;
  if (typeof reserved === 'object' && reserved !== null) {
    const tag = (reserved as Record<string, unknown>)['ETag'] ?? (reserved as Record<string, unknown>)['etag'];
    if (typeof tag === 'string' && tag) return tag;
  }
  return undefined;
}

/** Attach `etag` to `value` (objects only) and return `value`, e.g. to carry an ETag onto a copied model. */
export function withEtag<T>(value: T, etag: string | undefined): T {
  if (etag && typeof value === 'object' && value !== null) etags.set(value, etag);
  return value;
}

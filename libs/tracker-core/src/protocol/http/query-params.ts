import { ClientError } from '../../errors/client-error.js';

/**
 * Walks `name=value` pairs of a raw query string without decoding or allocating a list.
 * Names are matched undecoded (clients never escape them). Calls `onParam` with the
 * handler registered for the name and the value's bounds; unknown names are skipped. A
 * known name seen twice is a client error unless `repeatable` lists it.
 */
export function forEachParam<H>(
  raw: string,
  handlers: ReadonlyMap<string, H>,
  onParam: (handler: H, start: number, end: number) => void,
  repeatable?: ReadonlySet<string>,
): void {
  const seen = new Set<string>();
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = raw.length;
    if (end > start) {
      let eq = raw.indexOf('=', start);
      if (eq === -1 || eq > end) eq = end;
      const name = raw.slice(start, eq);
      const handler = handlers.get(name);
      if (handler !== undefined) {
        if (seen.has(name) && !repeatable?.has(name)) {
          throw new ClientError(`repeated parameter: ${name}`, 'repeated_param');
        }
        seen.add(name);
        onParam(handler, eq === end ? end : eq + 1, end);
      }
    }
    start = end + 1;
  }
}

export function invalidParam(name: string, why: string): ClientError {
  return new ClientError(`invalid ${name}: ${why}`, `invalid_${name}`);
}

export function missingParam(name: string): ClientError {
  return new ClientError(`missing ${name}`, `invalid_${name}`);
}

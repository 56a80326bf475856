/**
 * The value kept under `key`, made on first use. The caller owns the map and bounds it (clears it, or
 * keys it by something finite). `undefined` is kept too: a lookup that found nothing is not repeated.
 */
export function getOrMake<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  if (map.has(key)) return map.get(key) as V;
  const made = make();
  map.set(key, made);
  return made;
}

/** Every zone the browser knows, and the one already chosen even if this browser does not know it. */
export function timeZones(current: string | null): string[] {
  const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  if (current) zones.add(current);
  return [...zones];
}

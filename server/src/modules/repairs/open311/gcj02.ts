/**
 * GCJ-02 (the offset datum WeChat's wx.getLocation and Chinese maps use) to WGS84 (what Open311
 * and every GPS expects). GCJ-02 is WGS84 plus a published, smooth offset inside mainland China
 * (none outside it); the inverse has no closed form, so it is found by fixed-point iteration on the
 * forward offset, which converges to well under a metre in a few steps.
 */
const A = 6378245.0; // Krasovsky 1940 semi-major axis, as the datum defines it
const EE = 0.006693421622965943; // its first eccentricity squared

function outsideChina(lat: number, lng: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function offsetLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS84 → GCJ-02: what a Chinese map shows for a true position. */
export function wgs84ToGcj02(lat: number, lng: number): { lat: number; lng: number } {
  if (outsideChina(lat, lng)) return { lat, lng };
  const dLat0 = offsetLat(lng - 105, lat - 35);
  const dLng0 = offsetLng(lng - 105, lat - 35);
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLat0 * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (dLng0 * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: lat + dLat, lng: lng + dLng };
}

/** GCJ-02 → WGS84, to about 1e-7 degrees (1 cm). */
export function gcj02ToWgs84(lat: number, lng: number): { lat: number; lng: number } {
  if (outsideChina(lat, lng)) return { lat, lng };
  let guess = { lat, lng };
  for (let i = 0; i < 10; i++) {
    const there = wgs84ToGcj02(guess.lat, guess.lng);
    const dLat = there.lat - lat;
    const dLng = there.lng - lng;
    guess = { lat: guess.lat - dLat, lng: guess.lng - dLng };
    if (Math.abs(dLat) < 1e-9 && Math.abs(dLng) < 1e-9) break;
  }
  return guess;
}

import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02';

describe('GCJ-02 ↔ WGS84', () => {
  it('moves a point in Beijing by the datum offset (a few hundred metres), and back to within a centimetre', () => {
    const wgs = { lat: 39.908722, lng: 116.397499 }; // Tiananmen, as GPS reads it
    const gcj = wgs84ToGcj02(wgs.lat, wgs.lng);
    // The published offset there is about +0.0014° latitude and +0.0062° longitude.
    expect(gcj.lat - wgs.lat).toBeGreaterThan(0.001);
    expect(gcj.lat - wgs.lat).toBeLessThan(0.002);
    expect(gcj.lng - wgs.lng).toBeGreaterThan(0.0055);
    expect(gcj.lng - wgs.lng).toBeLessThan(0.007);
    const back = gcj02ToWgs84(gcj.lat, gcj.lng);
    expect(Math.abs(back.lat - wgs.lat)).toBeLessThan(1e-7);
    expect(Math.abs(back.lng - wgs.lng)).toBeLessThan(1e-7);
  });

  it('leaves points outside mainland China as they are', () => {
    expect(gcj02ToWgs84(51.5007, -0.1246)).toEqual({ lat: 51.5007, lng: -0.1246 });
  });
});

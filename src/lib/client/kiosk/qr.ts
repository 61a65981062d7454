// A QR code of the case number, drawn locally as one SVG path: no network, no canvas.
import { encode } from 'uqr';

export function qrPath(text: string): { size: number; d: string } {
  const qr = encode(text, { ecc: 'M', border: 2 });
  let d = '';
  qr.data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return { size: qr.size, d };
}

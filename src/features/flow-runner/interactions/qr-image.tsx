import { useEffect, useState } from 'react';

/** A QR code of a URL, drawn by the qrcode package into a data: image (never injected as HTML). */
export function QrImage({ value, size = 200 }: { value: string; size?: number }) {
  const [image, setImage] = useState<{ value: string; src?: string; error?: string }>({ value });
  useEffect(() => {
    let active = true;
    // The encoder loads with the first device code, not with every flow page.
    import('qrcode')
      .then(({ default: QRCode }) =>
        QRCode.toDataURL(value, { margin: 1, width: size, errorCorrectionLevel: 'M' }),
      )
      .then(
        (src) => {
          if (active) setImage({ value, src });
        },
        (error: unknown) => {
          if (active) setImage({ value, error: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      active = false;
    };
  }, [value, size]);
  if (image.value !== value || (!image.src && !image.error)) return null;
  if (image.error) return <p className="text-sm">Could not draw the QR code: {image.error}</p>;
  return (
    <img
      src={image.src}
      width={size}
      height={size}
      alt={`QR code that opens ${value}`}
      className="rounded border border-slate-300 bg-white p-1"
    />
  );
}

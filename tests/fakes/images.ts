/**
 * Small images and impostors for the image proxy's tests: real 1×1 PNG and JPEG files, the first
 * bytes of the other formats (the proxy looks at nothing else), and bodies that must never pass
 * for an image.
 */

/** A 1×1 transparent PNG. */
export const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

/** A 1×1 grey baseline JPEG. */
export const JPEG_1X1 = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

export const GIF_HEADER = Buffer.concat([Buffer.from("GIF89a", "ascii"), Buffer.from([1, 0, 1, 0, 0x80, 0, 0])]);

export const WEBP_HEADER = Buffer.concat([Buffer.from("RIFF", "ascii"), Buffer.from([26, 0, 0, 0]), Buffer.from("WEBPVP8L", "ascii"), Buffer.alloc(14)]);

/** An ISO-BMFF `ftyp` box of `size` bytes with the given brands (major first, then compatible ones). */
export function ftypBox(major: string, compatible: string[]): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write("ftyp", 4, "ascii");
  box.write(major, 8, "ascii");
  box.writeUInt32BE(0, 12);
  compatible.forEach((brand, index) => box.write(brand, 16 + 4 * index, "ascii"));
  box.write("meta", size + 4, "ascii");
  return box;
}

export const AVIF_HEADER = ftypBox("avif", ["mif1", "miaf", "avif"]);

/** Script in an image's clothes: an SVG. */
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(document.cookie)</script></svg>', "utf8");

export const HTML_PAGE = Buffer.from("<!doctype html><html><body><script>alert(1)</script></body></html>", "utf8");

/**
 * The image formats the portal serves from feed items (docs/decisions/022), recognised by their
 * first bytes, never by what the sending server says: a Content-Type is one header away from a lie,
 * and an HTML page or an SVG (which can carry script) labelled `image/png` must not be served as one.
 * SVG is never accepted, whatever it is labelled. Five signatures do not justify a dependency.
 */

export const SERVED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;
export type ServedImageType = (typeof SERVED_IMAGE_TYPES)[number];

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (bytes.length < offset + length) return "";
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/**
 * AVIF is an ISO-BMFF file: a first box `ftyp` whose major or compatible brands name `avif` (a still
 * image) or `avis` (a sequence). HEIC and other HEIF files share the box but not the brands.
 */
function isAvif(bytes: Uint8Array): boolean {
  if (ascii(bytes, 4, 4) !== "ftyp") return false;
  const boxSize = ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!;
  // major brand (8..12), minor version (12..16), then compatible brands to the end of the box.
  const end = Math.min(boxSize, bytes.length, 4096);
  if (boxSize < 16) return false;
  for (let offset = 8; offset + 4 <= end; offset += offset === 8 ? 8 : 4) {
    const brand = ascii(bytes, offset, 4);
    if (brand === "avif" || brand === "avis") return true;
  }
  return false;
}

/** The served type of `bytes`, or null when they are none of the five formats. */
export function detectImageType(bytes: Uint8Array): ServedImageType | null {
  if (startsWith(bytes, PNG)) return "image/png";
  // A JPEG starts with SOI (FF D8) and the first marker's FF.
  if (startsWith(bytes, JPEG)) return "image/jpeg";
  const gif = ascii(bytes, 0, 6);
  if (gif === "GIF87a" || gif === "GIF89a") return "image/gif";
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return "image/webp";
  if (isAvif(bytes)) return "image/avif";
  return null;
}

/**
 * Whether the sender's Content-Type may go with an image: an `image/…` type other than SVG, a
 * generic binary type, or none at all. A declared HTML, XML, JSON or SVG body is refused before its
 * bytes are looked at; the bytes decide for everything else.
 */
export function isPlausibleImageContentType(contentType: string | null): boolean {
  if (contentType === null) return true;
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  if (mediaType === "" || mediaType === "application/octet-stream" || mediaType === "binary/octet-stream") return true;
  return mediaType.startsWith("image/") && !mediaType.includes("svg");
}

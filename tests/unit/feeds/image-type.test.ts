import { detectImageType, isPlausibleImageContentType } from "~/modules/feeds/image-type";
import { AVIF_HEADER, ftypBox, GIF_HEADER, HTML_PAGE, JPEG_1X1, PNG_1X1, SVG, WEBP_HEADER } from "../../fakes/images";

describe("detectImageType", () => {
  it.each([
    ["a PNG", PNG_1X1, "image/png"],
    ["a JPEG", JPEG_1X1, "image/jpeg"],
    ["a GIF89a", GIF_HEADER, "image/gif"],
    ["a GIF87a", Buffer.from("GIF87a\u0001\u0000\u0001\u0000", "latin1"), "image/gif"],
    ["a WebP", WEBP_HEADER, "image/webp"],
    ["an AVIF", AVIF_HEADER, "image/avif"],
    ["an AVIF whose major brand is mif1", ftypBox("mif1", ["miaf", "avif"]), "image/avif"],
    ["an AVIF sequence", ftypBox("avis", ["msf1", "avis"]), "image/avif"],
  ])("recognises %s by its first bytes", (_name, bytes, type) => {
    expect(detectImageType(bytes)).toBe(type);
  });

  it.each([
    ["an SVG", SVG],
    ["an SVG with an XML declaration", Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')],
    ["an HTML page", HTML_PAGE],
    ["an empty body", Buffer.alloc(0)],
    ["a PNG cut after three bytes", PNG_1X1.subarray(0, 3)],
    ["a RIFF file that is not WebP (WAV)", Buffer.concat([Buffer.from("RIFF\u0000\u0000\u0000\u0000WAVEfmt ", "latin1")])],
    ["a HEIC photo (HEIF without the AVIF brands)", ftypBox("heic", ["mif1", "heic"])],
    ["an MP4 video", ftypBox("isom", ["isom", "iso2", "mp41"])],
    ["an ftyp box that claims to be shorter than its header", Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from("ftypavif", "ascii")])],
    ["text", Buffer.from("GIF is a format\n")],
  ])("refuses %s", (_name, bytes) => {
    expect(detectImageType(bytes)).toBeNull();
  });
});

describe("isPlausibleImageContentType", () => {
  it.each([null, "image/png", "image/jpeg; charset=binary", "IMAGE/WEBP", "application/octet-stream", "binary/octet-stream", ""])("lets the bytes decide for %j", (type) => {
    expect(isPlausibleImageContentType(type)).toBe(true);
  });

  it.each(["image/svg+xml", "text/html; charset=utf-8", "application/xml", "application/json", "text/plain"])("refuses %s before looking at the bytes", (type) => {
    expect(isPlausibleImageContentType(type)).toBe(false);
  });
});

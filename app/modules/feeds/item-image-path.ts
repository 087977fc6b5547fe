/**
 * Where a feed item's image is served from: the portal's own origin, through the image proxy
 * (server/item-image-proxy.ts, docs/decisions/022). Pages never put a feed's image address in an
 * `<img>`: the CSP allows only same-origin images, and the image's host would learn who reads what.
 * Plain `.ts`: route components import it.
 */
export const ITEM_IMAGE_PATH_PREFIX = "/feed/images/";

/** `/feed/images/{itemId}`; render it only for an item that has an image_url. */
export function itemImagePath(itemId: string): string {
  return `${ITEM_IMAGE_PATH_PREFIX}${encodeURIComponent(itemId)}`;
}
